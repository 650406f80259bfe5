// The embedded store's versions and commit pipeline, driven directly: versions follow the wall
// clock in microseconds (10^6 a second, as on a cluster) and never go back; a commit is visible
// to new read versions only once its batch is on disk (group commit); a failed disk write fails
// the commits waiting on it and breaks the store; close waits for pending commits. The durable
// paths run here on a fake persister (a Map), so they are reached on the memory engine's test run.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import type { DiskSnapshot, Persister } from './disk.js'
import type { Key } from './keyspace.js'
import { LiveData } from './live.js'
import type { Mutation } from './mutation.js'
import { Store, type CommitRequest } from './store.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Stops the monotonic clock at `ms`; call the result to move it. */
function stoppedClock(ms: number): (by: number) => void {
  let t = ms
  vi.spyOn(performance, 'now').mockImplementation(() => t)
  return (by) => {
    t += by
  }
}

/** A commit of blind sets (no reads). */
function sets(pairs: Record<string, string>): CommitRequest {
  const mutations: Mutation[] = Object.entries(pairs).map(([key, v]) => ({ type: 'set', key, value: Buffer.from(v) }))
  return { readVersion: -1, reads: { points: [], ranges: [] }, writes: { points: Object.keys(pairs), ranges: [] }, mutations }
}
const stamp = (): Buffer => Buffer.alloc(10)
const text = (value: Buffer | null): string | null => (value === null ? null : value.toString())

/** A disk in a Map: each write can be held back (gate) or made to fail; counts reads of evicted values. */
class FakeDisk implements Persister {
  readonly data = new Map<Key, Buffer>()
  readonly events: string[] = []
  readonly writes: Array<{ keys: Key[]; version: number }> = []
  reads = 0
  failure: Error | null = null
  private held: Promise<void> | null = null

  /** Holds every write until the returned function is called. */
  hold(): () => void {
    let release!: () => void
    this.held = new Promise((r) => (release = r))
    return () => {
      this.held = null
      release()
    }
  }

  async write(changes: Map<Key, Buffer | null>, version: number): Promise<void> {
    this.events.push('write')
    this.writes.push({ keys: [...changes.keys()], version })
    if (this.held !== null) await this.held
    if (this.failure !== null) throw this.failure
    for (const [k, v] of changes) {
      if (v === null) this.data.delete(k)
      else this.data.set(k, v)
    }
    this.events.push('written')
  }

  /** The references each snapshot taken still holds (taken with one: the taker's). */
  readonly snapshotRefs: number[] = []

  snapshot(): DiskSnapshot {
    const copy = new Map(this.data)
    const n = this.snapshotRefs.push(0) - 1
    const refs = this.snapshotRefs
    return { read: (k) => copy.get(k), ref: () => void (refs[n] = refs[n]! + 1), unref: () => void (refs[n] = refs[n]! - 1) }
  }

  async close(): Promise<void> {
    this.events.push('close')
  }

  readonly read = (key: Key): Buffer | undefined => {
    this.reads++
    return this.data.get(key)
  }
}

const durable = (disk: FakeDisk, cacheBytes = Infinity): Store => new Store(new LiveData(disk.read), 1, disk, cacheBytes)
const turn = (): Promise<void> => new Promise((r) => setImmediate(r))

describe('versions', () => {
  it('follow the wall clock in microseconds and advance 10^6 a second with the monotonic clock', () => {
    const advance = stoppedClock(1_000_000) // a process up for 1,000 s
    const store = new Store(null, 1, null)
    const first = store.latest().version
    expect(Math.abs(first - Date.now() * 1000)).toBeLessThan(1_000_000)
    advance(2_000)
    expect(store.latest().version).toBe(first + 2_000_000)
  })

  it('start at the last version stored when it is ahead of the wall clock (they never go back across a reopening)', () => {
    const stored = Date.now() * 1000 + 1e12
    expect(new Store(null, stored, null).latest().version).toBeGreaterThanOrEqual(stored)
  })

  it('with the clock standing still, each commit is above every read version given before, and new read versions see it', () => {
    stoppedClock(1_000)
    const store = new Store(null, 1, null)
    const before = store.latest().version
    const v1 = store.commit(sets({ a: '1' }), stamp) as number
    expect(v1).toBeGreaterThan(before)
    const after = store.latest()
    expect(after.version).toBeGreaterThanOrEqual(v1)
    expect(text(store.readAt(after, 'a'))).toBe('1')
    const v2 = store.commit(sets({ a: '2' }), stamp) as number
    expect(v2).toBeGreaterThan(v1)
    expect(text(store.readAt(store.latest(), 'a'))).toBe('2')
    expect(text(store.readAt({ version: v1 }, 'a'))).toBe('1')
  })

  it('the latest version itself may be asked for; a version exactly 5 s old is still readable, one older is 1007', () => {
    const advance = stoppedClock(1_000)
    const store = new Store(null, 1, null)
    store.commit(sets({ a: '1' }), stamp)
    expect(store.at(store.latest().version).version).toBe(store.latest().version)
    advance(5_000)
    const latest = store.latest().version
    expect(store.at(latest - 5_000_000).version).toBe(latest - 5_000_000)
    expect(() => store.at(latest - 5_000_001)).toThrow(expect.objectContaining({ code: ErrorCode.transactionTooOld }))
    expect(() => store.at(latest + 1)).toThrow(expect.objectContaining({ code: ErrorCode.futureVersion }))
  })
})

describe('history', () => {
  it('a version under 5 s old stays readable after later commits, and is refused once older', () => {
    const advance = stoppedClock(10_000)
    const store = new Store(null, 1, null)
    store.commit(sets({ a: 'old' }), stamp)
    const old = store.latest()
    store.commit(sets({ a: 'new' }), stamp)
    advance(4_500)
    store.commit(sets({ a: 'newer' }), stamp) // records in a new generation
    expect(text(store.readAt(old, 'a'))).toBe('old')
    expect(store.at(old.version).version).toBe(old.version)
    advance(1_000)
    store.commit(sets({ a: 'newest' }), stamp)
    expect(() => store.readAt(old, 'a')).toThrow(expect.objectContaining({ code: ErrorCode.transactionTooOld }))
  })
})

describe('the memory store', () => {
  it('lets timers run during a long loop of commits (retry backoffs and timeouts would starve)', async () => {
    const store = new Store(null, 1, null)
    let fired = false
    setTimeout(() => (fired = true), 0)
    for (let i = 0; i < 20_000 && !fired; i++) await store.commit(sets({ k: String(i) }), stamp)
    expect(fired).toBe(true)
  })

  it('status: engine memory, its keys, and the bytes of their keys and values', () => {
    const store = new Store(null, 1, null)
    store.commit(sets({ A: '12', bb: '345' }), stamp)
    expect(store.status()).toMatchObject({ engine: 'memory', keys: 2, bytes: 1 + 2 + 2 + 3 })
    expect(store.estimateRangeBytes('A', 'bb')).toBe(3)
  })

  it('split points: begin, each key where a chunk reaches the size, and end', () => {
    const store = new Store(null, 1, null)
    store.commit(sets({ a: '123456789', b: '123456789', c: '123456789', d: '123456789', e: '123456789' }), stamp)
    expect(store.splitPoints('', 'z', 20)).toEqual(['', 'c', 'e', 'z'])
    expect(store.splitPoints('', 'z', 21)).toEqual(['', 'd', 'z'])
    expect(store.splitPoints('b', 'd', 1)).toEqual(['b', 'c', 'd'])
  })

  it('once closed refuses with 9009; closing twice is harmless', async () => {
    const store = new Store(null, 1, null)
    await store.close()
    await store.close()
    expect(() => store.latest()).toThrow(expect.objectContaining({ code: ErrorCode.databaseClosed }))
    expect(() => store.commit(sets({ a: '1' }), stamp)).toThrow(expect.objectContaining({ code: ErrorCode.databaseClosed }))
  })
})

describe('the durable store (on a fake disk)', () => {
  it('writes the commits of one turn together, and shows them to new read versions only once written', async () => {
    const advance = stoppedClock(0)
    const disk = new FakeDisk()
    const store = durable(disk)
    const release = disk.hold()
    const c1 = store.commit(sets({ a: '1' }), stamp)
    const c2 = store.commit(sets({ b: '2' }), stamp)
    expect(typeof c1).not.toBe('number')
    // The clock reaches the first commit's version, then passes it: read versions stay below it.
    advance(0.001)
    expect(store.readAt(store.latest(), 'a')).toBeNull()
    advance(10)
    expect(store.readAt(store.latest(), 'a')).toBeNull()
    await turn() // the batch is being written now
    expect(disk.writes.map((w) => w.keys)).toEqual([['a', 'b']])
    advance(10)
    expect(store.readAt(store.latest(), 'a')).toBeNull()
    const c3 = store.commit(sets({ c: '3' }), stamp) // the next batch, while the first is written
    release()
    const [v1, v2, v3] = await Promise.all([c1, c2, c3])
    expect(v2).toBeGreaterThan(v1)
    expect(v3).toBeGreaterThan(v2)
    expect(disk.writes.map((w) => w.keys)).toEqual([['a', 'b'], ['c']])
    expect(disk.writes.map((w) => w.version)).toEqual([v2, v3])
    const latest = store.latest()
    expect(latest.version).toBeGreaterThanOrEqual(v3)
    expect([store.readAt(latest, 'a'), store.readAt(latest, 'b'), store.readAt(latest, 'c')].map(text)).toEqual(['1', '2', '3'])
    expect(store.status()).toMatchObject({ engine: 'durable', keys: 3 })
  })

  it('fires a watch once the commit that changed its key is written', async () => {
    const disk = new FakeDisk()
    const store = durable(disk)
    let fired = false
    store.watches.add('w', null, null, () => (fired = true), () => {})
    await store.commit(sets({ w: 'x' }), stamp)
    expect(fired).toBe(true)
  })

  it('a failed write fails the commits written with it and those waiting after it, then refuses everything with that error', async () => {
    const disk = new FakeDisk()
    const store = durable(disk)
    const release = disk.hold()
    const c1 = store.commit(sets({ a: '1' }), stamp)
    await turn()
    const c2 = store.commit(sets({ b: '2' }), stamp) // waits for the next batch
    disk.failure = new Error('disk full')
    release()
    const results = await Promise.allSettled([c1, c2])
    for (const r of results) {
      expect(r.status).toBe('rejected')
      const reason = (r as PromiseRejectedResult).reason as FoundError
      expect(reason.code).toBe(ErrorCode.internalError)
      expect(reason.cause).toBe(disk.failure)
    }
    const broken = (results[0] as PromiseRejectedResult).reason as FoundError
    expect(() => store.latest()).toThrow(broken)
    expect(() => store.commit(sets({ c: '3' }), stamp)).toThrow(broken)
    expect(disk.writes).toHaveLength(1)
  })

  it('a failed write of a lone commit fails it', async () => {
    const disk = new FakeDisk()
    disk.failure = new Error('disk gone')
    const store = durable(disk)
    await expect(store.commit(sets({ a: '1' }), stamp)).rejects.toMatchObject({ code: ErrorCode.internalError, cause: disk.failure })
    expect(() => store.latest()).toThrow(expect.objectContaining({ code: ErrorCode.internalError }))
  })

  it('close waits for the commits being written, then closes the disk once', async () => {
    const disk = new FakeDisk()
    const store = durable(disk)
    const release = disk.hold()
    const committed = store.commit(sets({ a: '1' }), stamp)
    const closing = store.close()
    const second = store.close()
    await turn()
    expect(disk.events).toEqual(['write'])
    release()
    await Promise.all([closing, second])
    await expect(committed).resolves.toBeTypeOf('number')
    expect(disk.events).toEqual(['write', 'written', 'close'])
    expect(disk.data.get('a')?.toString()).toBe('1')
  })

  it('an older version of a value that was only on disk is still read after a newer commit replaced it', async () => {
    const disk = new FakeDisk()
    const store = durable(disk, 10) // every value (of 100 bytes) is evicted once written
    const long = (v: string): string => v.repeat(50)
    await store.commit(sets({ a: long('a1') }), stamp)
    await store.commit(sets({ a: long('a2') }), stamp)
    const vb1 = await store.commit(sets({ b: long('b1') }), stamp)
    const vb2 = await store.commit(sets({ b: long('b2') }), stamp) // b1 was on disk only: its undo record reads it from a snapshot
    expect(disk.reads).toBe(0)
    expect(text(store.readAt({ version: vb1 }, 'b'))).toBe(long('b1'))
    expect(text(store.readAt({ version: vb2 }, 'b'))).toBe(long('b2'))
    expect(text(store.readAt({ version: vb1 }, 'a'))).toBe(long('a2'))
    expect(disk.reads).toBe(2) // b2 and a2 are read back from disk, b1 from the snapshot
  })

  it('takes one disk snapshot per batch for the older values it replaces, and releases it once no reader can need it', async () => {
    const advance = stoppedClock(10_000)
    const disk = new FakeDisk()
    const store = durable(disk, 10) // every value (of 100 bytes) is evicted once written
    await store.commit(sets({ a: 'a1'.repeat(50), b: 'b1'.repeat(50) }), stamp)
    const replaced = await store.commit(sets({ a: 'a2'.repeat(50), b: 'b2'.repeat(50) }), stamp) // both were on disk only
    expect(disk.snapshotRefs).toHaveLength(1)
    expect(text(store.readAt({ version: replaced - 1 }, 'b'))).toBe('b1'.repeat(50))
    advance(7_000) // past the lifetime: the records of those commits go with the next one
    await store.commit(sets({ c: 'x' }), stamp)
    expect(disk.snapshotRefs).toEqual([0])
  })

  it('keeps at most cacheBytes of values in memory: over it, evicts to 90% of it; within it, evicts nothing', async () => {
    const hundred = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v'.repeat(100)]))
    const over = new FakeDisk()
    const big = durable(over, 1_000)
    await big.commit(sets(hundred(20)), stamp) // 2,000 bytes of values
    const all = big.latest()
    for (const k of Object.keys(hundred(20))) expect(big.readAt(all, k)?.length).toBe(100)
    expect(over.reads).toBeGreaterThanOrEqual(11) // at most 900 bytes (9 values) stayed
    expect(over.reads).toBeLessThanOrEqual(20)

    const within = new FakeDisk()
    const small = durable(within, 1_000)
    await small.commit(sets(hundred(10)), stamp) // exactly 1,000 bytes
    for (const k of Object.keys(hundred(10))) expect(small.readAt(small.latest(), k)?.length).toBe(100)
    expect(within.reads).toBe(0)
  })
})
