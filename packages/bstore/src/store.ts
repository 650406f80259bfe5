/**
 * The handle: {@link make} validates the options once and returns a frozen
 * {@link BStore}.
 *
 * @module
 */
import { ErrorCode, FoundError, Subspace, requireKnownOptions, type TupleItem } from '@foundkit/core'
import { HEADER_BYTES, type CompressionLevel } from './chunk-codec.js'
import { describeValue } from './ids.js'
import { Keys } from './layout.js'

/**
 * Options of {@link make}.
 *
 * @example
 * ```ts
 * const files = bstore.make('files', ['app', 'files'], { chunkSize: 32_768, compression: { level: 6 } })
 * ```
 */
export interface BStoreOptions {
  /**
   * Bytes of content per chunk (one key each). Default: 65,536, chosen by
   * measurement (docs/bstore.md). From 1,024 to 90,000, so that a chunk
   * stays under FoundationDB's 100,000-byte value limit even when it does
   * not compress. A blob keeps the chunk size it was written with.
   * @example
   * ```ts
   * bstore.make('files', ['files'], { chunkSize: 16_384 })
   * ```
   */
  readonly chunkSize?: number
  /**
   * zlib compression of each chunk (kept only when it makes the chunk
   * smaller), `{ level }` from 0 to 9, or `false` for none. Default:
   * `{ level: 3 }` (measured: as fast as level 1 with fflate, 5% smaller;
   * docs/bstore.md).
   * @example
   * ```ts
   * bstore.make('media', ['media'], { compression: false }) // already-compressed files
   * ```
   */
  readonly compression?:
    | {
        /** The zlib level, 0 (store) to 9 (smallest). Default: 3. */
        readonly level?: number
      }
    | false
  /**
   * How many stored bytes `put` writes per transaction while staging a
   * large blob. Default: 4,000,000 (under FoundationDB's 10 MB transaction
   * limit, with room to spare). From 100,000 to 9,000,000.
   * @example
   * ```ts
   * bstore.make('files', ['files'], { transactionBytes: 1_000_000 })
   * ```
   */
  readonly transactionBytes?: number
  /**
   * `remove` deletes the chunks of a blob whose last reference it drops in
   * its own transaction when the blob has at most this many chunks; a larger
   * blob disappears at once (its record goes) and {@link gc} deletes its
   * chunks later. Default: 10,000.
   * @example
   * ```ts
   * bstore.make('files', ['files'], { removeChunkLimit: 1_000 })
   * ```
   */
  readonly removeChunkLimit?: number
}

/**
 * A blob store: its name, where its keys live, and its options with the
 * defaults filled in. Made by {@link make}; frozen; holds no connection, so
 * it can live in a module constant and be used with any database.
 *
 * @example
 * ```ts
 * const files: BStore = bstore.make('files', ['app', 'files'])
 * files.options.chunkSize // 65536
 * ```
 */
export interface BStore {
  /** The store's name, used in messages. */
  readonly name: string
  /** The subspace every key of the store lies in. */
  readonly subspace: Subspace
  /** The options, defaults filled in. */
  readonly options: Readonly<Required<Omit<BStoreOptions, 'compression'>>> & {
    /** The zlib level, or null when compression is off. */
    readonly compressionLevel: number | null
  }
  /** The store's keys. @internal */
  readonly keys: Keys
}

/** The defaults of {@link BStoreOptions}. @internal */
export const DEFAULTS = Object.freeze({
  chunkSize: 65_536,
  compressionLevel: 3,
  transactionBytes: 4_000_000,
  removeChunkLimit: 10_000,
})

/** The largest chunk: content plus header stays under the 100,000-byte value limit. @internal */
export const MAX_CHUNK_SIZE = 90_000
const MIN_CHUNK_SIZE = 1_024
const OPTION_NAMES = ['chunkSize', 'compression', 'transactionBytes', 'removeChunkLimit'] as const

function requireInteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new TypeError(`bstore.make: ${name} must be an integer, got ${describeValue(value)}`)
  }
  if (value < min || value > max) {
    throw new FoundError(ErrorCode.invalidArgument, `bstore.make: ${name} must be from ${min} to ${max}, got ${value}`)
  }
  return value
}

function compressionLevelOf(compression: BStoreOptions['compression']): number | null {
  if (compression === undefined) return DEFAULTS.compressionLevel
  if (compression === false) return null
  if (typeof compression !== 'object' || compression === null) {
    throw new TypeError(`bstore.make: compression must be { level } or false, got ${describeValue(compression)}`)
  }
  const { level = DEFAULTS.compressionLevel } = requireKnownOptions('bstore.make: compression', compression, ['level'])
  return requireInteger(level, 'compression.level', 0, 9)
}

/**
 * Makes a blob store handle named `name` whose keys lie in `where`.
 *
 * @param name - the store's name, for messages (a non-empty string)
 * @param where - a `Subspace` (a directory is one) or the tuple items of its prefix
 * @param options - see {@link BStoreOptions}
 * @returns a frozen handle
 * @throws TypeError for arguments of the wrong type and unknown options;
 *   FoundError invalidArgument for an option out of range
 * @example
 * ```ts
 * import * as bstore from '@foundkit/bstore'
 * const files = bstore.make('files', ['app', 'files'])
 * const id = await bstore.put(db, files, Buffer.from('hello'))
 * ```
 */
export function make(name: string, where: Subspace | readonly TupleItem[], options?: BStoreOptions): BStore {
  if (typeof name !== 'string' || name === '') throw new TypeError(`bstore.make: name must be a non-empty string, got ${describeValue(name)}`)
  let subspace: Subspace
  if (where instanceof Subspace) subspace = where
  else if (Array.isArray(where)) subspace = new Subspace(where)
  else throw new TypeError(`bstore.make: where must be a Subspace or an array of tuple items, got ${describeValue(where)}`)
  const given = requireKnownOptions('bstore.make', options, OPTION_NAMES)
  const chunkSize = given.chunkSize === undefined ? DEFAULTS.chunkSize : requireInteger(given.chunkSize, 'chunkSize', MIN_CHUNK_SIZE, MAX_CHUNK_SIZE)
  const transactionBytes =
    given.transactionBytes === undefined ? DEFAULTS.transactionBytes : requireInteger(given.transactionBytes, 'transactionBytes', 100_000, 9_000_000)
  const removeChunkLimit =
    given.removeChunkLimit === undefined ? DEFAULTS.removeChunkLimit : requireInteger(given.removeChunkLimit, 'removeChunkLimit', 0, 1_000_000)
  const compressionLevel = compressionLevelOf(given.compression)
  return Object.freeze({
    name,
    subspace,
    options: Object.freeze({ chunkSize, compressionLevel, transactionBytes, removeChunkLimit }),
    keys: new Keys(subspace),
  })
}

/** The handle's compression level, typed for the codec. @internal */
export function levelOf(store: BStore): CompressionLevel | null {
  return store.options.compressionLevel as CompressionLevel | null
}

/** Checks a handle argument. @internal */
export function requireStore(store: unknown, what: string): BStore {
  if (typeof store !== 'object' || store === null || !((store as BStore).keys instanceof Keys)) {
    throw new TypeError(`${what}: the second argument must be a BStore made by bstore.make, got ${describeValue(store)}`)
  }
  return store as BStore
}

/** Bytes a chunk of `chunkSize` may take at most once stored (uncompressed, with its header). @internal */
export function maxStoredChunk(chunkSize: number): number {
  return chunkSize + HEADER_BYTES
}
