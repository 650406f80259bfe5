/**
 * The directory layer's path and option types, and the checks of the options.
 *
 * @module
 */
import { describe } from '../keys/bytes.js'
import { requireKnownOptions } from '../options/known.js'
import type { Subspace } from '../subspace/subspace.js'

/**
 * A directory path: an array of names from the root, or a single name (a
 * path of one element). Names are non-empty strings.
 *
 * @example
 * ```ts
 * const path: DirectoryPath = ['app', 'users']
 * const same: DirectoryPath = 'app' // ['app']
 * ```
 */
export type DirectoryPath = string | readonly string[]

/**
 * Options of `new DirectoryLayer(...)`.
 *
 * @example
 * ```ts
 * const options: DirectoryLayerOptions = { nodeSubspace: new Subspace([], Buffer.from([0x10, 0xfe])), contentSubspace: new Subspace([], Buffer.from([0x10])) }
 * const tenantDirectories = new DirectoryLayer(options)
 * ```
 */
export interface DirectoryLayerOptions {
  /**
   * Where directory metadata is kept (default: the raw prefix `\xfe`, as in
   * the official bindings).
   * @example
   * ```ts
   * new DirectoryLayer({ nodeSubspace: new Subspace([], Buffer.from([0x10, 0xfe])) })
   * ```
   */
  nodeSubspace?: Subspace
  /**
   * Where allocated prefixes go: each new directory's prefix is this
   * subspace's key followed by a short allocated byte string (default: the
   * empty prefix).
   * @example
   * ```ts
   * new DirectoryLayer({ nodeSubspace: new Subspace([], Buffer.from([0x10, 0xfe])), contentSubspace: new Subspace([], Buffer.from([0x10])) })
   * ```
   */
  contentSubspace?: Subspace
  /**
   * Whether {@link DirectoryLayer.create} may be given a `prefix` of the
   * caller's choice (default false).
   * @example
   * ```ts
   * const manual = new DirectoryLayer({ allowManualPrefixes: true })
   * await manual.create(tx, ['fixed'], { prefix: Buffer.from('F') })
   * ```
   */
  allowManualPrefixes?: boolean
}

/**
 * Options of {@link DirectoryLayer.open} and {@link DirectoryLayer.createOrOpen}.
 *
 * @example
 * ```ts
 * const options: DirectoryOpenOptions = { layer: Buffer.from('queue') }
 * await directory.open(tx, ['queues', 'mail'], options)
 * ```
 */
export interface DirectoryOpenOptions {
  /**
   * The layer: free-form bytes naming what the directory holds. A new
   * directory records it; an existing one must have been created with the
   * same bytes (empty or absent means "do not check"). The layer
   * `partition` makes a {@link DirectoryPartition}.
   * @example
   * ```ts
   * await directory.createOrOpen(tx, ['queues', 'mail'], { layer: Buffer.from('queue') })
   * ```
   */
  layer?: Uint8Array
}

/**
 * Options of {@link DirectoryLayer.create}.
 *
 * @example
 * ```ts
 * const options: DirectoryCreateOptions = { layer: Buffer.from('log') }
 * await directory.create(tx, ['app', 'logs'], options)
 * ```
 */
export interface DirectoryCreateOptions extends DirectoryOpenOptions {
  /**
   * The directory's prefix, instead of an allocated one. Only with
   * `allowManualPrefixes`; the prefix must not overlap any other
   * directory's (neither contain one nor be contained by one).
   * @example
   * ```ts
   * await new DirectoryLayer({ allowManualPrefixes: true }).create(tx, ['fixed'], { prefix: Buffer.from('F') })
   * ```
   */
  prefix?: Uint8Array
}

/** Checks the options of `createOrOpen`, `open` or `create` (`prefix` only when `allowPrefix`); an empty layer is null. @internal */
export function checkOptions(options: unknown, what: string, allowPrefix: boolean): { layer: Uint8Array | null; prefix: Uint8Array | null } {
  if (options === undefined) return { layer: null, prefix: null }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${what}: options must be an object, got ${describe(options)}`)
  }
  const { layer, prefix } = options as { layer?: unknown; prefix?: unknown }
  // `prefix` outside create gets its own message below; any other stray key is a typo.
  requireKnownOptions(what, options, prefix !== undefined || allowPrefix ? ['layer', 'prefix'] : ['layer'])
  if (layer !== undefined && !(layer instanceof Uint8Array)) {
    throw new TypeError(`${what}: layer must be a Uint8Array (or Buffer), got ${describe(layer)}`)
  }
  if (prefix !== undefined) {
    if (!allowPrefix) throw new TypeError(`${what}: takes no prefix option (only create does)`)
    if (!(prefix instanceof Uint8Array)) throw new TypeError(`${what}: prefix must be a Uint8Array (or Buffer), got ${describe(prefix)}`)
  }
  return {
    layer: layer === undefined || layer.length === 0 ? null : Buffer.from(layer),
    prefix: prefix === undefined ? null : Buffer.from(prefix),
  }
}
