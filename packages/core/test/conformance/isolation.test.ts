// Serializable isolation, snapshots (MVCC), conflict ranges and the transaction lifetime, on every engine.
import { expect, it } from 'vitest'
import {
  addReadConflictRange,
  addWriteConflictKey,
  cancel,
  clear,
  commit,
  setReadVersion,
  committedVersion,
  ErrorCode,
  get,
  pack,
  query,
  set,
  transaction,
  transactional,
  unpack,
} from '../../src/index.js'
import { b, codeOf, forEachEngine, sleep } from '../harness.js'

forEachEngine('isolation', ({ db }) => {
  it('two read-then-write transactions on one key: the first commits, the second gets 1020', async () => {
    await transactional(db(), (tx) => set(tx, b('k'), b('0')))
    const t1 = transaction(db())
    const t2 = transaction(db())
    const v1 = await get(t1, b('k'))
    const v2 = await get(t2, b('k'))
    set(t1, b('k'), Buffer.concat([v1!, b('1')]))
    set(t2, b('k'), Buffer.concat([v2!, b('2')]))
    await commit(t1)
    expect(await codeOf(() => commit(t2))).toBe(ErrorCode.notCommitted)
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('k'))))!).toString()).toBe('01')
  })

  it('under transactional, concurrent read-modify-writes all land (retries see earlier writes)', async () => {
    await transactional(db(), (tx) => set(tx, b('n'), pack([0])))
    const bump = async () =>
      transactional(db(), async (tx) => {
        const n = unpack((await get(tx, b('n')))!)[0] as number
        set(tx, b('n'), pack([n + 1]))
      })
    await Promise.all(Array.from({ length: 25 }, bump))
    expect(unpack((await transactional(db(), (tx) => get(tx, b('n'))))!)[0]).toBe(25)
  })

  it('snapshot reads add no read conflict', async () => {
    await transactional(db(), (tx) => set(tx, b('s'), b('0')))
    const t1 = transaction(db())
    await get(t1.snapshot(), b('s'))
    set(t1, b('other'), b('x'))
    await transactional(db(), (tx) => set(tx, b('s'), b('changed')))
    await commit(t1) // no conflict: the read was a snapshot read
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('other'))))!).toString()).toBe('x')
  })

  it('blind writes never conflict', async () => {
    const t1 = transaction(db())
    const t2 = transaction(db())
    set(t1, b('blind'), b('1'))
    set(t2, b('blind'), b('2'))
    await commit(t1)
    await commit(t2)
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('blind'))))!).toString()).toBe('2')
  })

  it('a range read conflicts with an insert inside the range, not outside it', async () => {
    await transactional(db(), (tx) => {
      for (const i of [10, 20, 30, 80, 90]) set(tx, pack(['r', i]), b(''))
    })
    const inside = transaction(db())
    await query(inside, pack(['r', 10]), pack(['r', 40])).toArray()
    set(inside, b('w1'), b(''))
    const outside = transaction(db())
    await query(outside, pack(['r', 10]), pack(['r', 40])).toArray()
    set(outside, b('w2'), b(''))
    await transactional(db(), (tx) => set(tx, pack(['r', 50]), b(''))) // outside [10, 40)
    await commit(outside)
    await transactional(db(), (tx) => set(tx, pack(['r', 25]), b(''))) // inside [10, 40)
    expect(await codeOf(() => commit(inside))).toBe(ErrorCode.notCommitted)
  })

  it('a range read with a limit conflicts only on what it read', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < 10; i++) set(tx, pack(['l', i]), b(''))
    })
    const t = transaction(db())
    const rows = await query(t, pack(['l', 0]), pack(['l', 10]), { limit: 3 }).toArray()
    expect(rows.length).toBe(3)
    set(t, b('x'), b(''))
    await transactional(db(), (tx) => set(tx, pack(['l', 7]), b('changed'))) // beyond what was read
    await commit(t)
    const t2 = transaction(db())
    await query(t2, pack(['l', 0]), pack(['l', 10]), { limit: 3 }).toArray()
    set(t2, b('y'), b(''))
    await transactional(db(), (tx) => set(tx, pack(['l', 1]), b('changed'))) // inside what was read
    expect(await codeOf(() => commit(t2))).toBe(ErrorCode.notCommitted)
  })

  it('reads see one consistent version while others commit (MVCC)', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < 100; i++) set(tx, pack(['m', i]), pack([0]))
    })
    const reader = transaction(db())
    const before = await get(reader, pack(['m', 0]))
    await transactional(db(), (tx) => {
      for (let i = 0; i < 100; i++) set(tx, pack(['m', i]), pack([1]))
      clear(tx, pack(['m', 50]))
    })
    const all = await query(reader.snapshot(), pack(['m', 0]), pack(['m', 100])).toArray()
    expect(unpack(before!)[0]).toBe(0)
    expect(all.length).toBe(100)
    expect(all.every(([, v]) => unpack(v)[0] === 0)).toBe(true)
    cancel(reader)
  })

  it('a scan paused inside a batch keeps its version while others overwrite and clear the rest', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < 300; i++) set(tx, pack(['p', i]), pack([0, i]))
    })
    const reader = transaction(db())
    const seen: Array<[Uint8Array, Uint8Array]> = []
    for await (const kv of query(reader, pack(['p', 0]), pack(['p', 300]), { mode: 'want_all' })) {
      seen.push(kv)
      if (seen.length === 10) {
        // Every key the scan has not reached yet changes, half of them are cleared.
        await transactional(db(), (tx) => {
          for (let i = 0; i < 300; i++) set(tx, pack(['p', i]), pack([1, i]))
          clear(tx, pack(['p', 150]), pack(['p', 300]))
        })
      }
      // A caller may scribble on what it got: the store must not see it.
      kv[1].fill(0xee)
    }
    expect(seen.length).toBe(300)
    expect(seen.map(([k]) => unpack(k)[1])).toEqual(Array.from({ length: 300 }, (_, i) => i))
    cancel(reader)
    const after = await transactional(db(), (tx) => query(tx, pack(['p', 0]), pack(['p', 300])).toArray())
    expect(after.length).toBe(150)
    expect(after.every(([k, v]) => unpack(v)[0] === 1 && unpack(v)[1] === unpack(k)[1])).toBe(true)
  })

  it('a scan sees the version it read at, value by value, when its pairs are taken later', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < 50; i++) set(tx, pack(['q', i]), pack([0]))
    })
    const reader = transaction(db())
    const result = query(reader, pack(['q', 0]), pack(['q', 50]), { mode: 'want_all' })
    const it = result[Symbol.asyncIterator]()
    const first = await it.next() // the whole range is fetched here
    await transactional(db(), (tx) => {
      for (let i = 0; i < 50; i++) set(tx, pack(['q', i]), pack([9]))
    })
    const values = [first.value![1]]
    for (let r = await it.next(); r.done !== true; r = await it.next()) values.push(r.value[1])
    expect(values.length).toBe(50)
    expect(values.every((v) => unpack(v)[0] === 0)).toBe(true)
    cancel(reader)
  })

  it('manual conflict ranges: a write conflict range makes a reader of that key conflict', async () => {
    const reader = transaction(db())
    addReadConflictRange(reader, b('a'), b('c'))
    await get(reader, b('unrelated'))
    set(reader, b('r'), b(''))
    await transactional(db(), (tx) => addWriteConflictKey(tx, b('b')))
    expect(await codeOf(() => commit(reader))).toBe(ErrorCode.notCommitted)
  })

  it('a transaction older than 5 seconds gets 1007', async () => {
    const t = transaction(db())
    await get(t, b('old'))
    await sleep(5200)
    // A key read before is served from the transaction's read cache (see fidelity.test.ts); a new read is too old.
    expect(await codeOf(() => get(t, b('new')))).toBe(ErrorCode.transactionTooOld)
  }, 20_000)

  it('cancel drops the writes; later use fails with 1025', async () => {
    const t = transaction(db())
    set(t, b('c'), b('1'))
    cancel(t)
    expect(await codeOf(() => commit(t))).toBe(ErrorCode.transactionCancelled)
    expect(await transactional(db(), (tx) => get(tx, b('c')))).toBeNull()
  })

  it('the timeout option fails the transaction with 1031', async () => {
    const t = transaction(db(), { timeout: 50 })
    await sleep(80)
    expect(await codeOf(() => get(t, b('t')))).toBe(ErrorCode.transactionTimedOut)
  })
}, { faults: 'skip: drives transactions by hand (no retry loop) to assert exactly which one conflicts; the workloads suite checks isolation under faults' })

forEachEngine('one-shot options', ({ db }) => {
  it('nextWriteNoWriteConflictRange: that write makes no reader conflict; the next write does', async () => {
    await transactional(db(), (tx) => set(tx, b('quiet'), b('0')))
    const reader = transaction(db())
    await get(reader, b('quiet'))
    await get(reader, b('loud'))
    set(reader, b('r'), b(''))
    await transactional(db(), (tx) => {
      tx.setOptions({ nextWriteNoWriteConflictRange: true })
      set(tx, b('quiet'), b('1'))
    })
    await commit(reader) // the write to 'quiet' carried no write conflict range
    const reader2 = transaction(db())
    await get(reader2, b('loud'))
    set(reader2, b('r2'), b(''))
    await transactional(db(), (tx) => {
      tx.setOptions({ nextWriteNoWriteConflictRange: true })
      set(tx, b('quiet'), b('2')) // the one-shot option is used up here
      set(tx, b('loud'), b('1'))
    })
    expect(await codeOf(() => commit(reader2))).toBe(ErrorCode.notCommitted)
    expect(Buffer.from((await transactional(db(), (tx) => get(tx, b('quiet'))))!).toString()).toBe('2')
  })
}, { faults: 'skip: drives transactions by hand (no retry loop) to assert exactly which one conflicts' })

forEachEngine('multi-version reads', ({ db }) => {
  it('a key created later: an older snapshot sees it absent, and a reader of it conflicts, through its overwrite and clear', async () => {
    const before = transaction(db())
    await get(before, b('other')) // fixes its read version before the key exists
    const reader = transaction(db())
    expect(await get(reader, b('born'))).toBeNull()
    set(reader, b('mark'), b(''))
    const created = transaction(db())
    set(created, b('born'), b('1'))
    await commit(created)
    expect(await codeOf(() => commit(reader))).toBe(ErrorCode.notCommitted) // read absent, then created
    expect(await get(before, b('born'))).toBeNull()
    expect(await query(before, b('a'), b('z')).toArray()).toEqual([])
    for (const change of [(tx: typeof before) => set(tx, b('born'), b('2')), (tx: typeof before) => clear(tx, b('born'))]) {
      const tx = transaction(db())
      change(tx)
      await commit(tx)
      // The snapshot older than the creation still sees no key, by point and range reads.
      expect(await get(before, b('born'))).toBeNull()
      expect((await query(before, b('a'), b('z')).toArray()).map(([k]) => Buffer.from(k).toString())).toEqual([])
    }
    const atCreation = transaction(db())
    setReadVersion(atCreation, committedVersion(created))
    expect(Buffer.from((await get(atCreation, b('born')))!).toString()).toBe('1')
    cancel(atCreation)
    cancel(before)
  })

  it('setReadVersion reads any recent committed version, point and range reads alike', async () => {
    const versions: bigint[] = []
    for (let i = 0; i < 6; i++) {
      const tx = transaction(db())
      set(tx, b('h'), b(String(i)))
      set(tx, pack(['r', i]), b(String(i)))
      if (i > 0) clear(tx, pack(['r', i - 1]))
      await commit(tx)
      versions.push(committedVersion(tx))
    }
    for (let i = 0; i < 6; i++) {
      const tx = transaction(db())
      setReadVersion(tx, versions[i]!)
      expect(Buffer.from((await get(tx, b('h')))!).toString()).toBe(String(i))
      const rows = await query(tx, pack(['r', 0]), pack(['r', 99])).toArray()
      expect(rows.map(([k]) => unpack(k)[1])).toEqual([i])
      const backwards = await query(tx, pack(['r', 0]), pack(['r', 99]), { reverse: true }).toArray()
      expect(backwards.map(([k]) => unpack(k)[1])).toEqual([i])
      cancel(tx)
    }
  })
}, { faults: 'skip: commits transactions by hand (no retry loop) to record their exact versions' })
