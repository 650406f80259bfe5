/**
 * {@link DirectoryLayer}, the directory layer: paths of names mapped to short
 * allocated key prefixes, and {@link directory}, the default instance.
 *
 * @module
 */
import { requireTransaction, type Transaction } from '../api/transaction.js'
import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { requireKnownOptions } from '../options/known.js'
import { Subspace } from '../subspace/subspace.js'
import { HighContentionAllocator } from './allocator.js'
import { createOrOpen } from './create.js'
import { HCA_KEY, hex } from './layout.js'
import { exists, list, move, remove } from './manage.js'
import { checkOptions, type DirectoryCreateOptions, type DirectoryLayerOptions, type DirectoryOpenOptions, type DirectoryPath } from './options.js'
import { formatPath, toPath } from './path.js'
import { layerPaths, layerStates } from './state.js'
import type { DirectorySubspace } from './subspace.js'

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
    const { nodeSubspace, contentSubspace, allowManualPrefixes = false } = requireKnownOptions('new DirectoryLayer', options, [
      'nodeSubspace',
      'contentSubspace',
      'allowManualPrefixes',
    ])
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
    layerStates.set(this, { rootNode: this.#rootNode, allocator: this.#allocator })
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
    return createOrOpen(this, tx, p, layer, null, true, true, what)
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
    return createOrOpen(this, tx, p, layer, null, false, true, what)
  }

  /**
   * Creates the directory at `path` (and its missing parents). With
   * `layer`, records it; with `prefix` (only when `allowManualPrefixes`),
   * uses that prefix instead of allocating one.
   *
   * Safe to retry: when an earlier attempt of the same transaction created
   * the directory and its commit reported 1021 (commit_unknown_result) but
   * was applied, the retry returns that directory instead of failing with
   * alreadyExists (it recognizes the prefix that attempt allocated). Every
   * attempt allocates its own prefix, so a prefix is never handed out twice.
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
    return createOrOpen(this, tx, p, layer, prefix, true, false, what)
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
    return list(this, tx, path)
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
    return exists(this, tx, path)
  }

  /**
   * Moves (renames) the directory at `oldPath` to `newPath`. Its prefix,
   * and so its contents, stay as they are; subdirectories move with it.
   * The parent of `newPath` must exist. Safe to retry: when an earlier
   * attempt of the same transaction made this move and was applied although
   * its commit reported 1021, the retry returns the moved directory.
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
    return move(this, tx, oldPath, newPath)
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
   * old prefix: stop them first. Safe to retry: when an earlier attempt of
   * the same transaction removed it and was applied although its commit
   * reported 1021, the retry succeeds (`removeIfExists` returns true).
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
    await remove(this, tx, toPath(path, 'remove'), true, 'remove')
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
    return remove(this, tx, toPath(path, 'removeIfExists'), false, 'removeIfExists')
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
