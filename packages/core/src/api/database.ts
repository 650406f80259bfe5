import { ErrorCode, FoundError } from '../errors.js'
import { describe } from '../keys/bytes.js'
import { openEmbeddedEngine } from '../engine/embedded/index.js'
import type { Engine, TransactionOptions } from '../engine/types.js'
import { UNSUPPORTED_DATABASE_OPTIONS, withoutNoEffectOptions } from '../options/fdb-parity.js'
import { withFaults, type FaultOptions } from '../engine/faults/index.js'
import { faultPlanOf } from '../engine/faults/options.js'
import { requireKnownOptions } from '../options/known.js'
import type { TransactionHooks } from './hooks.js'
import { checkTransactionOptions } from './transaction.js'
import { keepApiShapes } from './kept-shapes.js'

/** Options of {@link open}. */
export interface OpenOptions {
  /**
   * A directory for a durable embedded database (created if missing). Commits
   * resolve only once they are on disk. Omit for an in-memory database.
   * @example
   * ```ts
   * const db = await open({ path: './data' })
   * ```
   */
  path?: string
  /**
   * Durable embedded engine only: how many bytes of values to keep in memory
   * (default: a quarter of the machine's memory, at most 1 GiB). Values over
   * it are read back from disk when asked for, so a database may be larger
   * than memory; keys always stay in memory (about 130 bytes each plus the
   * key). `0` keeps no value in memory once it is on disk.
   * @example
   * ```ts
   * const db = await open({ path: './data', cacheBytes: 256 * 2 ** 20 }) // 256 MiB of values in memory
   * ```
   */
  cacheBytes?: number
  /**
   * Which engine: `'memory'` (the default without `path`), `'durable'` (the
   * default with `path`), `'fdb'` (a FoundationDB cluster), or an {@link Engine}
   * object of your own.
   * @example
   * ```ts
   * const db = await open({ engine: 'fdb' }) // uses FDB_CLUSTER_FILE or the default cluster file
   * ```
   */
  engine?: 'memory' | 'durable' | 'fdb' | Engine
  /**
   * A FoundationDB cluster file; implies `engine: 'fdb'`.
   * @example
   * ```ts
   * const db = await open({ clusterFile: '/etc/foundationdb/fdb.cluster' })
   * ```
   */
  clusterFile?: string
  /**
   * FoundationDB API version for `engine: 'fdb'` (default 720).
   * @example
   * ```ts
   * const db = await open({ engine: 'fdb', apiVersion: 710 })
   * ```
   */
  apiVersion?: number
  /**
   * Default options of every transaction (timeout, retry limit, ...).
   * @example
   * ```ts
   * const db = await open({ transaction: { retryLimit: 10, timeout: 2000 } })
   * ```
   */
  transaction?: TransactionOptions
  /**
   * Hooks called around every transaction run by {@link transactional}.
   * @example
   * ```ts
   * const db = await open({ hooks: { onAfterCommit: (tx, stats) => console.log(stats.retries) } })
   * ```
   */
  hooks?: TransactionHooks
  /**
   * Most watches outstanding at once (FoundationDB's database option
   * max_watches): one more fails with FoundError 1032 (too_many_watches).
   * Default 10,000; at most 1,000,000.
   * @example
   * ```ts
   * const db = await open({ maxWatches: 50_000 })
   * ```
   */
  maxWatches?: number
  /**
   * A testing tool: inject, reproducibly from a seed, the retryable errors a
   * busy FoundationDB cluster throws (1020 at commit, 1007 on a read late in
   * a transaction, 1021 after applying the commit or without applying it) and
   * delays on reads and commits. Code that is correct only on a quiet
   * database fails under it. See {@link FaultOptions} and
   * docs/testing-with-faults.md.
   * @example
   * ```ts
   * const db = await open({ faults: { rate: 0.1, seed: 7 } })
   * ```
   */
  faults?: FaultOptions
}

/**
 * A database: an engine plus defaults and hooks. Made by {@link open}; pass
 * it to {@link transactional}.
 */
export class Database {
  /** The engine behind this database. */
  readonly engine: Engine
  /** Default options of every transaction. */
  readonly transactionOptions: Readonly<TransactionOptions>
  /** The hooks, in the order they were added. @internal */
  readonly hooks: TransactionHooks[] = []
  private closed = false

  /** @internal Use {@link open}. */
  constructor(engine: Engine, transactionOptions: TransactionOptions = {}) {
    this.engine = engine
    this.transactionOptions = Object.freeze({ ...transactionOptions })
  }

  /** The engine's kind: `'memory'`, `'durable'`, `'fdb'` or a plug-in's name. */
  get kind(): string {
    return this.engine.kind
  }

  /** Whether {@link Database.close} was called. */
  get isClosed(): boolean {
    return this.closed
  }

  /**
   * Adds hooks called around every transaction.
   * @returns a function that removes them again
   */
  addHooks(hooks: TransactionHooks): () => void {
    checkHooks(hooks, 'addHooks')
    this.hooks.push(hooks)
    return () => {
      const i = this.hooks.indexOf(hooks)
      if (i >= 0) this.hooks.splice(i, 1)
    }
  }

  /** Closes the database; pending commits finish first. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.engine.close()
  }

  /** @internal */
  checkOpen(): void {
    if (this.closed) throw new FoundError(ErrorCode.databaseClosed, 'the database is closed')
  }
}

/**
 * Opens a database. Without options: the embedded engine, in memory.
 *
 * @example
 * ```ts
 * const db = await open()                    // embedded, in memory
 * const disk = await open({ path: './data' }) // embedded, durable on disk
 * const fdb = await open({ clusterFile: '/etc/foundationdb/fdb.cluster' })
 * ```
 */
export async function open(options: OpenOptions = {}): Promise<Database> {
  // FoundationDB's database option names first: refused or ignored by name, not "unknown".
  const known = requireKnownOptions('open', withoutNoEffectOptions('open', options, UNSUPPORTED_DATABASE_OPTIONS), OPEN_OPTIONS)
  const { path, engine, clusterFile, apiVersion, hooks, cacheBytes, maxWatches, faults } = known
  const transaction = known.transaction === undefined ? undefined : checkTransactionOptions(known.transaction, 'open: transaction')
  if (transaction?.idempotencyId !== undefined) {
    // One id for every transaction would make each one's lost commit look applied when another's was: use automaticIdempotency.
    throw new FoundError(ErrorCode.invalidOptionValue, 'open: transaction.idempotencyId names one transaction and cannot be a default; use automaticIdempotency: true')
  }
  if (path !== undefined && (typeof path !== 'string' || path === '')) throw new TypeError(`open: path must be a non-empty string, got ${describe(path)}`)
  if (clusterFile !== undefined && typeof clusterFile !== 'string') throw new TypeError(`open: clusterFile must be a string, got ${describe(clusterFile)}`)
  if (cacheBytes !== undefined && (!Number.isSafeInteger(cacheBytes) || cacheBytes < 0)) {
    throw new TypeError(`open: cacheBytes must be a non-negative integer, got ${describe(cacheBytes)}`)
  }
  if (apiVersion !== undefined && !Number.isSafeInteger(apiVersion)) throw new TypeError(`open: apiVersion must be an integer, got ${describe(apiVersion)}`)
  if (maxWatches !== undefined && (!Number.isSafeInteger(maxWatches) || maxWatches < 0)) {
    throw new TypeError(`open: maxWatches must be a non-negative integer, got ${describe(maxWatches)}`)
  }
  if (maxWatches !== undefined && maxWatches > MAX_WATCHES_LIMIT) {
    throw new FoundError(ErrorCode.invalidOptionValue, `open: maxWatches may be at most ${MAX_WATCHES_LIMIT} (FoundationDB's limit), got ${maxWatches}`)
  }
  if (hooks !== undefined) checkHooks(hooks, 'open: hooks')
  refuseContradictions(options)
  keepApiShapes()
  const faultPlan = faults === undefined ? null : faultPlanOf('open', faults)
  let chosen: Engine
  if (typeof engine === 'object' && engine !== null) {
    chosen = engine
  } else if (engine === 'fdb' || clusterFile !== undefined) { // refuseContradictions let a clusterFile through only without another engine
    const { openFdbEngine } = await import('../engine/fdb/index.js')
    chosen = await openFdbEngine({
      ...(clusterFile !== undefined ? { clusterFile } : {}),
      ...(apiVersion !== undefined ? { apiVersion } : {}),
      ...(transaction !== undefined ? { transaction } : {}),
      ...(maxWatches !== undefined ? { maxWatches } : {}),
    })
  } else if (engine === undefined || engine === 'memory' || engine === 'durable') {
    if (engine === 'durable' && path === undefined) throw new FoundError(ErrorCode.invalidArgument, "open: engine 'durable' needs a path")
    if (engine === 'memory' && path !== undefined) throw new FoundError(ErrorCode.invalidArgument, "open: engine 'memory' takes no path")
    chosen = await openEmbeddedEngine({
      ...(path !== undefined ? { path } : {}),
      ...(cacheBytes !== undefined ? { cacheBytes } : {}), // only with a path: refuseContradictions saw to it
      ...(maxWatches !== undefined ? { maxWatches } : {}),
    })
  } else {
    throw new TypeError(`open: engine must be 'memory', 'durable', 'fdb' or an Engine object, got ${describe(engine)}`)
  }
  if (faultPlan !== null) chosen = withFaults(chosen, faultPlan)
  const db = new Database(chosen, transaction)
  if (hooks !== undefined) db.addHooks(hooks)
  return db
}

/** Every key {@link OpenOptions} has. */
const OPEN_OPTIONS = ['path', 'cacheBytes', 'engine', 'clusterFile', 'apiVersion', 'transaction', 'hooks', 'maxWatches', 'faults'] as const

/** The largest maxWatches FoundationDB accepts. */
const MAX_WATCHES_LIMIT = 1_000_000

/** Every key {@link TransactionHooks} has. */
const HOOK_NAMES = ['onBegin', 'onCommit', 'onAfterCommit'] as const

/** Throws unless `hooks` is an object of known hook functions (`onbegin` is a typo, not a hook). */
function checkHooks(hooks: TransactionHooks, what: string): void {
  requireKnownOptions(what, hooks, HOOK_NAMES)
  for (const name of HOOK_NAMES) {
    const hook = hooks[name]
    if (hook !== undefined && typeof hook !== 'function') throw new TypeError(`${what}: ${name} must be a function, got ${describe(hook)}`)
  }
}

/**
 * Refuses options that ask for two engines at once: one of them would be
 * silently ignored (`open({ path, clusterFile })` used to give a cluster and
 * drop `path`).
 */
function refuseContradictions(options: OpenOptions): void {
  const { path, engine, clusterFile, apiVersion, cacheBytes } = options
  const plugIn = typeof engine === 'object' && engine !== null
  const fdb = engine === 'fdb' || (engine === undefined && clusterFile !== undefined)
  const refuse = (message: string): never => {
    throw new FoundError(ErrorCode.invalidArgument, `open: ${message}`)
  }
  if (path !== undefined && clusterFile !== undefined) refuse('path (an embedded database on disk) and clusterFile (a FoundationDB cluster) exclude each other; pass one')
  if (path !== undefined && engine === 'fdb') refuse("path is for the embedded engine, not engine 'fdb'; pass clusterFile (or nothing) for a cluster")
  if (path !== undefined && plugIn) refuse('path is for the embedded engine; an Engine object of your own takes its own settings')
  if (clusterFile !== undefined && !fdb) refuse(`clusterFile is for a FoundationDB cluster, not engine ${plugIn ? 'object' : JSON.stringify(engine)}`)
  if (apiVersion !== undefined && !fdb) refuse("apiVersion applies to a FoundationDB cluster only (engine 'fdb' or clusterFile)")
  if (cacheBytes !== undefined && (path === undefined || fdb || plugIn || engine === 'memory')) {
    refuse('cacheBytes applies to a durable embedded database (open({ path, cacheBytes }))')
  }
}
