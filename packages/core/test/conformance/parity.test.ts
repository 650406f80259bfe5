// FoundationDB's transaction options, as FoundationDB defines them: supported
// ones behave as on a cluster, the others are refused by name or accepted with
// no effect (docs/api-parity.md).
import { expect, it, vi } from 'vitest'
import { commit, committedVersion, conflictingKeys, ErrorCode, FoundError, get, getKey, gte, onError, query, set, transaction, transactional, transactionalWith, type TransactionOptions } from '../../src/index.js'
import { UNSUPPORTED_TRANSACTION_OPTIONS } from '../../src/options/fdb-parity.js'
import { b, codeOf, forEachEngine, rejectsWith } from '../harness.js'

const latin1 = (s: string): Buffer => Buffer.from(s, 'latin1')
const values = (pairs: Array<[Uint8Array, Uint8Array]>): string[] => pairs.map(([, v]) => Buffer.from(v).toString())

forEachEngine('FoundationDB option parity', ({ db, engine }) => {
  it('readYourWritesDisable: reads return the stored values, not the transaction’s own writes; the writes still commit', async () => {
    await transactional(db(), (tx) => set(tx, b('ryw/old'), b('stored')))
    const tx = transaction(db(), { readYourWritesDisable: true })
    set(tx, b('ryw/old'), b('mine'))
    set(tx, b('ryw/new'), b('mine'))
    expect(Buffer.from((await get(tx, b('ryw/old')))!).toString()).toBe('stored')
    expect(await get(tx, b('ryw/new'))).toBeNull()
    expect(values(await query(tx, b('ryw/'), b('ryw0')).toArray())).toEqual(['stored'])
    expect(Buffer.from(await getKey(tx, gte(b('ryw/n')))).toString()).not.toBe('ryw/new')
    await commit(tx)
    const after = await transactional(db(), (t) => query(t, b('ryw/'), b('ryw0')).toArray())
    expect(values(after)).toEqual(['mine', 'mine'])
  })

  it('readYourWritesDisable after the first read or write fails with 2000 (client_invalid_operation)', async () => {
    const tx = transaction(db())
    set(tx, b('ryw/late'), b('x'))
    expect(await codeOf(() => tx.setOptions({ readYourWritesDisable: true }))).toBe(ErrorCode.clientInvalidOperation)
    tx.cancel()
  })

  it('snapshotRywDisable: snapshot reads skip the transaction’s own writes, plain reads still see them; snapshotRywEnable undoes it', async () => {
    await transactional(db(), (tx) => set(tx, b('snap/k'), b('stored')))
    const tx = transaction(db(), { snapshotRywDisable: true })
    set(tx, b('snap/k'), b('mine'))
    set(tx, b('snap/n'), b('mine'))
    expect(Buffer.from((await get(tx.snapshot(), b('snap/k')))!).toString()).toBe('stored')
    expect(await get(tx.snapshot(), b('snap/n'))).toBeNull()
    expect(values(await query(tx.snapshot(), b('snap/'), b('snap0')).toArray())).toEqual(['stored'])
    expect(Buffer.from((await get(tx, b('snap/k')))!).toString()).toBe('mine')
    tx.setOptions({ snapshotRywEnable: true })
    expect(Buffer.from((await get(tx.snapshot(), b('snap/n')))!).toString()).toBe('mine')
    tx.cancel()
  })

  it('snapshot reads see the transaction’s own writes by default (snapshotRywEnable)', async () => {
    const tx = transaction(db(), { snapshotRywEnable: true })
    set(tx, b('snap/d'), b('mine'))
    expect(Buffer.from((await get(tx.snapshot(), b('snap/d')))!).toString()).toBe('mine')
    tx.cancel()
  })

  it('every refused FoundationDB option fails with FoundError unsupported naming it; the transaction is not made', async () => {
    const refused = Object.entries(UNSUPPORTED_TRANSACTION_OPTIONS).filter(([, p]) => p.status === 'refused')
    expect(refused.length).toBeGreaterThan(0)
    for (const [name] of refused) {
      const options = { [name]: true } as TransactionOptions
      await rejectsWith(Promise.resolve().then(() => transaction(db(), options)), ErrorCode.unsupported, new RegExp(`"${name}" is not supported`))
      await rejectsWith(transactional(db(), (tx) => tx.setOptions(options)), ErrorCode.unsupported, new RegExp(name))
    }
  })

  it('every no-effect FoundationDB option is accepted, and the transaction works as without it', async () => {
    const accepted = Object.entries(UNSUPPORTED_TRANSACTION_OPTIONS).filter(([, p]) => p.status === 'noEffect')
    expect(accepted.length).toBeGreaterThan(0)
    const all = Object.fromEntries(accepted.map(([name]) => [name, true])) as TransactionOptions
    const tx = transaction(db(), all)
    tx.setOptions(all)
    set(tx, b('noeffect'), b('v'))
    await commit(tx)
    expect(Buffer.from((await transactional(db(), (t) => get(t, b('noeffect'))))!).toString()).toBe('v')
  })

  it('debugTransactionIdentifier and logTransaction: every hook sees the name and the log flag on each attempt’s stats', async () => {
    const seen: Array<[string, string | null, boolean]> = []
    const remove = db().addHooks({
      onBegin: (tx) => seen.push(['begin', tx.stats.name, tx.stats.logged]),
      onAfterCommit: (_tx, stats) => seen.push(['after', stats.name, stats.logged]),
    })
    let attempts = 0
    await transactionalWith(db(), { debugTransactionIdentifier: 'transfer-42', logTransaction: true }, (tx) => {
      set(tx, b('named'), b('v'))
      if (++attempts === 1) throw new FoundError(ErrorCode.notCommitted, 'a conflict, made up for the test')
    })
    await transactional(db(), (tx) => {
      tx.setOptions({ debugTransactionIdentifier: 'set-inside' })
      set(tx, b('named2'), b('v'))
    })
    remove()
    expect(seen).toEqual([
      ['begin', 'transfer-42', true],
      ['begin', 'transfer-42', true],
      ['after', 'transfer-42', true],
      ['begin', null, false],
      ['after', 'set-inside', false],
    ])
    const manual = transaction(db(), { debugTransactionIdentifier: 'manual' })
    expect(manual.stats.name).toBe('manual')
    manual.cancel()
    await rejectsWith(Promise.resolve().then(() => transaction(db(), { debugTransactionIdentifier: 'x'.repeat(101) })), ErrorCode.invalidOptionValue, /at most 100 characters/)
  })

  it('reportConflictingKeys: after a 1020, conflictingKeys(tx) gives the read ranges another commit wrote, in FoundationDB’s special keys', async () => {
    await transactional(db(), (tx) => {
      set(tx, b('hot/a'), b('0'))
      set(tx, b('cold/b'), b('0'))
    })
    const tx = transaction(db(), { reportConflictingKeys: true })
    await get(tx, b('hot/a'))
    await get(tx, b('cold/b'))
    await query(tx, b('hot/r/'), b('hot/r0')).toArray()
    set(tx, b('out'), b('1'))
    await transactional(db(), (other) => {
      set(other, b('hot/a'), b('1'))
      set(other, b('hot/r/x'), b('1'))
    })
    expect(await codeOf(() => commit(tx))).toBe(ErrorCode.notCommitted)
    const ranges = (await conflictingKeys(tx)).map(({ begin, end }) => [Buffer.from(begin).toString('latin1'), Buffer.from(end).toString('latin1')])
    expect(ranges).toEqual([
      ['hot/a', 'hot/a\x00'],
      ['hot/r/', 'hot/r0'],
    ])
    const raw = await query(tx.snapshot(), latin1('\xff\xff/transaction/conflicting_keys/'), latin1('\xff\xff/transaction/conflicting_keys/\xff\xff')).toArray()
    expect(raw.map(([k, v]) => [Buffer.from(k).toString('latin1'), Buffer.from(v).toString()])).toEqual([
      ['\xff\xff/transaction/conflicting_keys/hot/a', '1'],
      ['\xff\xff/transaction/conflicting_keys/hot/a\x00', '0'],
      ['\xff\xff/transaction/conflicting_keys/hot/r/', '1'],
      ['\xff\xff/transaction/conflicting_keys/hot/r0', '0'],
    ])
    tx.cancel()
  })

  it('without reportConflictingKeys a failed commit reports no conflicting keys', async () => {
    const tx = transaction(db())
    await get(tx, b('hot/z'))
    set(tx, b('out'), b('1'))
    await transactional(db(), (other) => set(other, b('hot/z'), b('1')))
    expect(await codeOf(() => commit(tx))).toBe(ErrorCode.notCommitted)
    expect(await conflictingKeys(tx)).toEqual([])
    tx.cancel()
  })

  it('the special key status/json is a JSON document; on the embedded engine: engine, version, keys, bytes, open transactions', async () => {
    const written = transaction(db())
    set(written, b('s/1'), b('abc'))
    set(written, b('s/2'), b('defg'))
    await commit(written)
    const statusKey = latin1('\xff\xff/status/json')
    const other = transaction(db())
    const reader = transaction(db())
    const status = JSON.parse(Buffer.from((await get(reader, statusKey))!).toString()) as Record<string, unknown>
    if (!engine.name.startsWith('fdb')) {
      expect(status).toEqual({
        engine: engine.name.startsWith('durable') ? 'durable' : 'memory',
        version: expect.any(Number),
        keys: 2,
        bytes: 3 + 3 + 3 + 4,
        openTransactions: 2,
      })
      expect(status['version']).toBeGreaterThanOrEqual(Number(committedVersion(written)))
      other.cancel()
      const after = JSON.parse(Buffer.from((await get(reader, statusKey))!).toString()) as { openTransactions: number }
      expect(after.openTransactions).toBe(1)
    }
    other.cancel()
    reader.cancel()
  })

  it('a name that is not a FoundationDB option at all is still a TypeError', async () => {
    await rejectsWith(Promise.resolve().then(() => transaction(db(), { priorityBach: true } as TransactionOptions)), 'TypeError', /unknown option "priorityBach"/)
  })

  it('retryLimit: transactional gives up with the last error after that many retries', async () => {
    let runs = 0
    const conflictEveryTime = transactionalWith(db(), { retryLimit: 2 }, () => {
      runs++
      throw new FoundError(ErrorCode.notCommitted, 'a conflict on every attempt')
    })
    await rejectsWith(conflictEveryTime, ErrorCode.notCommitted, /a conflict on every attempt/)
    expect(runs).toBe(3) // the first run and 2 retries
  })

  // The backoff is the cluster client's own on FoundationDB (native timers): observed here through setTimeout.
  ;(engine.name === 'fdb' ? it.skip : it)('maxRetryDelay: onError never waits longer than it (the backoff doubles up to it)', async () => {
    const delays = (maxRetryDelay?: number) => async (): Promise<number[]> => {
      const waits: number[] = []
      const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
        waits.push(ms ?? 0)
        queueMicrotask(fn)
        return 0 as never
      }) as unknown as typeof setTimeout)
      try {
        const tx = transaction(db(), maxRetryDelay === undefined ? {} : { maxRetryDelay })
        for (let i = 0; i < 7; i++) await onError(tx, new FoundError(ErrorCode.notCommitted, 'conflict'))
      } finally {
        spy.mockRestore()
      }
      return waits
    }
    const capped = await delays(20)()
    expect(capped).toHaveLength(7)
    for (const ms of capped) expect(ms).toBeLessThanOrEqual(20)
    expect(Math.max(...(await delays()()))).toBeGreaterThan(20)
  })
}, { faults: 'skip: the option tests drive transactions by hand (commit without a retry loop), so injected faults would fail them' })
