// Every options object of core's public API refuses a key it does not know
// (a TypeError naming the key and the closest valid one) and refuses
// combinations that would silently ignore one of the options. Before this,
// open({ pth: './data' }) gave an in-memory database without a word.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  BulkWriter,
  DirectoryLayer,
  ErrorCode,
  FoundError,
  bulkWrite,
  directory,
  open,
  pack,
  query,
  range,
  scanAll,
  scanPage,
  transaction,
  transactional,
  transactionalWith,
  type Database,
  type Engine,
} from '../index.js'
import { Counter, Elevator, Entries, Store } from '../compat/index.js'
import { dumpAll, suiteTempDir } from '../../test/harness.js'

/** The TypeError `run` throws (synchronously or as a rejection). */
async function typeErrorOf(run: () => unknown): Promise<string> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError)
    return (error as Error).message
  }
  throw new Error('expected a TypeError, nothing was thrown')
}

/** The FoundError `run` throws; its code must be `code`. */
async function foundErrorOf(run: () => unknown, code: number): Promise<string> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(FoundError)
    expect((error as FoundError).code).toBe(code)
    return (error as Error).message
  }
  throw new Error('expected a FoundError, nothing was thrown')
}

describe('open: unknown and contradictory options', () => {
  const dir = suiteTempDir('foundkit-open-options-')

  it('a misspelt option is a TypeError suggesting the right name, and opens nothing', async () => {
    const path = join(dir(), 'typo')
    expect(await typeErrorOf(() => open({ pth: path } as never))).toMatch(/^open: unknown option "pth" \(did you mean "path"\?\)/)
    expect(existsSync(path)).toBe(false)
    expect(await typeErrorOf(() => open({ clusterfile: 'fdb.cluster' } as never))).toMatch(/unknown option "clusterfile" \(did you mean "clusterFile"\?\)/)
    expect(await typeErrorOf(() => open({ cachebytes: 0 } as never))).toMatch(/did you mean "cacheBytes"/)
    expect(await typeErrorOf(() => open({ transaction: { retrylimit: 3 } } as never))).toMatch(/^open: transaction: unknown option "retrylimit" \(did you mean "retryLimit"\?\)/)
    expect(await typeErrorOf(() => open({ hooks: { onbegin: () => {} } } as never))).toMatch(/^open: hooks: unknown option "onbegin" \(did you mean "onBegin"\?\)/)
    expect(await typeErrorOf(() => open({ hooks: { onBegin: 1 } } as never))).toMatch(/onBegin must be a function/)
  })

  it('two engines at once are refused (9001), whichever would have been dropped', async () => {
    const path = join(dir(), 'both')
    const plugIn = { kind: 'mine', createTransaction: () => null, close: async () => {} } as unknown as Engine
    const cases: Array<[object, RegExp]> = [
      [{ path, clusterFile: 'fdb.cluster' }, /path .* and clusterFile .* exclude each other/],
      [{ path, engine: 'fdb' }, /path is for the embedded engine, not engine 'fdb'/],
      [{ path, engine: plugIn }, /path is for the embedded engine; an Engine object/],
      [{ clusterFile: 'fdb.cluster', engine: 'memory' }, /clusterFile is for a FoundationDB cluster, not engine "memory"/],
      [{ clusterFile: 'fdb.cluster', engine: plugIn }, /clusterFile is for a FoundationDB cluster, not engine object/],
      [{ apiVersion: 710 }, /apiVersion applies to a FoundationDB cluster only/],
      [{ path, apiVersion: 710 }, /apiVersion applies to a FoundationDB cluster only/],
      [{ cacheBytes: 1024 }, /cacheBytes applies to a durable/],
      [{ engine: 'memory', cacheBytes: 0 }, /cacheBytes applies to a durable/],
      [{ engine: plugIn, cacheBytes: 0 }, /cacheBytes applies to a durable/],
    ]
    for (const [options, message] of cases) {
      expect(await foundErrorOf(() => open(options), ErrorCode.invalidArgument)).toMatch(message)
    }
    expect(existsSync(path)).toBe(false)
  })
})

describe('transactions, reads, scans and bulk writes: unknown options', () => {
  const key = pack(['k'])
  const { begin, end } = range(pack([]))
  const withDb = async (fn: (db: Database) => Promise<void>): Promise<void> => {
    const db = await open()
    try {
      await fn(db)
    } finally {
      await db.close()
    }
  }

  it('transaction, transactionalWith and setOptions', () =>
    withDb(async (db) => {
      expect(await typeErrorOf(() => transaction(db, { timout: 10 } as never))).toMatch(/^transaction: unknown option "timout" \(did you mean "timeout"\?\)/)
      expect(await typeErrorOf(() => transactionalWith(db, { snapshto: true } as never, () => 1))).toMatch(
        /^transactionalWith: unknown option "snapshto" \(did you mean "snapshot"\?\)/,
      )
      expect(await typeErrorOf(() => transactionalWith(db, { retry_limit: 1 } as never, () => 1))).toMatch(/did you mean "retryLimit"/)
      const tx = transaction(db)
      expect(await typeErrorOf(() => tx.setOptions({ sizelimit: 1000 } as never))).toMatch(/^setOptions: unknown option "sizelimit" \(did you mean "sizeLimit"\?\)/)
      tx.cancel()
    }))

  it('query, scanPage and scanAll', () =>
    withDb(async (db) => {
      await transactional(db, async (tx) => {
        expect(await typeErrorOf(() => query(tx, begin, end, { limt: 1 } as never))).toMatch(/^query: unknown option "limt" \(did you mean "limit"\?\)/)
        expect(await typeErrorOf(() => query(tx, begin, end, { reversed: true } as never))).toMatch(/did you mean "reverse"/)
        expect(await typeErrorOf(() => scanPage(tx, begin, end, { continuaton: null } as never))).toMatch(
          /^scanPage: unknown option "continuaton" \(did you mean "continuation"\?\)/,
        )
        // scanAll's options are not scanPage's: a page has no pageSize.
        expect(await typeErrorOf(() => scanPage(tx, begin, end, { pageSize: 10 } as never))).toMatch(/^scanPage: unknown option "pageSize"/)
      })
      expect(await typeErrorOf(() => scanAll(db, begin, end, { pagesize: 10 } as never))).toMatch(/^scanAll: unknown option "pagesize" \(did you mean "pageSize"\?\)/)
    }))

  it('bulkWrite and BulkWriter refuse a typo before writing anything', () =>
    withDb(async (db) => {
      const ops = [{ type: 'put' as const, key, value: Buffer.from('v') }]
      expect(await typeErrorOf(() => bulkWrite(db, ops as never, { onprogress: () => {} } as never))).toMatch(
        /^bulkWrite: unknown option "onprogress" \(did you mean "onProgress"\?\)/,
      )
      expect(await typeErrorOf(() => new BulkWriter({ transactionbytes: 10 } as never))).toMatch(/did you mean "transactionBytes"/)
      expect(await dumpAll(db)).toEqual([])
    }))
})

describe('directories, codecs and the compat classes: unknown options', () => {
  it('DirectoryLayer and its open / create options', async () => {
    expect(await typeErrorOf(() => new DirectoryLayer({ nodesubspace: null } as never))).toMatch(
      /^new DirectoryLayer: unknown option "nodesubspace" \(did you mean "nodeSubspace"\?\)/,
    )
    const db = await open()
    try {
      await transactional(db, async (tx) => {
        expect(await typeErrorOf(() => directory.createOrOpen(tx, ['a'], { layr: Buffer.from('x') } as never))).toMatch(/unknown option "layr" \(did you mean "layer"\?\)/)
        expect(await typeErrorOf(() => directory.create(tx, ['a'], { prefx: Buffer.from('x') } as never))).toMatch(/unknown option "prefx" \(did you mean "prefix"\?\)/)
        expect(await typeErrorOf(() => directory.open(tx, ['a'], { prefix: Buffer.from('x') } as never))).toMatch(/takes no prefix option/)
      })
      expect(await dumpAll(db)).toEqual([])
    } finally {
      await db.close()
    }
  })

  it('a codec with misspelt methods names them', async () => {
    expect(await typeErrorOf(() => new Entries(['e'], { encoder: String, decoder: String } as never))).toMatch(
      /unknown option "encoder" \(did you mean "encode"\?\)/,
    )
    expect(await typeErrorOf(() => new Elevator({ values: { encode: String, decod: String } } as never))).toMatch(/unknown option "decod" \(did you mean "decode"\?\)/)
  })

  it('Elevator, Store, Counter and Entries ranges', async () => {
    expect(await typeErrorOf(() => new Elevator({ roots: ['x'] } as never))).toMatch(/^new Elevator: unknown option "roots" \(did you mean "root"\?\)/)
    expect(await typeErrorOf(() => new Store('s', { subspce: null } as never))).toMatch(/^new Store: unknown option "subspce" \(did you mean "subspace"\?\)/)
    // A counter has no codec: the option would be silently ignored.
    expect(await typeErrorOf(() => new Counter('c', { codec: null } as never))).toMatch(/^new Counter: unknown option "codec"/)
    const db = await open()
    try {
      const entries = new Entries(['e'], { encode: (s: string) => Buffer.from(s), decode: (b: Uint8Array) => Buffer.from(b).toString() })
      expect(await typeErrorOf(() => entries.range(db, { frist: ['a'] } as never))).toMatch(/unknown option "frist" \(did you mean "first"\?\)/)
    } finally {
      await db.close()
    }
  })
})
