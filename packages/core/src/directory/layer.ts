/**
 * The directory layer: {@link DirectoryLayer}, {@link DirectorySubspace},
 * {@link DirectoryPartition}. Same on-disk layout as FoundationDB's official
 * bindings (`fdb/directory_impl.py`, node-foundationdb's `directory.ts`).
 *
 * Layout, with the default node subspace `\xfe` and an empty content subspace:
 * - every directory has a node subspace `node(p) = \xfe + pack([p])`, where
 *   `p` is its content prefix; the root's is `node(\xfe)`;
 * - `node(parent) + pack([0, name])` → `p`: the subdirectory `name`;
 * - `node(p) + pack([b'layer'])` → the layer bytes (empty by default);
 * - `node(\xfe) + pack([b'version'])` → `(1, 0, 0)` as three little-endian uint32;
 * - `node(\xfe) + pack([b'hca', ...])`: the high-contention allocator's state.
 *
 * @module
 */
import { query } from '../api/query.js'
import { get } from '../api/reads.js'
import { requireTransaction, type Transaction } from '../api/transaction.js'
import { clear, set } from '../api/writes.js'
import { ErrorCode, FoundError } from '../errors.js'
import { describe, nextPrefix, type KeyRange } from '../keys/bytes.js'
import { startsWith, Subspace } from '../subspace/subspace.js'
import type { TupleItem } from '../tuple/index.js'
import { HighContentionAllocator } from './allocator.js'
import { formatPath, pathStartsWith, toPath } from './path.js'

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

/** The key holding a node's subdirectories: `node + pack([0, name])`. */
const SUBDIRS = 0
const VERSION: readonly [number, number, number] = [1, 0, 0]
const LAYER_KEY = Buffer.from('layer')
const VERSION_KEY = Buffer.from('version')
const HCA_KEY = Buffer.from('hca')
const EMPTY = Buffer.alloc(0)

/**
 * The layer bytes of a directory partition, `partition`.
 *
 * @example
 * ```ts
 * const tenant = await directory.create(tx, ['tenants', 'acme'], { layer: PARTITION_LAYER })
 * tenant instanceof DirectoryPartition // true
 * ```
 */
export const PARTITION_LAYER: Uint8Array = Buffer.from('partition')

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/** Paths of partitions' inner directory layers (the root layer's is empty). */
const layerPaths = new WeakMap<DirectoryLayer, readonly string[]>()

/** Content prefixes of directory subspaces (a partition's `key()` refuses to give it). */
const prefixes = new WeakMap<DirectorySubspace, Uint8Array>()

function prefixOf(dir: DirectorySubspace): Uint8Array {
  const prefix = prefixes.get(dir)
  if (prefix === undefined) throw new FoundError(ErrorCode.internalError, 'directory layer: a directory subspace without a prefix')
  return prefix
}

/** What {@link DirectoryLayer} found walking down a path. */
interface Found {
  /** The node's metadata subspace, or null when the path does not exist. */
  readonly node: Subspace | null
  /** The node's content prefix (when it exists). */
  readonly prefix: Uint8Array
  /** The leading part of `target` this node stands for. */
  readonly path: string[]
  /** The path looked for. */
  readonly target: string[]
  /** The node's layer (empty for the root). */
  readonly layer: Uint8Array
}

function checkOptions(options: unknown, what: string, allowPrefix: boolean): { layer: Uint8Array | null; prefix: Uint8Array | null } {
  if (options === undefined) return { layer: null, prefix: null }
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${what}: options must be an object, got ${describe(options)}`)
  }
  const { layer, prefix } = options as { layer?: unknown; prefix?: unknown }
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

/**
 * The directory layer: maps paths of names (`['app', 'users']`) to short
 * key prefixes allocated by the high-contention allocator, with the same
 * on-disk layout as FoundationDB's official bindings, so a directory made by
 * foundkit opens from Python, Java, Go or node-foundationdb and the other
 * way round.
 *
 * Every method takes the transaction first and runs inside it: call them from
 * {@link transactional} (or a manual transaction) along with your own reads
 * and writes. {@link directory} is the default instance (metadata under
 * `\xfe`, contents anywhere).
 *
 * @example
 * ```ts
 * const users = await transactional(db, (tx) => directory.createOrOpen(tx, ['app', 'users']))
 * await transactional(db, (tx) => set(tx, users.pack([42]), Buffer.from('Ada')))
 * ```
 */
export class DirectoryLayer {
  /**
   * Where directory metadata lives (default the raw prefix `\xfe`).
   * @example
   * ```ts
   * directory.nodeSubspace.key() // <fe>
   * ```
   */
  readonly nodeSubspace: Subspace
  /**
   * Where allocated prefixes go (default the empty prefix).
   * @example
   * ```ts
   * directory.contentSubspace.key() // <> (empty)
   * ```
   */
  readonly contentSubspace: Subspace
  /**
   * Whether {@link DirectoryLayer.create} accepts a `prefix` option.
   * @example
   * ```ts
   * new DirectoryLayer({ allowManualPrefixes: true }).allowManualPrefixes // true
   * ```
   */
  readonly allowManualPrefixes: boolean
  readonly #rootNode: Subspace
  readonly #allocator: HighContentionAllocator

  /**
   * @param options - `nodeSubspace`, `contentSubspace`, `allowManualPrefixes`
   * @throws TypeError for options of the wrong type
   * @example
   * ```ts
   * const dl = new DirectoryLayer() // the same as the default `directory`
   * const isolated = new DirectoryLayer({
   *   nodeSubspace: new Subspace([], Buffer.from([0x10, 0xfe])),
   *   contentSubspace: new Subspace([], Buffer.from([0x10])),
   * })
   * ```
   */
  constructor(options: DirectoryLayerOptions = {}) {
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      throw new TypeError(`new DirectoryLayer: options must be an object, got ${describe(options)}`)
    }
    const { nodeSubspace, contentSubspace, allowManualPrefixes = false } = options
    if (nodeSubspace !== undefined && !(nodeSubspace instanceof Subspace)) {
      throw new TypeError(`new DirectoryLayer: nodeSubspace must be a Subspace, got ${describe(nodeSubspace)}`)
    }
    if (contentSubspace !== undefined && !(contentSubspace instanceof Subspace)) {
      throw new TypeError(`new DirectoryLayer: contentSubspace must be a Subspace, got ${describe(contentSubspace)}`)
    }
    if (typeof allowManualPrefixes !== 'boolean') {
      throw new TypeError(`new DirectoryLayer: allowManualPrefixes must be a boolean, got ${describe(allowManualPrefixes)}`)
    }
    this.nodeSubspace = nodeSubspace ?? new Subspace([], Buffer.from([0xfe]))
    this.contentSubspace = contentSubspace ?? new Subspace()
    this.allowManualPrefixes = allowManualPrefixes
    // The root node is the node whose content prefix is the node subspace itself.
    this.#rootNode = this.nodeSubspace.subspace([this.nodeSubspace.key()])
    this.#allocator = new HighContentionAllocator(this.#rootNode.subspace([HCA_KEY]))
  }

  /**
   * The path this layer's paths are relative to: empty for a top-level layer,
   * the partition's path for the layer inside a {@link DirectoryPartition}.
   *
   * @example
   * ```ts
   * directory.path // []
   * ```
   */
  get path(): readonly string[] {
    return layerPaths.get(this) ?? []
  }

  /**
   * Opens the directory at `path`, creating it (and its missing parents)
   * when it does not exist. With `layer`, an existing directory must have
   * been created with that layer, and a new one records it.
   *
   * @throws TypeError for a path or option of the wrong type
   * @throws FoundError (invalidArgument) for an empty path or name, or when
   *   the existing directory has another layer
   * @example
   * ```ts
   * const users = await transactional(db, (tx) => directory.createOrOpen(tx, ['app', 'users']))
   * ```
   */
  async createOrOpen(tx: Transaction, path: DirectoryPath, options?: DirectoryOpenOptions): Promise<DirectorySubspace> {
    const what = 'createOrOpen'
    requireTransaction(tx, what)
    const p = toPath(path, what)
    const { layer } = checkOptions(options, what, false)
    return this.#createOrOpen(tx, p, layer, null, true, true, what)
  }

  /**
   * Opens the existing directory at `path`. With `layer`, the directory must
   * have been created with that layer.
   *
   * @throws FoundError (notFound) when the directory does not exist;
   *   (invalidArgument) for an empty path or name, or another layer
   * @example
   * ```ts
   * const users = await transactional(db, (tx) => directory.open(tx, ['app', 'users']))
   * ```
   */
  async open(tx: Transaction, path: DirectoryPath, options?: DirectoryOpenOptions): Promise<DirectorySubspace> {
    const what = 'open'
    requireTransaction(tx, what)
    const p = toPath(path, what)
    const { layer } = checkOptions(options, what, false)
    return this.#createOrOpen(tx, p, layer, null, false, true, what)
  }

  /**
   * Creates the directory at `path` (and its missing parents). With
   * `layer`, records it; with `prefix` (only when `allowManualPrefixes`),
   * uses that prefix instead of allocating one.
   *
   * @throws FoundError (alreadyExists) when the directory exists, or when
   *   `prefix` overlaps another directory's; (invalidArgument) for an empty
   *   path or name, or a prefix when manual prefixes are not allowed
   * @example
   * ```ts
   * const logs = await transactional(db, (tx) => directory.create(tx, ['app', 'logs'], { layer: Buffer.from('log') }))
   * ```
   */
  async create(tx: Transaction, path: DirectoryPath, options?: DirectoryCreateOptions): Promise<DirectorySubspace> {
    const what = 'create'
    requireTransaction(tx, what)
    const p = toPath(path, what)
    const { layer, prefix } = checkOptions(options, what, true)
    return this.#createOrOpen(tx, p, layer, prefix, true, false, what)
  }

  /**
   * The names of the subdirectories of `path` (default the root), in key
   * order (the tuple order of their names).
   *
   * @throws FoundError (notFound) when the directory does not exist
   * @example
   * ```ts
   * await transactional(db, (tx) => directory.list(tx, ['app'])) // ['logs', 'users']
   * ```
   */
  async list(tx: Transaction, path: DirectoryPath = []): Promise<string[]> {
    const what = 'list'
    requireTransaction(tx, what)
    const p = toPath(path, what)
    await this.#checkVersion(tx, false)
    const found = await this.#find(tx, p)
    if (found.node === null) throw this.#notFound(what, p)
    if (this.#isInPartition(found, true)) {
      return this.#partitionLayer(found).list(tx, found.target.slice(found.path.length))
    }
    const names: string[] = []
    const subdirs = found.node.subspace([SUBDIRS])
    const { begin, end } = subdirs.range()
    for await (const [key] of query(tx, begin, end)) {
      const [name] = subdirs.unpack(key)
      if (typeof name !== 'string') {
        throw new FoundError(ErrorCode.corruptData, `${what}: a subdirectory entry of ${formatPath(this.#full(p))} has a name that is not a string`)
      }
      names.push(name)
    }
    return names
  }

  /**
   * Whether a directory exists at `path` (the root always exists).
   *
   * @example
   * ```ts
   * await transactional(db, (tx) => directory.exists(tx, ['app', 'users'])) // true
   * ```
   */
  async exists(tx: Transaction, path: DirectoryPath = []): Promise<boolean> {
    const what = 'exists'
    requireTransaction(tx, what)
    const p = toPath(path, what)
    await this.#checkVersion(tx, false)
    const found = await this.#find(tx, p)
    if (found.node === null) return false
    if (this.#isInPartition(found)) return this.#partitionLayer(found).exists(tx, found.target.slice(found.path.length))
    return true
  }

  /**
   * Moves (renames) the directory at `oldPath` to `newPath`. Its prefix,
   * and so its contents, stay as they are; subdirectories move with it.
   * The parent of `newPath` must exist.
   *
   * @returns the directory at its new path
   * @throws FoundError (notFound) when `oldPath` or the parent of `newPath`
   *   does not exist; (alreadyExists) when `newPath` does; (invalidArgument)
   *   when `newPath` is `oldPath` or inside it, when moving the root, or
   *   across partitions
   * @example
   * ```ts
   * await transactional(db, (tx) => directory.move(tx, ['app', 'users'], ['app', 'accounts']))
   * ```
   */
  async move(tx: Transaction, oldPath: DirectoryPath, newPath: DirectoryPath): Promise<DirectorySubspace> {
    const what = 'move'
    requireTransaction(tx, what)
    const from = toPath(oldPath, what)
    const to = toPath(newPath, what)
    if (from.length === 0) throw new FoundError(ErrorCode.invalidArgument, `${what}: the root directory cannot be moved`)
    if (pathStartsWith(to, from)) {
      throw new FoundError(
        ErrorCode.invalidArgument,
        `${what}: cannot move ${formatPath(this.#full(from))} to ${formatPath(this.#full(to))}: the destination is the directory itself or inside it`,
      )
    }
    const hasVersion = await this.#checkVersion(tx, true)
    const oldNode = await this.#find(tx, from)
    const newNode = await this.#find(tx, to)
    if (oldNode.node === null) throw this.#notFound(what, from, 'the source directory')
    if (this.#isInPartition(oldNode) || this.#isInPartition(newNode)) {
      if (!this.#isInPartition(oldNode) || !this.#isInPartition(newNode) || formatPath(oldNode.path) !== formatPath(newNode.path)) {
        throw new FoundError(
          ErrorCode.invalidArgument,
          `${what}: cannot move ${formatPath(this.#full(from))} to ${formatPath(this.#full(to))}: directories cannot move between partitions`,
        )
      }
      return this.#partitionLayer(newNode).move(tx, oldNode.target.slice(oldNode.path.length), newNode.target.slice(newNode.path.length))
    }
    if (newNode.node !== null) {
      throw new FoundError(ErrorCode.alreadyExists, `${what}: the destination ${formatPath(this.#full(to))} already exists; remove it first`)
    }
    const parent = await this.#find(tx, to.slice(0, -1))
    if (parent.node === null) {
      throw new FoundError(
        ErrorCode.notFound,
        `${what}: the parent ${formatPath(this.#full(to.slice(0, -1)))} of the destination does not exist; create it first`,
      )
    }
    if (!hasVersion) this.#writeVersion(tx)
    set(tx, parent.node.pack([SUBDIRS, to[to.length - 1]!]), oldNode.prefix)
    await this.#removeFromParent(tx, from)
    return this.#contentsOf(oldNode.prefix, to, oldNode.layer)
  }

  /**
   * Moving the root is not possible: always fails.
   *
   * @throws FoundError (invalidArgument) always
   * @example
   * ```ts
   * await directory.moveTo(tx, ['elsewhere']) // throws
   * ```
   */
  async moveTo(tx: Transaction, newAbsolutePath: DirectoryPath): Promise<DirectorySubspace> {
    requireTransaction(tx, 'moveTo')
    toPath(newAbsolutePath, 'moveTo')
    throw new FoundError(ErrorCode.invalidArgument, 'moveTo: the root directory cannot be moved')
  }

  /**
   * Removes the directory at `path`: its contents (every key under its
   * prefix), its subdirectories and their contents, and its metadata.
   * Clients that still hold the directory open can keep writing under its
   * old prefix: stop them first.
   *
   * @throws FoundError (notFound) when the directory does not exist;
   *   (invalidArgument) for the root
   * @example
   * ```ts
   * await transactional(db, (tx) => directory.remove(tx, ['app', 'logs']))
   * ```
   */
  async remove(tx: Transaction, path: DirectoryPath = []): Promise<void> {
    requireTransaction(tx, 'remove')
    await this.#remove(tx, toPath(path, 'remove'), true, 'remove')
  }

  /**
   * {@link DirectoryLayer.remove} when the directory exists.
   *
   * @returns whether it existed (and was removed)
   * @throws FoundError (invalidArgument) for the root
   * @example
   * ```ts
   * const removed = await transactional(db, (tx) => directory.removeIfExists(tx, ['tmp']))
   * ```
   */
  async removeIfExists(tx: Transaction, path: DirectoryPath = []): Promise<boolean> {
    requireTransaction(tx, 'removeIfExists')
    return this.#remove(tx, toPath(path, 'removeIfExists'), false, 'removeIfExists')
  }

  /**
   * A readable form.
   *
   * @example
   * ```ts
   * String(directory) // 'DirectoryLayer(node=<fe>, content=<>)'
   * ```
   */
  toString(): string {
    const at = this.path.length === 0 ? '' : `, path=${formatPath([...this.path])}`
    return `DirectoryLayer(node=<${hex(this.nodeSubspace.key())}>, content=<${hex(this.contentSubspace.key())}>${at})`
  }

  // ---- implementation ----

  #full(path: readonly string[]): string[] {
    return [...this.path, ...path]
  }

  #notFound(what: string, path: readonly string[], subject = 'the directory'): FoundError {
    return new FoundError(ErrorCode.notFound, `${what}: ${subject} ${formatPath(this.#full(path))} does not exist`)
  }

  async #createOrOpen(
    tx: Transaction,
    path: string[],
    layer: Uint8Array | null,
    prefix: Uint8Array | null,
    allowCreate: boolean,
    allowOpen: boolean,
    what: string,
  ): Promise<DirectorySubspace> {
    if (prefix !== null && !this.allowManualPrefixes) {
      throw new FoundError(
        ErrorCode.invalidArgument,
        this.path.length === 0
          ? `${what}: a prefix can be given only when the directory layer allows manual prefixes (allowManualPrefixes)`
          : `${what}: a prefix cannot be given inside a partition (${formatPath([...this.path])})`,
      )
    }
    if (path.length === 0) {
      throw new FoundError(ErrorCode.invalidArgument, `${what}: the root directory cannot be opened (it holds the metadata); give a path`)
    }
    await this.#checkVersion(tx, false)
    const existing = await this.#find(tx, path)
    if (existing.node !== null) {
      if (this.#isInPartition(existing)) {
        return this.#partitionLayer(existing).#createOrOpen(
          tx,
          existing.target.slice(existing.path.length),
          layer,
          prefix,
          allowCreate,
          allowOpen,
          what,
        )
      }
      if (!allowOpen) throw new FoundError(ErrorCode.alreadyExists, `${what}: the directory ${formatPath(this.#full(path))} already exists`)
      if (layer !== null && !sameBytes(existing.layer, layer)) {
        throw new FoundError(
          ErrorCode.invalidArgument,
          `${what}: the directory ${formatPath(this.#full(path))} was created with the layer <${hex(existing.layer)}> ` +
            `(${JSON.stringify(Buffer.from(existing.layer).toString('latin1'))}), not <${hex(layer)}>`,
        )
      }
      return this.#contentsOf(existing.prefix, path, existing.layer)
    }
    if (!allowCreate) throw this.#notFound(what, path)
    const hasVersion = await this.#checkVersion(tx, true)

    let newPrefix: Uint8Array
    if (prefix === null) {
      newPrefix = Buffer.concat([this.contentSubspace.key(), await this.#allocator.allocate(tx)])
      const inUse = await query(tx, newPrefix, nextPrefix(newPrefix), { limit: 1 }).toArray()
      if (inUse.length > 0) {
        throw new FoundError(
          ErrorCode.corruptData,
          `${what}: the database has keys under the prefix <${hex(newPrefix)}> the allocator chose for a new directory: ` +
            'keys were written outside any directory inside the content subspace',
        )
      }
      if (!(await this.#isPrefixFree(tx.snapshot(), newPrefix))) {
        throw new FoundError(
          ErrorCode.corruptData,
          `${what}: the allocated prefix <${hex(newPrefix)}> overlaps a manually chosen directory prefix`,
        )
      }
    } else {
      if (!(await this.#isPrefixFree(tx, prefix))) {
        throw new FoundError(
          ErrorCode.alreadyExists,
          `${what}: the prefix <${hex(prefix)}> is already in use (it is empty, or overlaps another directory's prefix or the metadata)`,
        )
      }
      newPrefix = prefix
    }

    if (!hasVersion) this.#writeVersion(tx)
    const parentNode =
      path.length > 1
        ? this.#nodeWithPrefix(prefixOf(await this.#createOrOpen(tx, path.slice(0, -1), null, null, true, true, what)))
        : this.#rootNode
    const node = this.#nodeWithPrefix(newPrefix)
    const newLayer = layer ?? EMPTY
    set(tx, parentNode.pack([SUBDIRS, path[path.length - 1]!]), newPrefix)
    set(tx, node.pack([LAYER_KEY]), newLayer)
    return this.#contentsOf(newPrefix, path, newLayer)
  }

  async #remove(tx: Transaction, path: string[], mustExist: boolean, what: string): Promise<boolean> {
    if (path.length === 0) throw new FoundError(ErrorCode.invalidArgument, `${what}: the root directory cannot be removed`)
    const hasVersion = await this.#checkVersion(tx, true)
    const found = await this.#find(tx, path)
    if (found.node === null) {
      if (mustExist) throw this.#notFound(what, path)
      return false
    }
    if (this.#isInPartition(found)) {
      return this.#partitionLayer(found).#remove(tx, found.target.slice(found.path.length), mustExist, what)
    }
    if (!hasVersion) this.#writeVersion(tx)
    await this.#removeRecursive(tx, found.node, found.prefix)
    await this.#removeFromParent(tx, path)
    return true
  }

  /** Clears a node's contents, its subdirectories (depth first) and its metadata. */
  async #removeRecursive(tx: Transaction, node: Subspace, prefix: Uint8Array): Promise<void> {
    for (const [, childPrefix] of await this.#subdirs(tx, node)) {
      await this.#removeRecursive(tx, this.#nodeWithPrefix(childPrefix), childPrefix)
    }
    clear(tx, prefix, nextPrefix(prefix))
    const { begin, end } = node.range()
    clear(tx, begin, end)
  }

  async #removeFromParent(tx: Transaction, path: string[]): Promise<void> {
    const parent = await this.#find(tx, path.slice(0, -1))
    if (parent.node !== null) clear(tx, parent.node.pack([SUBDIRS, path[path.length - 1]!]))
  }

  async #subdirs(tx: Transaction, node: Subspace): Promise<Array<[TupleItem, Uint8Array]>> {
    const subdirs = node.subspace([SUBDIRS])
    const { begin, end } = subdirs.range()
    const out: Array<[TupleItem, Uint8Array]> = []
    for await (const [key, value] of query(tx, begin, end)) out.push([subdirs.unpack(key)[0]!, value])
    return out
  }

  /**
   * Reads the layout version and refuses layouts newer than this code reads
   * (or, for `write`, writes). Returns whether the version key exists: an
   * operation that writes calls `#writeVersion` before its
   * first write when it does not (the official bindings write it up front;
   * writing it later leaves the same bytes and nothing when the operation fails).
   */
  async #checkVersion(tx: Transaction, write: boolean): Promise<boolean> {
    const value = await get(tx, this.#rootNode.pack([VERSION_KEY]))
    if (value === null) return false
    if (value.length !== 12) {
      throw new FoundError(ErrorCode.corruptData, `directory layer: the version key holds ${value.length} bytes, not 12`)
    }
    const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    const [major, minor, patch] = [b.readUInt32LE(0), b.readUInt32LE(4), b.readUInt32LE(8)]
    const mine = VERSION.join('.')
    if (major > VERSION[0]) {
      throw new FoundError(ErrorCode.unsupported, `directory layer: cannot read a directory of version ${major}.${minor}.${patch} with directory layer ${mine}`)
    }
    if (minor > VERSION[1] && write) {
      throw new FoundError(
        ErrorCode.unsupported,
        `directory layer: a directory of version ${major}.${minor}.${patch} is read-only for directory layer ${mine}`,
      )
    }
    return true
  }

  #writeVersion(tx: Transaction): void {
    const v = Buffer.alloc(12)
    v.writeUInt32LE(VERSION[0], 0)
    v.writeUInt32LE(VERSION[1], 4)
    v.writeUInt32LE(VERSION[2], 8)
    set(tx, this.#rootNode.pack([VERSION_KEY]), v)
  }

  /** Walks down `path`, stopping at a missing name or at a partition. */
  async #find(tx: Transaction, path: string[]): Promise<Found> {
    let node = this.#rootNode
    let prefix: Uint8Array = this.nodeSubspace.key()
    let layer: Uint8Array = EMPTY
    for (let i = 0; i < path.length; i++) {
      const child = await get(tx, node.pack([SUBDIRS, path[i]!]))
      if (child === null) return { node: null, prefix: EMPTY, path: path.slice(0, i + 1), target: path, layer: EMPTY }
      node = this.#nodeWithPrefix(child)
      prefix = child
      layer = (await get(tx, node.pack([LAYER_KEY]))) ?? EMPTY
      if (sameBytes(layer, PARTITION_LAYER)) return { node, prefix, path: path.slice(0, i + 1), target: path, layer }
    }
    return { node, prefix, path: path.slice(), target: path, layer }
  }

  #isInPartition(found: Found, includeEmptySubpath = false): boolean {
    return (
      found.node !== null &&
      sameBytes(found.layer, PARTITION_LAYER) &&
      (includeEmptySubpath || found.target.length > found.path.length)
    )
  }

  /** The directory layer inside the partition `found`. */
  #partitionLayer(found: Found): DirectoryLayer {
    return partitionLayer(found.prefix, this.#full(found.path))
  }

  #nodeWithPrefix(prefix: Uint8Array): Subspace {
    return this.nodeSubspace.subspace([prefix])
  }

  #contentsOf(prefix: Uint8Array, path: readonly string[], layer: Uint8Array): DirectorySubspace {
    const full = this.#full(path)
    if (sameBytes(layer, PARTITION_LAYER)) return new DirectoryPartition(full, prefix, this)
    return new DirectorySubspace(full, prefix, this, layer)
  }

  /** The node whose prefix is a prefix of `key`, if any (the root for keys in the node subspace). */
  async #nodeContaining(tx: Transaction, key: Uint8Array): Promise<boolean> {
    if (startsWith(key, this.nodeSubspace.key())) return true
    const begin = this.nodeSubspace.range().begin
    const end = Buffer.concat([this.nodeSubspace.pack([key]), Buffer.from([0])])
    const [last] = await query(tx, begin, end, { limit: 1, reverse: true }).toArray()
    if (last === undefined) return false
    const [previous] = this.nodeSubspace.unpack(last[0])
    return previous instanceof Uint8Array && startsWith(key, previous)
  }

  /**
   * Whether `prefix` neither contains nor is contained in any directory's
   * prefix (nor the metadata's): the official `_is_prefix_free`.
   */
  async #isPrefixFree(tx: Transaction, prefix: Uint8Array): Promise<boolean> {
    if (prefix.length === 0) return false
    if (await this.#nodeContaining(tx, prefix)) return false
    // A node whose prefix starts with `prefix`: node keys in [node(prefix), node(strinc(prefix))).
    let inside: Uint8Array | null
    try {
      inside = nextPrefix(prefix)
    } catch {
      inside = null // only 0xff bytes: every longer prefix sorts after node(prefix)
    }
    const begin = this.nodeSubspace.pack([prefix])
    const end = inside === null ? this.nodeSubspace.range().end : this.nodeSubspace.pack([inside])
    const rows = await query(tx, begin, end, { limit: 1 }).toArray()
    return rows.length === 0
  }
}

function partitionLayer(prefix: Uint8Array, path: readonly string[]): DirectoryLayer {
  const inner = new DirectoryLayer({
    nodeSubspace: new Subspace([], Buffer.concat([prefix, Buffer.from([0xfe])])),
    contentSubspace: new Subspace([], prefix),
  })
  layerPaths.set(inner, Object.freeze([...path]))
  return inner
}

/**
 * The contents of a directory: a {@link Subspace} at the directory's prefix,
 * which also remembers the path it was opened at and its layer, and offers
 * the directory operations relative to itself (`users.createOrOpen(tx,
 * 'admins')` opens `[...users.path, 'admins']`).
 *
 * Made by {@link DirectoryLayer} (`createOrOpen`, `open`, `create`, `move`);
 * it stays valid across transactions, until the directory is removed.
 *
 * @example
 * ```ts
 * const users = await transactional(db, (tx) => directory.createOrOpen(tx, ['app', 'users']))
 * users.path                     // ['app', 'users']
 * await transactional(db, async (tx) => {
 *   set(tx, users.pack([42, 'name']), Buffer.from('Ada'))
 *   const admins = await users.createOrOpen(tx, 'admins') // ['app', 'users', 'admins']
 * })
 * ```
 */
export class DirectorySubspace extends Subspace {
  /**
   * The directory's full path from the root (as it was opened or moved to).
   * @example
   * ```ts
   * (await directory.createOrOpen(tx, ['app', 'users'])).path // ['app', 'users']
   * ```
   */
  readonly path: readonly string[]
  readonly #layer: Uint8Array
  /** The directory layer `path` is relative to (inside a partition: the partition's own). */
  readonly #directoryLayer: DirectoryLayer
  /** For a partition: the directory layer that holds the partition itself. */
  readonly #parentLayer: DirectoryLayer | null

  /** @internal Made by {@link DirectoryLayer}. */
  constructor(
    path: readonly string[],
    prefix: Uint8Array,
    directoryLayer: DirectoryLayer,
    layer: Uint8Array,
    parentLayer: DirectoryLayer | null = null,
  ) {
    super([], prefix)
    this.path = Object.freeze([...path])
    this.#layer = Buffer.from(layer)
    this.#directoryLayer = directoryLayer
    this.#parentLayer = parentLayer
    prefixes.set(this, Buffer.from(prefix))
  }

  /**
   * The directory's layer bytes (a copy; empty when none was given).
   *
   * @example
   * ```ts
   * const q = await directory.createOrOpen(tx, ['q'], { layer: Buffer.from('queue') })
   * Buffer.from(q.layer).toString() // 'queue'
   * ```
   */
  get layer(): Uint8Array {
    return Buffer.from(this.#layer)
  }

  /**
   * {@link DirectoryLayer.createOrOpen} of `subpath` inside this directory.
   *
   * @example
   * ```ts
   * const admins = await users.createOrOpen(tx, ['admins'])
   * ```
   */
  async createOrOpen(tx: Transaction, subpath: DirectoryPath, options?: DirectoryOpenOptions): Promise<DirectorySubspace> {
    return this.#directoryLayer.createOrOpen(tx, this.#subpath(subpath, 'createOrOpen'), options)
  }

  /**
   * {@link DirectoryLayer.open} of `subpath` inside this directory.
   *
   * @example
   * ```ts
   * const admins = await users.open(tx, 'admins')
   * ```
   */
  async open(tx: Transaction, subpath: DirectoryPath, options?: DirectoryOpenOptions): Promise<DirectorySubspace> {
    return this.#directoryLayer.open(tx, this.#subpath(subpath, 'open'), options)
  }

  /**
   * {@link DirectoryLayer.create} of `subpath` inside this directory.
   *
   * @example
   * ```ts
   * const archive = await users.create(tx, 'archive', { layer: Buffer.from('archive') })
   * ```
   */
  async create(tx: Transaction, subpath: DirectoryPath, options?: DirectoryCreateOptions): Promise<DirectorySubspace> {
    return this.#directoryLayer.create(tx, this.#subpath(subpath, 'create'), options)
  }

  /**
   * The names of the subdirectories of this directory (or of `subpath` inside it).
   *
   * @example
   * ```ts
   * await users.list(tx) // ['admins', 'archive']
   * ```
   */
  async list(tx: Transaction, subpath: DirectoryPath = []): Promise<string[]> {
    return this.#directoryLayer.list(tx, this.#subpath(subpath, 'list'))
  }

  /**
   * Whether this directory (or `subpath` inside it) exists.
   *
   * @example
   * ```ts
   * await users.exists(tx)           // true until removed
   * await users.exists(tx, 'admins') // whether ['app', 'users', 'admins'] exists
   * ```
   */
  async exists(tx: Transaction, subpath: DirectoryPath = []): Promise<boolean> {
    const sub = toPath(subpath, 'exists')
    const layer = this.#layerFor(sub)
    return layer.exists(tx, this.#subpath(sub, 'exists', layer))
  }

  /**
   * {@link DirectoryLayer.move} with both paths relative to this directory.
   *
   * @example
   * ```ts
   * await app.move(tx, 'users', 'accounts') // ['app', 'users'] -> ['app', 'accounts']
   * ```
   */
  async move(tx: Transaction, oldSubpath: DirectoryPath, newSubpath: DirectoryPath): Promise<DirectorySubspace> {
    return this.#directoryLayer.move(tx, this.#subpath(oldSubpath, 'move'), this.#subpath(newSubpath, 'move'))
  }

  /**
   * Moves this directory to the absolute path `newAbsolutePath` (a rename;
   * the prefix and contents stay).
   *
   * @returns the directory at its new path (this object keeps its old `path`)
   * @throws FoundError as {@link DirectoryLayer.move}, and (invalidArgument)
   *   when the new path is outside this directory's partition
   * @example
   * ```ts
   * const accounts = await users.moveTo(tx, ['app', 'accounts'])
   * ```
   */
  async moveTo(tx: Transaction, newAbsolutePath: DirectoryPath): Promise<DirectorySubspace> {
    requireTransaction(tx, 'moveTo')
    const target = toPath(newAbsolutePath, 'moveTo')
    const layer = this.#layerFor([])
    const n = layer.path.length
    if (!pathStartsWith(target, layer.path)) {
      throw new FoundError(
        ErrorCode.invalidArgument,
        `moveTo: cannot move ${formatPath([...this.path])} to ${formatPath(target)}: directories cannot move between partitions`,
      )
    }
    return layer.move(tx, this.path.slice(n), target.slice(n))
  }

  /**
   * Removes this directory (or `subpath` inside it): contents,
   * subdirectories and metadata. See {@link DirectoryLayer.remove}.
   *
   * @example
   * ```ts
   * await users.remove(tx)
   * ```
   */
  async remove(tx: Transaction, subpath: DirectoryPath = []): Promise<void> {
    const sub = toPath(subpath, 'remove')
    const layer = this.#layerFor(sub)
    return layer.remove(tx, this.#subpath(sub, 'remove', layer))
  }

  /**
   * Removes this directory (or `subpath` inside it) when it exists.
   *
   * @returns whether it existed
   * @example
   * ```ts
   * await users.removeIfExists(tx, 'tmp')
   * ```
   */
  async removeIfExists(tx: Transaction, subpath: DirectoryPath = []): Promise<boolean> {
    const sub = toPath(subpath, 'removeIfExists')
    const layer = this.#layerFor(sub)
    return layer.removeIfExists(tx, this.#subpath(sub, 'removeIfExists', layer))
  }

  /**
   * A readable form: path and prefix.
   *
   * @example
   * ```ts
   * String(users) // 'DirectorySubspace(path=["app","users"], prefix=<1505>)'
   * ```
   */
  override toString(): string {
    return `${this.constructor.name}(path=${formatPath([...this.path])}, prefix=<${hex(prefixOf(this))}>)`
  }

  /** The directory layer an operation on `subpath` goes to: a partition itself belongs to its parent layer. */
  #layerFor(subpath: readonly string[]): DirectoryLayer {
    return this.#parentLayer !== null && subpath.length === 0 ? this.#parentLayer : this.#directoryLayer
  }

  /** `subpath` below this directory, relative to `layer`. */
  #subpath(subpath: DirectoryPath, what: string, layer: DirectoryLayer = this.#directoryLayer): string[] {
    return [...this.path.slice(layer.path.length), ...toPath(subpath, what)]
  }
}

function partitionRootError(dir: DirectorySubspace, what: string): FoundError {
  return new FoundError(
    ErrorCode.invalidOption,
    `${what}: ${formatPath([...dir.path])} is a directory partition, whose root cannot be used as a subspace; create or open a directory inside it`,
  )
}

/**
 * A directory partition (layer `partition`): a directory whose
 * subdirectories get prefixes inside the partition's own prefix, with their
 * own metadata and allocator there. Everything in the partition shares one
 * prefix, so it can be cleared or copied as a block; the price is longer keys.
 * Its root holds the metadata, so the subspace methods (`key`, `pack`,
 * `range`, ...) refuse: open a directory inside it.
 *
 * @example
 * ```ts
 * const acme = await directory.create(tx, ['tenants', 'acme'], { layer: PARTITION_LAYER })
 * const orders = await acme.createOrOpen(tx, 'orders') // prefix starts with acme's
 * ```
 */
export class DirectoryPartition extends DirectorySubspace {
  /** @internal Made by {@link DirectoryLayer}. */
  constructor(path: readonly string[], prefix: Uint8Array, parentLayer: DirectoryLayer) {
    super(path, prefix, partitionLayer(prefix, path), PARTITION_LAYER, parentLayer)
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.key() // throws
   * ```
   */
  override key(): Uint8Array {
    throw partitionRootError(this, 'key')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.pack([1]) // throws
   * ```
   */
  override pack(_items: readonly TupleItem[] = []): Uint8Array {
    throw partitionRootError(this, 'pack')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.packWithVersionstamp([Versionstamp.incomplete()]) // throws
   * ```
   */
  override packWithVersionstamp(_items: readonly TupleItem[]): Uint8Array {
    throw partitionRootError(this, 'packWithVersionstamp')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.unpack(key) // throws
   * ```
   */
  override unpack(_key: Uint8Array): TupleItem[] {
    throw partitionRootError(this, 'unpack')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.range() // throws
   * ```
   */
  override range(_items: readonly TupleItem[] = []): KeyRange {
    throw partitionRootError(this, 'range')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.contains(key) // throws
   * ```
   */
  override contains(_key: Uint8Array): boolean {
    throw partitionRootError(this, 'contains')
  }

  /**
   * Refuses: the partition's root is not a subspace.
   * @throws FoundError (invalidOption) always
   * @example
   * ```ts
   * acme.subspace(['x']) // throws
   * ```
   */
  override subspace(_items: readonly TupleItem[]): Subspace {
    throw partitionRootError(this, 'subspace')
  }
}

/**
 * The default directory layer: metadata under `\xfe`, prefixes allocated
 * anywhere in the keyspace, as the official bindings' `fdb.directory`.
 *
 * @example
 * ```ts
 * const users = await transactional(db, (tx) => directory.createOrOpen(tx, ['app', 'users']))
 * ```
 */
export const directory: DirectoryLayer = new DirectoryLayer()
