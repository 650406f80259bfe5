import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open, type Database } from '../api/database.js'
import { transactionalWith } from '../api/transactional.js'
import { clear } from '../api/writes.js'

/** One engine a conformance suite runs against. */
export interface EngineUnderTest {
  /** `'memory'`, `'durable'`, `'durable-cold'` or `'fdb'`. */
  readonly name: string
  /** Why this engine is skipped here, or null when it runs. */
  readonly skipReason: string | null
  /** Opens a fresh, empty database on this engine. */
  open(): Promise<Database>
  /** Closes the database and removes what `open` created. */
  dispose(db: Database): Promise<void>
}

const created = new WeakMap<Database, string>()

/**
 * The engines every conformance suite runs against: the embedded engine in
 * memory and durable on disk, always, and durable with no value cache
 * (`cacheBytes: 0`: every value is read back from disk once its commit is
 * durable, the path a database larger than memory takes); a FoundationDB cluster when
 * `FDB_CLUSTER_FILE` names one (the FoundationDB run clears the whole
 * keyspace before each test: point it only at a throwaway cluster).
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest'
 * import { testEngines } from '@foundkit/core/testing'
 * for (const engine of testEngines()) {
 *   describe.skipIf(engine.skipReason !== null)(`my layer on ${engine.name}`, () => { ... })
 * }
 * ```
 */
export function testEngines(): EngineUnderTest[] {
  const clusterFile = process.env['FDB_CLUSTER_FILE']
  return [
    {
      name: 'memory',
      skipReason: null,
      open: () => open(),
      dispose: (db) => db.close(),
    },
    durableEngine('durable', {}),
    durableEngine('durable-cold', { cacheBytes: 0 }),
    {
      name: 'fdb',
      skipReason:
        clusterFile === undefined || clusterFile === ''
          ? 'FDB_CLUSTER_FILE is not set, so the FoundationDB run of this suite was skipped'
          : null,
      async open() {
        const db = await open({ engine: 'fdb', ...(clusterFile ? { clusterFile } : {}) })
        await transactionalWith(db, { accessSystemKeys: false }, (tx) => clear(tx, Buffer.alloc(0), Buffer.from([0xff])))
        return db
      },
      dispose: (db) => db.close(),
    },
  ]
}

/** The durable embedded engine in a fresh temporary directory. */
function durableEngine(name: string, options: { cacheBytes?: number }): EngineUnderTest {
  return {
    name,
    skipReason: null,
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'foundkit-test-'))
      const db = await open({ path: dir, ...options })
      created.set(db, dir)
      return db
    },
    async dispose(db) {
      await db.close()
      const dir = created.get(db)
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    },
  }
}
