/**
 * What napix's `Store` and `Counter` share: their options.
 *
 * @module
 */
import { describe } from '../keys/bytes.js'
import { requireKnownOptions } from '../options/known.js'
import { Subspace } from '../subspace/index.js'
import type { JsonValue, ValueCodec } from '../codec/codec.js'

/**
 * Options of `new Store(...)` and `new Counter(...)`.
 * @example
 * ```ts
 * const options: NapixOptions<Uint8Array> = { subspace: new Subspace(['app']), codec: bytesCodec }
 * ```
 */
export interface NapixOptions<T = JsonValue> {
  /**
   * Where the collections (or counters) live; each is `subspace.subspace([name])`.
   * Default `new Subspace(['napix', 'store'])` for stores, `['napix', 'counter']` for counters.
   * @example
   * ```ts
   * new Store('users', { subspace: new Subspace(['my-app']) })
   * ```
   */
  subspace?: Subspace
  /**
   * How a store's values are encoded (stores only). Default `jsonCodec`.
   * @example
   * ```ts
   * new Store('avatars', { codec: bytesCodec })
   * ```
   */
  codec?: ValueCodec<T>
}

/** A string key. @internal */
export function requireKey(key: unknown, what: string): string {
  if (typeof key !== 'string') throw new TypeError(`${what}: key must be a string, got ${describe(key)}`)
  return key
}

/** The parent subspace (and codec) of napix options, which may have only the `known` keys. @internal */
export function parentOf(options: unknown, fallback: readonly string[], what: string, known: readonly string[]): { subspace: Subspace; codec?: unknown } {
  if (typeof options !== 'object' || options === null) throw new TypeError(`${what}: options must be an object, got ${describe(options)}`)
  const { subspace = new Subspace(fallback), codec } = requireKnownOptions(what, options as NapixOptions<unknown>, known)
  if (!(subspace instanceof Subspace)) throw new TypeError(`${what}: subspace must be a Subspace, got ${describe(subspace)}`)
  return { subspace, codec }
}

