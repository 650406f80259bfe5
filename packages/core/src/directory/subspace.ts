/**
 * {@link DirectorySubspace}: the contents of a directory, with the directory
 * operations relative to it.
 *
 * @module
 */
import { requireTransaction, type Transaction } from '../api/transaction.js'
import { ErrorCode, FoundError } from '../errors.js'
import { Subspace } from '../subspace/subspace.js'
import type { DirectoryLayer } from './layer.js'
import { hex } from './layout.js'
import type { DirectoryCreateOptions, DirectoryOpenOptions, DirectoryPath } from './options.js'
import { formatPath, pathStartsWith, toPath } from './path.js'
import { prefixes, prefixOf } from './state.js'

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
