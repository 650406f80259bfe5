import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { requireKnownOptions } from '../options/known.js'
import type { Transaction } from '../api/transaction.js'
import { directory as defaultDirectory, DirectoryLayer, type DirectorySubspace } from '../directory/index.js'
import { requireCodec, stringCodec, type ValueCodec } from '../codec/codec.js'
import { inTransaction, type DbOrTx } from '../bulk/context.js'
import { ElevatorDb } from './elevator-db.js'
import { get } from '../api/reads.js'
import { SUBDIRS, sameBytes } from '../directory/layout.js'
import { nodeWithPrefix } from '../directory/metadata.js'
import { requireName } from './util.js'

/**
 * Options of `new Elevator(...)`.
 * @example
 * ```ts
 * const options: ElevatorOptions<string, JsonValue> = { root: ['kv'], values: jsonCodec }
 * ```
 */
export interface ElevatorOptions<K, V> {
  /**
   * The directory under which each named database is a subdirectory.
   * Default `['elevator']`.
   * @example
   * ```ts
   * new Elevator({ root: ['apps', 'cache'] })
   * ```
   */
  root?: readonly string[]
  /**
   * The directory layer to use. Default the standard one, `directory`.
   * @example
   * ```ts
   * new Elevator({ directory: new DirectoryLayer({ nodeSubspace, contentSubspace }) })
   * ```
   */
  directory?: DirectoryLayer
  /**
   * How keys are encoded; the encoding must sort as the keys should. Default {@link stringCodec}.
   * @example
   * ```ts
   * new Elevator({ keys: bytesCodec })
   * ```
   */
  keys?: ValueCodec<K>
  /**
   * How values are encoded. Default {@link stringCodec}.
   * @example
   * ```ts
   * new Elevator({ values: jsonCodec })
   * ```
   */
  values?: ValueCodec<V>
}

/** The database every Elevator client starts connected to. */
const DEFAULT = 'default'

/**
 * The Elevator client's database management (py-elevator's `createdb`,
 * `listdb`, `dropdb`, `connect`): named databases, each a directory of the
 * directory layer under `root`. The database `'default'` always exists
 * (created on first use). An immutable handle; every method takes a
 * database or a transaction. There is no `repairdb`: FoundationDB and the
 * embedded engine need no repair.
 *
 * @typeParam K - the type of the keys (string by default)
 * @typeParam V - the type of the values (string by default)
 * @example
 * ```ts
 * const elevator = new Elevator()
 * await elevator.createdb(db, 'testdb')
 * await elevator.listdb(db)                  // ['default', 'testdb']
 * const e = await elevator.connect(db, 'testdb')
 * await e.put(db, 'abc', '123')
 * await elevator.dropdb(db, 'testdb')
 * ```
 */
export class Elevator<K = string, V = string> {
  /**
   * The directory path under which the named databases live.
   * @example
   * ```ts
   * new Elevator().root // ['elevator']
   * ```
   */
  readonly root: readonly string[]
  /**
   * The directory layer used.
   * @example
   * ```ts
   * new Elevator().directory === directory
   * ```
   */
  readonly directory: DirectoryLayer
  /**
   * How keys are encoded.
   * @example
   * ```ts
   * new Elevator().keys === stringCodec
   * ```
   */
  readonly keys: ValueCodec<K>
  /**
   * How values are encoded.
   * @example
   * ```ts
   * new Elevator().values === stringCodec
   * ```
   */
  readonly values: ValueCodec<V>

  /**
   * @param options - root path, directory layer, key and value codecs
   * @throws TypeError for options of the wrong type; FoundError invalidArgument for an empty root or name in it
   * @example
   * ```ts
   * const elevator = new Elevator({ values: jsonCodec })
   * ```
   */
  constructor(options: ElevatorOptions<K, V> = {}) {
    if (options === null) throw new TypeError(`new Elevator: options must be an object, got ${describe(options)}`)
    const { root = ['elevator'], directory = defaultDirectory, keys, values } = requireKnownOptions('new Elevator', options, ['root', 'directory', 'keys', 'values'])
    if (!Array.isArray(root)) throw new TypeError(`new Elevator: root must be an array of names, got ${describe(root)}`)
    if (root.length === 0) throw new FoundError(ErrorCode.invalidArgument, 'new Elevator: root must not be empty (the databases need a directory of their own)')
    root.forEach((name, i) => requireName(name, `new Elevator: root[${i}]`))
    if (!(directory instanceof DirectoryLayer)) throw new TypeError(`new Elevator: directory must be a DirectoryLayer, got ${describe(directory)}`)
    this.root = Object.freeze([...root])
    this.directory = directory
    this.keys = keys === undefined ? (stringCodec as unknown as ValueCodec<K>) : requireCodec(keys, 'new Elevator: keys')
    this.values = values === undefined ? (stringCodec as unknown as ValueCodec<V>) : requireCodec(values, 'new Elevator: values')
  }

  /**
   * Creates the database `name` and connects to it.
   * @throws FoundError alreadyExists when it exists; invalidArgument for an empty name
   * @example
   * ```ts
   * const test = await elevator.createdb(db, 'testdb')
   * ```
   */
  async createdb(where: DbOrTx, name: string): Promise<ElevatorDb<K, V>> {
    const n = requireName(name, 'Elevator.createdb')
    return inTransaction(where, 'Elevator.createdb', async (tx) => {
      // The directory layer's create, not an exists check first: a body run again after its own applied
      // commit (1021) is recognised there, where a check of our own would call the database taken.
      const created = await this.directory.create(tx, this.path(n)).catch((error: unknown) => {
        if (error instanceof FoundError && error.code === ErrorCode.alreadyExists) {
          throw new FoundError(ErrorCode.alreadyExists, `Elevator.createdb: the database ${JSON.stringify(n)} already exists`)
        }
        throw error
      })
      return this.handle(tx, n, created)
    })
  }

  /**
   * The names of the databases, `'default'` first.
   * @example
   * ```ts
   * await elevator.listdb(db) // ['default', 'testdb']
   * ```
   */
  async listdb(where: DbOrTx): Promise<string[]> {
    return inTransaction(where, 'Elevator.listdb', async (tx) => {
      const names = (await this.directory.exists(tx, this.root)) ? await this.directory.list(tx, this.root) : []
      return [DEFAULT, ...names.filter((n) => n !== DEFAULT)]
    })
  }

  /**
   * Drops the database `name` and everything in it. Dropping `'default'`
   * empties it (it exists again, empty, on next use).
   * @throws FoundError notFound when it does not exist; invalidArgument for an empty name
   * @example
   * ```ts
   * await elevator.dropdb(db, 'testdb')
   * ```
   */
  async dropdb(where: DbOrTx, name: string): Promise<void> {
    const n = requireName(name, 'Elevator.dropdb')
    await inTransaction(where, 'Elevator.dropdb', async (tx) => {
      const removed = await this.directory.removeIfExists(tx, this.path(n))
      if (!removed && n !== DEFAULT) throw notFound('dropdb', n)
    })
  }

  /**
   * Connects to the database `name` (default `'default'`).
   * @throws FoundError notFound when it does not exist (`'default'` always does); invalidArgument for an empty name
   * @example
   * ```ts
   * const e = await elevator.connect(db)            // 'default'
   * const t = await elevator.connect(db, 'testdb')
   * ```
   */
  async connect(where: DbOrTx, name: string = DEFAULT): Promise<ElevatorDb<K, V>> {
    const n = requireName(name, 'Elevator.connect')
    return inTransaction(where, 'Elevator.connect', async (tx: Transaction) => {
      if (n === DEFAULT) return this.handle(tx, n, await this.directory.createOrOpen(tx, this.path(n)))
      if (!(await this.directory.exists(tx, this.path(n)))) throw notFound('connect', n)
      return this.handle(tx, n, await this.directory.open(tx, this.path(n)))
    })
  }

  private path(name: string): string[] {
    return [...this.root, name]
  }

  /** A handle on `dir`, with the key of its directory entry when it is where the default layout puts it (checked here). */
  private async handle(tx: Transaction, name: string, dir: DirectorySubspace): Promise<ElevatorDb<K, V>> {
    const parent = await this.directory.open(tx, this.root)
    const entryKey = nodeWithPrefix(this.directory, parent.key()).pack([SUBDIRS, name])
    const entry = await get(tx, entryKey)
    // Inside a partition the entry lives elsewhere: then each check looks the path up instead.
    const live = entry !== null && sameBytes(entry, dir.key()) ? entryKey : null
    return new ElevatorDb(name, dir, this.keys, this.values, { entryKey: live, directory: this.directory, path: this.path(name) })
  }
}

function notFound(what: string, name: string): FoundError {
  return new FoundError(ErrorCode.notFound, `Elevator.${what}: the database ${JSON.stringify(name)} does not exist (create it with createdb)`)
}
