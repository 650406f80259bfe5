import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  bulkWrite,
  ErrorCode,
  FoundError,
  pack,
  query,
  range,
  scanAll,
  scanPage,
  set,
  transaction,
  transactional,
  transactionalWith,
  unpack,
  type BulkOperation,
  type KeyValue,
} from '../index.js'
import { fakeClock, forEachEngine, rejectsWith } from '../../test/harness.js'

const N = 50_000

function* rows(n: number, prefix = 'k'): Generator<BulkOperation> {
  for (let i = 0; i < n; i++) yield { type: 'put', key: pack([prefix, i]), value: Buffer.from(`v${i}`) }
}

function ids(pairs: KeyValue[]): number[] {
  return pairs.map(([k]) => unpack(k)[1] as number)
}

function sequence(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i)
}

forEachEngine('resumable scans', ({ db, engine }) => {
  const { begin, end } = range(pack(['k']))

  afterEach(() => {
    vi.restoreAllMocks()
  })

  describe('scanAll over 50,000 keys', () => {
    beforeEach(async () => {
      await bulkWrite(db(), rows(N))
    })

    it('reads every key, in order, across many transactions with a tiny byte budget', async () => {
      const scan = scanAll(db(), begin, end, { transactionBytes: 20_000 })
      const got = ids(await scan.toArray())
      expect(got).toEqual(sequence(0, N))
      // ~12 bytes of key and value per pair: 20 KB is ~1,700 pairs per transaction
      expect(scan.stats.transactions).toBeGreaterThan(25)
      expect(scan.stats.pairs).toBe(N)
      if (engine.faults === null) expect(scan.stats.retries).toBe(0) // injected 1007s are retried
      expect(scan.continuation).toBeNull()
    })

    it('reads backwards', async () => {
      const scan = scanAll(db(), begin, end, { reverse: true, transactionBytes: 50_000, pageSize: 700 })
      expect(ids(await scan.toArray())).toEqual(sequence(0, N).reverse())
      expect(scan.stats.transactions).toBeGreaterThan(5)
    })

    it('moves to a new transaction before the current one nears its lifetime', async () => {
      const advance = fakeClock()
      const scan = scanAll(db(), begin, end, { transactionMs: 2000, pageSize: 1000 })
      let n = 0
      for await (const [key] of scan) {
        expect(unpack(key)[1]).toBe(n)
        if (++n % 5000 === 0) advance(2500) // a slow loop body
      }
      expect(n).toBe(N)
      expect(scan.stats.transactions).toBeGreaterThanOrEqual(10)
      if (engine.faults === null) expect(scan.stats.retries).toBe(0) // injected 1007s are retried
    })

    it('resumes in a fresh transaction when one grew too old anyway (1007)', async () => {
      const advance = fakeClock()
      const scan = scanAll(db(), begin, end, { transactionMs: 60_000, pageSize: 1000 })
      let n = 0
      for await (const [key] of scan) {
        expect(unpack(key)[1]).toBe(n)
        if (++n === 1500) advance(6000) // past FoundationDB's 5 seconds
      }
      expect(n).toBe(N)
      expect(scan.stats.retries).toBeGreaterThanOrEqual(1)
    })

    it('stops at a limit, and its continuation resumes right after the last pair delivered', async () => {
      const first = scanAll(db(), begin, end, { limit: 12_345, transactionBytes: 30_000 })
      const a = ids(await first.toArray())
      expect(a).toEqual(sequence(0, 12_345))
      const token = first.continuation
      expect(typeof token).toBe('string')
      const second = scanAll(db(), begin, end, { continuation: token, transactionBytes: 30_000 })
      expect(ids(await second.toArray())).toEqual(sequence(12_345, N))
      expect(second.continuation).toBeNull()
    })

    it('can be left early and resumed from its continuation', async () => {
      const scan = scanAll(db(), begin, end, { reverse: true })
      let n = 0
      for await (const _ of scan) if (++n === 777) break
      const rest = scanAll(db(), begin, end, { reverse: true, continuation: scan.continuation })
      expect(ids(await rest.toArray())).toEqual(sequence(0, N - 777).reverse())
    })

    it('a scan page continuation resumes a scanAll, and the other way round', async () => {
      const page = await transactional(db(), (tx) => scanPage(tx, begin, end, { limit: 100 }))
      const rest = scanAll(db(), begin, end, { continuation: page.continuation, limit: 100 })
      expect(ids(await rest.toArray())).toEqual(sequence(100, 200))
      const next = await transactional(db(), (tx) => scanPage(tx, begin, end, { limit: 5, continuation: rest.continuation }))
      expect(ids(next.items)).toEqual(sequence(200, 205))
    })
  })

  describe('scanPage', () => {
    beforeEach(async () => {
      await bulkWrite(db(), rows(25))
    })

    it('pages through a range in separate transactions; the last page has no continuation', async () => {
      const pages: number[][] = []
      let continuation: string | null = null
      do {
        const page = await transactional(db(), (tx) => scanPage(tx, begin, end, { limit: 10, continuation }))
        pages.push(ids(page.items))
        continuation = page.continuation
      } while (continuation !== null)
      expect(pages).toEqual([sequence(0, 10), sequence(10, 20), sequence(20, 25)])
    })

    it('knows a page that ends the range is the last', async () => {
      const p1 = await transactional(db(), (tx) => scanPage(tx, begin, end, { limit: 25 }))
      expect(p1.items).toHaveLength(25)
      expect(p1.continuation).toBeNull()
      const empty = range(pack(['nothing']))
      const p2 = await transactional(db(), (tx) => scanPage(tx, empty.begin, empty.end, { limit: 5 }))
      expect(p2).toEqual({ items: [], continuation: null })
    })

    it('pages backwards, and the page size may change between pages', async () => {
      const p1 = await transactional(db(), (tx) => scanPage(tx, begin, end, { reverse: true, limit: 3 }))
      expect(ids(p1.items)).toEqual([24, 23, 22])
      const p2 = await transactional(db(), (tx) => scanPage(tx, begin, end, { reverse: true, limit: 30, continuation: p1.continuation }))
      expect(ids(p2.items)).toEqual(sequence(0, 22).reverse())
      expect(p2.continuation).toBeNull()
    })

    it('stops a page at a byte budget (keeping the pair that crosses it)', async () => {
      const size = (kv: KeyValue): number => kv[0].length + kv[1].length
      const all = await transactional(db(), (tx) => query(tx, begin, end).toArray())
      const budget = size(all[0]!) + size(all[1]!) + 1
      const page = await transactional(db(), (tx) => scanPage(tx, begin, end, { maxBytes: budget }))
      expect(ids(page.items)).toEqual([0, 1, 2])
      expect(page.continuation).not.toBeNull()
    })

    it('sees writes made between pages after the continuation, not before it', async () => {
      const p1 = await transactional(db(), (tx) => scanPage(tx, begin, end, { limit: 10 }))
      await transactional(db(), (tx) => {
        set(tx, pack(['k', 3, 'x']), Buffer.from('behind')) // between (k, 3) and (k, 4): already read
        set(tx, pack(['k', 15, 'x']), Buffer.from('ahead'))
      })
      const p2 = await transactional(db(), (tx) => scanPage(tx, begin, end, { continuation: p1.continuation }))
      const keys = p2.items.map(([k]) => unpack(k).slice(1))
      expect(keys).toContainEqual([15, 'x'])
      expect(keys).not.toContainEqual([3, 'x'])
      expect(keys).toHaveLength(16)
    })

    it('runs in a manual transaction and in a snapshot transaction', async () => {
      const tx = transaction(db())
      const page = await scanPage(tx, begin, end, { limit: 2 })
      tx.cancel()
      expect(ids(page.items)).toEqual([0, 1])
      const snap = await transactionalWith(db(), { snapshot: true }, (t) => scanPage(t, begin, end, { limit: 2, continuation: page.continuation }))
      expect(ids(snap.items)).toEqual([2, 3])
    })

    it('refuses a continuation from another query, naming the problem', async () => {
      const page = await transactional(db(), (tx) => scanPage(tx, begin, end, { limit: 10 }))
      const other = range(pack(['other']))
      await rejectsWith(transactional(db(), (tx) => scanPage(tx, other.begin, other.end, { continuation: page.continuation })), ErrorCode.invalidArgument, /another query/)
      await rejectsWith(transactional(db(), (tx) => scanPage(tx, begin, end, { reverse: true, continuation: page.continuation })), ErrorCode.invalidArgument, /another query/)
      await rejectsWith(transactional(db(), (tx) => scanPage(tx, begin, pack(['k', 20]), { continuation: page.continuation })), ErrorCode.invalidArgument, /another query/)
      expect(() => scanAll(db(), other.begin, other.end, { continuation: page.continuation })).toThrow(/another query/)
    })

    it('refuses malformed tokens', async () => {
      const page = await transactional(db(), (tx) => scanPage(tx, begin, end, { limit: 10 }))
      const token = page.continuation!
      const flipped = token.slice(0, 12) + (token[12] === 'A' ? 'B' : 'A') + token.slice(13)
      for (const bad of ['', 'garbage!!', 'AAAA', token.slice(0, -2), flipped, token + 'A', Buffer.from('x').toString('base64url')]) {
        await rejectsWith(transactional(db(), (tx) => scanPage(tx, begin, end, { continuation: bad })), ErrorCode.invalidArgument, /not a valid token/)
      }
      for (const bad of [42, Buffer.from(token), {}]) {
        await expect(transactional(db(), (tx) => scanPage(tx, begin, end, { continuation: bad as never }))).rejects.toThrow(TypeError)
      }
    })

    it('refuses arguments of the wrong type, and inverted ranges', async () => {
      await expect(scanPage(db() as never, begin, end)).rejects.toThrow(TypeError)
      const bad: Array<[unknown, unknown, unknown]> = [
        ['a', end, {}],
        [begin, null, {}],
        [begin, end, { limit: -1 }],
        [begin, end, { limit: 1.5 }],
        [begin, end, { maxBytes: '10' }],
        [begin, end, { reverse: 'yes' }],
        [begin, end, { snapshot: 1 }],
        [begin, end, null],
      ]
      for (const [b, e, o] of bad) {
        await expect(transactional(db(), (tx) => scanPage(tx, b as never, e as never, o as never))).rejects.toThrow(TypeError)
      }
      await rejectsWith(transactional(db(), (tx) => scanPage(tx, end, begin)), ErrorCode.invertedRange, /begin sorts after end/)
    })
  })

  describe('scanAll arguments', () => {
    it('refuses bad arguments at once', () => {
      expect(() => scanAll({} as never, begin, end)).toThrow(TypeError)
      expect(() => scanAll(db(), 'a' as never, end)).toThrow(TypeError)
      for (const o of [{ transactionBytes: 0 }, { transactionMs: -1 }, { pageSize: 0 }, { limit: -2 }, { reverse: 1 }, { continuation: 7 }]) {
        expect(() => scanAll(db(), begin, end, o as never), JSON.stringify(o)).toThrow(TypeError)
      }
      expect(() => scanAll(db(), end, begin)).toThrow(FoundError)
      expect(() => scanAll(db(), begin, end, { continuation: 'nonsense' })).toThrow(/not a valid token/)
    })

    it('is iterated once', async () => {
      const scan = scanAll(db(), begin, end)
      expect(await scan.toArray()).toEqual([])
      expect(() => scan[Symbol.asyncIterator]()).toThrow(/iterated once/)
    })

    it('passes non-retryable errors on', async () => {
      const scan = scanAll(db(), begin, end)
      await db().close()
      await rejectsWith(scan.toArray(), ErrorCode.databaseClosed, /closed/)
    })
  })
}, { skipAs: 'tests' })
