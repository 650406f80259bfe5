/**
 * The raw peer of the durable engine: `classic-level` (LevelDB) batches with
 * `sync: true`, written one after another by a single writer — what the
 * engine's group commit does, without the engine.
 */
import { coreRequire, runClients, type Timed } from './harness.js'

/** The part of classic-level's API used here (the package resolves from packages/core only). */
export interface RawDb {
  open(): Promise<void>
  close(): Promise<void>
  batch(ops: Array<{ type: 'put'; key: Buffer; value: Buffer }>, options: { sync: boolean }): Promise<void>
  batch(): { put(key: Buffer, value: Buffer): unknown; write(options: { sync: boolean }): Promise<void> }
}

const { ClassicLevel } = coreRequire('classic-level') as {
  ClassicLevel: new (path: string, options: { keyEncoding: 'buffer'; valueEncoding: 'buffer' }) => RawDb
}

/** Opens (creating) a LevelDB database with Buffer keys and values. */
export async function openRaw(path: string): Promise<RawDb> {
  const db = new ClassicLevel(path, { keyEncoding: 'buffer', valueEncoding: 'buffer' })
  await db.open()
  return db
}

/**
 * Puts per second of sequential `batch(ops, { sync: true })` calls of
 * `batchSize` puts each; `next()` gives each put's key and value.
 */
export async function batchWrites(db: RawDb, batchSize: number, seconds: number, next: () => [Buffer, Buffer]): Promise<Timed> {
  return runClients(1, seconds, async () => {
    const ops: Array<{ type: 'put'; key: Buffer; value: Buffer }> = new Array(batchSize)
    for (let i = 0; i < batchSize; i++) {
      const [key, value] = next()
      ops[i] = { type: 'put', key, value }
    }
    await db.batch(ops, { sync: true })
    return batchSize
  })
}

/**
 * {@link batchWrites} with classic-level's chained batch API
 * (`db.batch().put(k, v)…write({ sync: true })`), which skips the per-op
 * object copy and validation of the array form: the fastest way to write a
 * batch through classic-level.
 */
export async function chainedBatchWrites(db: RawDb, batchSize: number, seconds: number, next: () => [Buffer, Buffer]): Promise<Timed> {
  return runClients(1, seconds, async () => {
    const batch = db.batch()
    for (let i = 0; i < batchSize; i++) {
      const [key, value] = next()
      batch.put(key, value)
    }
    await batch.write({ sync: true })
    return batchSize
  })
}
