import { totalmem } from 'node:os'
import type { Engine, EngineTransaction, TransactionOptions } from '../types.js'
import { openDurable } from './durable.js'
import { Store } from './store.js'
import { EmbeddedTransaction } from './transaction.js'
import { keepShape } from '../../shapes.js'
import { RangeReader, StoredPairs } from './range-reader.js'
import { LeafRuns } from './leaf-runs.js'
import { WriteBuffer } from './write-buffer.js'

/** Options of the embedded engine. */
export interface EmbeddedEngineOptions {
  /** A directory for a durable database; omitted: in memory only. */
  path?: string
  /** Durable only: bytes of values kept in memory (default {@link defaultCacheBytes}). */
  cacheBytes?: number
  /** Default options of every transaction. */
  transaction?: TransactionOptions
  /** Most watches outstanding at once (FoundationDB's max_watches; default 10,000): one more fails 1032. */
  maxWatches?: number
}

/** The durable engine's default value cache: a quarter of the machine's memory, at most 1 GiB. @internal */
export function defaultCacheBytes(): number {
  return Math.min(2 ** 30, Math.floor(totalmem() / 4))
}

/** The embedded engine, with the options it was opened with (what `open` passed: its tests read them). @internal */
export interface EmbeddedEngine extends Engine {
  /** The options given to {@link openEmbeddedEngine}, as given. */
  readonly openedWith: Readonly<EmbeddedEngineOptions>
}

/**
 * Opens the embedded engine: in memory, or durable in the directory `path`.
 *
 * @internal
 */
export async function openEmbeddedEngine(options: EmbeddedEngineOptions = {}): Promise<EmbeddedEngine> {
  keepEngineShapes()
  // Frozen: a transaction caches the normalized form of a frozen options object.
  const defaults: TransactionOptions = Object.freeze({ ...options.transaction })
  // Without engine defaults, the caller's options object is used as is (a
  // database passes its frozen defaults, normalized once for all its transactions).
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent for `true` and `>=`: merging no defaults gives a copy of the options given (also left out here: `false` and `<=`, killed by engine-defaults.test.ts)
  const hasDefaults = Object.keys(defaults).length > 0
  let store: Store
  let kind: string
  if (options.path === undefined) {
    store = new Store(null, 1, null)
    kind = 'memory'
  } else {
    const cacheBytes = options.cacheBytes ?? defaultCacheBytes()
    const recovered = await openDurable(options.path, cacheBytes)
    store = new Store(recovered.live, recovered.version, recovered.persister, cacheBytes)
    kind = 'durable'
  }
  if (options.maxWatches !== undefined) store.watches.setLimit(options.maxWatches)
  return {
    kind,
    openedWith: Object.freeze({ ...options }),
    createTransaction(txOptions?: TransactionOptions): EngineTransaction {
      store.checkOpen() // fails fast (9009) when the database is closed
      return new EmbeddedTransaction(store, txOptions === undefined ? defaults : hasDefaults ? { ...defaults, ...txOptions } : txOptions)
    },
    close: () => store.close(),
  }
}

let shapesKept = false

/**
 * Keeps one instance of each object a transaction makes by the thousand
 * alive, so that a full garbage collection does not deoptimize the read and
 * commit paths (see shapes.ts). Placeholders, never used.
 */
function keepEngineShapes(): void {
  if (shapesKept) return
  shapesKept = true
  keepShape(EmbeddedTransaction.shapeAnchor())
  keepShape(new RangeReader('', '', { limit: 0, reverse: false, mode: 'iterator', snapshot: false }, () => new StoredPairs({ keys: [], values: [], done: true })))
  keepShape(new StoredPairs({ keys: [], values: [], done: true }))
  keepShape(new LeafRuns(true))
  keepShape(new WriteBuffer())
}
