// found's own core test cases, ported, plus the rest of the core API, on every engine.
import { expect, it } from 'vitest'
import {
  add,
  appendIfFits,
  clear,
  commit,
  committedVersion,
  compareAndClear,
  ErrorCode,
  FoundError,
  get,
  getKey,
  getMany,
  gt,
  gte,
  littleEndian,
  lt,
  lte,
  keyAfter,
  nextPrefix,
  pack,
  query,
  readLittleEndian,
  readVersion,
  set,
  setReadVersion,
  transaction,
  transactional,
  transactionalWith,
  unpack,
  watch,
  type Transaction,
} from '../../src/index.js'
import { b, codeOf, forEachEngine, sleep } from '../harness.js'

const keysOf = (rows: Array<[Uint8Array, Uint8Array]>) => rows.map(([k]) => unpack(k)[0])

async function fillNumbers(db: Parameters<typeof transactional>[0], n = 11): Promise<void> {
  await transactional(db, (tx) => {
    for (let i = 0; i < n; i++) set(tx, pack([i]), pack([i * 10]))
  })
}

forEachEngine('found core', ({ db, itWithoutFaults }) => {
  it('get of a missing key is null, set then get returns the value', async () => {
    expect(await transactional(db(), (tx) => get(tx, b('hello')))).toBeNull()
    await transactional(db(), (tx) => set(tx, b('hello'), b('world')))
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('hello'))))!).toString()).toBe('world')
  })

  it('read-your-writes: a transaction sees its own sets, clears and cleared ranges', async () => {
    await fillNumbers(db())
    const seen = await transactional(db(), async (tx) => {
      set(tx, pack([3]), b('mine'))
      clear(tx, pack([4]))
      clear(tx, pack([6]), pack([8]))
      set(tx, pack([7]), b('again'))
      set(tx, pack([20]), b('new'))
      return {
        three: Buffer.from((await get(tx, pack([3])))!).toString(),
        four: await get(tx, pack([4])),
        forward: keysOf(await query(tx, pack([0]), pack([100])).toArray()),
        backward: keysOf(await query(tx, pack([0]), pack([100]), { reverse: true }).toArray()),
      }
    })
    expect(seen.three).toBe('mine')
    expect(seen.four).toBeNull()
    expect(seen.forward).toEqual([0, 1, 2, 3, 5, 7, 8, 9, 10, 20])
    expect(seen.backward).toEqual([20, 10, 9, 8, 7, 5, 3, 2, 1, 0])
    // and nothing leaked before commit into another transaction... it committed now:
    expect(keysOf(await transactional(db(), (tx) => query(tx, pack([0]), pack([100])).toArray()))).toEqual(seen.forward)
  })

  it('query forward, limit, and found reverse semantics (begin > end: both inclusive)', async () => {
    await fillNumbers(db())
    const rows = await transactional(db(), async (tx) => ({
      forward: keysOf(await query(tx, pack([2]), pack([5])).toArray()),
      limited: keysOf(await query(tx, pack([2]), pack([9]), { limit: 2 }).toArray()),
      found: keysOf(await query(tx, pack([8]), pack([4])).toArray()),
      reverseLimit: keysOf(await query(tx, pack([0]), pack([11]), { reverse: true, limit: 3 }).toArray()),
    }))
    expect(rows.forward).toEqual([2, 3, 4])
    expect(rows.limited).toEqual([2, 3])
    expect(rows.found).toEqual([8, 7, 6, 5, 4])
    expect(rows.reverseLimit).toEqual([10, 9, 8])
  })

  it('query streams: values come with their keys and iteration can stop early', async () => {
    await fillNumbers(db())
    const firstTwo = await transactional(db(), async (tx) => {
      const out: unknown[] = []
      for await (const [k, v] of query(tx, pack([0]), pack([100]))) {
        out.push([unpack(k)[0], unpack(v)[0]])
        if (out.length === 2) break
      }
      return out
    })
    expect(firstTwo).toEqual([
      [0, 0],
      [1, 10],
    ])
  })

  it('key selectors resolve like FoundationDB (lt, lte, gt, gte, offsets)', async () => {
    await fillNumbers(db())
    const r = await transactional(db(), async (tx) => {
      const k = async (s: Parameters<typeof getKey>[1]) => {
        const key = await getKey(tx, s)
        return key.length === 0 || key[0] === 0xff ? Buffer.from(key).toString('hex') : unpack(key)[0]
      }
      return [
        await k(lt(pack([5]))),
        await k(lte(pack([5]))),
        await k(gt(pack([5]))),
        await k(gte(pack([5]))),
        await k(gte(pack([5]), 2)),
        await k(lt(pack([5]), -1)),
        await k(gt(pack([10]))),
        await k(lt(pack([0]))),
      ]
    })
    expect(r).toEqual([4, 5, 6, 5, 7, 3, 'ff', ''])
  })

  it('selectors as query bounds', async () => {
    await fillNumbers(db())
    const rows = await transactional(db(), async (tx) => keysOf(await query(tx, gt(pack([2])), lte(pack([5]))).toArray()))
    // [first key > 2, last key <= 5) = [3, 5)
    expect(rows).toEqual([3, 4])
  })

  it('nextPrefix (strinc)', () => {
    expect(Buffer.from(nextPrefix(b('abc'))).toString()).toBe('abd')
    expect([...nextPrefix(Buffer.from([0x61, 0xff, 0xff]))]).toEqual([0x62])
    expect(() => nextPrefix(Buffer.from([0xff]))).toThrow(FoundError)
    expect(() => nextPrefix(Buffer.alloc(0))).toThrow(FoundError)
  })

  it('keyAfter: key + 00, the first key after it; [key, keyAfter(key)) holds that one key', async () => {
    const key = Buffer.from([0x61, 0xff])
    const after = keyAfter(key)
    expect([...after]).toEqual([0x61, 0xff, 0x00])
    expect([...key]).toEqual([0x61, 0xff]) // a new Buffer: the argument is untouched
    expect([...keyAfter(new Uint8Array(0))]).toEqual([0x00])
    expect(() => keyAfter('a' as never)).toThrow(TypeError)
    await transactional(db(), (tx) => {
      set(tx, key, b('v'))
      set(tx, after, b('next'))
      set(tx, Buffer.from([0x61, 0xff, 0x00, 0x00]), b('later'))
    })
    const only = await transactional(db(), async (tx) => (await query(tx, key, keyAfter(key)).toArray()).map(([k]) => [...k]))
    expect(only).toEqual([[0x61, 0xff]])
    const resumed = await transactional(db(), async (tx) => (await query(tx, keyAfter(key), b('b')).toArray()).map(([k]) => [...k]))
    expect(resumed).toEqual([[0x61, 0xff, 0x00], [0x61, 0xff, 0x00, 0x00]])
  })

  it('read versions grow with commits, and setReadVersion reads the past', async () => {
    await transactional(db(), (tx) => set(tx, b('v'), b('1')))
    const v1 = await transactional(db(), (tx) => readVersion(tx))
    await transactional(db(), (tx) => set(tx, b('v'), b('2')))
    const v2 = await transactional(db(), (tx) => readVersion(tx))
    expect(v2).toBeGreaterThan(v1)
    const old = await transactional(db(), async (tx) => {
      setReadVersion(tx, v1)
      return Buffer.from((await get(tx, b('v')))!).toString()
    })
    expect(old).toBe('1')
    // A version from the future: 1009 (retryable, so use a manual transaction to see it).
    const tx = transaction(db())
    expect(await codeOf(async () => {
      setReadVersion(tx, v2 + 1_000_000_000n)
      return get(tx, b('v'))
    })).toBe(ErrorCode.futureVersion)
    tx.cancel()
  })

  itWithoutFaults('commits one transaction by hand, with no retry loop')('committedVersion is the version a later read sees', async () => {
    const tx = transaction(db())
    set(tx, b('c'), b('x'))
    await commit(tx)
    const cv = committedVersion(tx)
    const rv = await transactional(db(), (t) => readVersion(t))
    expect(rv).toBeGreaterThanOrEqual(cv)
  })

  it('atomic add (little-endian), concurrently without conflicts', async () => {
    await Promise.all(Array.from({ length: 50 }, () => transactional(db(), (tx) => add(tx, b('counter'), littleEndian(2)))))
    expect(readLittleEndian(await transactional(db(), (tx) => get(tx, b('counter'))))).toBe(100n)
    await transactional(db(), (tx) => add(tx, b('counter'), littleEndian(-101)))
    expect(readLittleEndian(await transactional(db(), (tx) => get(tx, b('counter'))))).toBe(-1n)
  })

  it('appendIfFits appends until the value limit', async () => {
    await transactional(db(), (tx) => appendIfFits(tx, b('log'), b('ab')))
    await transactional(db(), (tx) => appendIfFits(tx, b('log'), b('cd')))
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('log'))))!).toString()).toBe('abcd')
    await transactional(db(), (tx) => appendIfFits(tx, b('log'), Buffer.alloc(99_999)))
    expect((await transactional(db(), (tx) => get(tx, b('log'))))!.length).toBe(4)
  })

  it('compareAndClear clears only on an equal value', async () => {
    await transactional(db(), (tx) => { set(tx, b('a'), b('1')); set(tx, b('b'), b('2')) })
    await transactional(db(), (tx) => { compareAndClear(tx, b('a'), b('1')); compareAndClear(tx, b('b'), b('1')) })
    expect(await transactional(db(), (tx) => getMany(tx, [b('a'), b('b')]))).toEqual([null, Buffer.from('2')])
  })

  it('watch resolves after another transaction changes the key', async () => {
    await transactional(db(), (tx) => set(tx, b('w'), b('0')))
    const w = await transactional(db(), (tx) => watch(tx, b('w')))
    let fired = false
    void w.promise.then(() => (fired = true))
    await sleep(20)
    expect(fired).toBe(false)
    await transactional(db(), (tx) => set(tx, b('w'), b('1')))
    await w.promise
    expect(fired).toBe(true)
  })

  itWithoutFaults('counts the runs of the body exactly')('transactional runs fn again after a conflict (1020), and fn sees the other write', async () => {
    await transactional(db(), (tx) => set(tx, b('k'), b('0')))
    let runs = 0
    const result = await transactional(db(), async (tx) => {
      runs++
      const v = Buffer.from((await get(tx, b('k')))!).toString()
      if (runs === 1) await transactional(db(), (other) => set(other, b('k'), b('other')))
      set(tx, b('k'), b(v + '+mine'))
      return v
    })
    expect(runs).toBe(2)
    expect(result).toBe('other')
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('k'))))!).toString()).toBe('other+mine')
  })

  itWithoutFaults('counts the runs of the body exactly')('transactional retries after 1007 (transaction too old)', async () => {
    let runs = 0
    await transactional(db(), async (tx) => {
      runs++
      await get(tx, b('x'))
      if (runs === 1) await sleep(5200)
      set(tx, b('x'), b('done'))
    })
    expect(runs).toBe(2)
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('x'))))!).toString()).toBe('done')
  }, 20_000)

  it('an exception in fn propagates and nothing is committed', async () => {
    await expect(
      transactional(db(), (tx) => {
        set(tx, b('partial'), b('1'))
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await transactional(db(), (tx) => get(tx, b('partial')))).toBeNull()
  })

  it('a snapshot transaction is read-only and reads consistently', async () => {
    await fillNumbers(db(), 3)
    const n = await transactionalWith(db(), { snapshot: true }, async (tx) => (await query(tx, pack([0]), pack([9])).toArray()).length)
    expect(n).toBe(3)
    expect(await codeOf(() => transactionalWith(db(), { snapshot: true }, (tx) => set(tx, b('no'), b('1'))))).toBe(ErrorCode.invalidOption)
    expect(await transactional(db(), (tx) => get(tx, b('no')))).toBeNull()
  })

  itWithoutFaults('counts retries and hook calls exactly')('hooks see begin, commit and after-commit with stats', async () => {
    const events: string[] = []
    let stats: { retries: number; committedBytes: number; elapsedMs: number } | null = null
    const remove = db().addHooks({
      onBegin: () => events.push('begin'),
      onCommit: () => events.push('commit'),
      onAfterCommit: (_tx, s) => {
        events.push('after')
        stats = { retries: s.retries, committedBytes: s.committedBytes, elapsedMs: s.elapsedMs }
      },
    })
    let first = true
    const before = performance.now()
    await transactional(db(), async (tx: Transaction) => {
      await get(tx, b('h'))
      if (first) {
        first = false
        await transactional(db(), (o) => set(o, b('h'), b('x')))
      }
      set(tx, b('h'), b('y'))
    })
    const took = performance.now() - before
    remove()
    // outer begins; the inner transaction runs whole; the outer's commit conflicts; the retry commits
    expect(events).toEqual(['begin', 'begin', 'commit', 'after', 'commit', 'begin', 'commit', 'after'])
    expect(stats!.retries).toBe(1)
    expect(stats!.committedBytes).toBeGreaterThan(0)
    // elapsedMs: from the first attempt's start to the commit, both attempts, within the call's own time
    expect(stats!.elapsedMs).toBeGreaterThanOrEqual(0)
    expect(stats!.elapsedMs).toBeLessThanOrEqual(took)
  })
}, { faults: { without: ['unknownApplied'], reason: 'asserts the exact results of blind atomic writes (add, appendIfFits), which a body run twice applies twice' } })
