import { ErrorCode, FoundError } from '../../errors.js'
import { LiveData } from './live.js'
import type { Persister } from './store.js'

/** In LevelDB, user data lives under 0x01 + key; metadata under 0x00. */
const DATA_PREFIX = '\x01'
const DATA_END = Buffer.from([0x02])
const VERSION_KEY = Buffer.from('\x00version', 'latin1')

/** What reopening a durable database recovers. @internal */
export interface Recovered {
  readonly live: LiveData
  readonly version: number
  readonly persister: Persister
}

/**
 * Opens (or creates) a durable database directory with `classic-level`
 * (LevelDB): its write-ahead log and atomic `sync: true` batches make each
 * group of commits durable with one fsync, and its lock file keeps a second
 * process out. All data is loaded into memory on open (as FoundationDB's
 * "memory" storage engine does); LevelDB is the durable copy.
 *
 * @internal
 */
export async function openDurable(path: string): Promise<Recovered> {
  const { ClassicLevel } = await import('classic-level')
  const db = new ClassicLevel<Buffer, Buffer>(path, { keyEncoding: 'buffer', valueEncoding: 'buffer' })
  try {
    await db.open()
  } catch (cause) {
    const text = String((cause as { cause?: unknown }).cause ?? cause)
    if (/lock/i.test(text)) {
      throw new FoundError(
        ErrorCode.databaseInUse,
        `the database at ${path} is in use by another process (or already open in this one); close it there first`,
        { cause },
      )
    }
    throw new FoundError(ErrorCode.internalError, `cannot open the database at ${path}: ${text}`, { cause })
  }
  const stored = await db.get(VERSION_KEY)
  const version = stored === undefined ? 1 : Number(stored.readBigUInt64BE(0))
  const live = new LiveData()
  const it = db.iterator({ gte: Buffer.from(DATA_PREFIX, 'latin1'), lt: DATA_END })
  try {
    for (;;) {
      const entries = await it.nextv(10_000)
      if (entries.length === 0) break
      for (const [k, v] of entries) live.write(k.toString('latin1', 1), v, 0)
    }
  } finally {
    await it.close()
  }
  const persister: Persister = {
    async write(changes, newVersion) {
      // The chained batch API: measured 2-4x faster than an array of operations,
      // which classic-level copies and validates one by one.
      const batch = db.batch()
      for (const [key, value] of changes) {
        const dbKey = Buffer.from(DATA_PREFIX + key, 'latin1')
        if (value === null) batch.del(dbKey)
        else batch.put(dbKey, value)
      }
      const v = Buffer.alloc(8)
      v.writeBigUInt64BE(BigInt(newVersion))
      batch.put(VERSION_KEY, v)
      await batch.write({ sync: true })
    },
    close: () => db.close(),
  }
  return { live, version, persister }
}
