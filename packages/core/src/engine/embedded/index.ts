import type { Engine, EngineTransaction, TransactionOptions } from '../types.js'
import { openDurable } from './durable.js'
import { Store } from './store.js'
import { EmbeddedTransaction } from './transaction.js'

/** Options of the embedded engine. */
export interface EmbeddedEngineOptions {
  /** A directory for a durable database; omitted: in memory only. */
  path?: string
  /** Default options of every transaction. */
  transaction?: TransactionOptions
}

/**
 * Opens the embedded engine: in memory, or durable in the directory `path`.
 *
 * @internal
 */
export async function openEmbeddedEngine(options: EmbeddedEngineOptions = {}): Promise<Engine> {
  const defaults = options.transaction ?? {}
  let store: Store
  let kind: string
  if (options.path === undefined) {
    store = new Store(null, 1, null)
    kind = 'memory'
  } else {
    const recovered = await openDurable(options.path)
    store = new Store(recovered.tree, recovered.version, recovered.persister)
    kind = 'durable'
  }
  return {
    kind,
    createTransaction(txOptions?: TransactionOptions): EngineTransaction {
      store.latest() // fails fast (9009) when the database is closed
      return new EmbeddedTransaction(store, txOptions === undefined ? defaults : { ...defaults, ...txOptions })
    },
    close: () => store.close(),
  }
}
