// FoundationDB 7.3's automaticIdempotency / idempotencyId: a commit whose
// result is lost (1021) is resolved by its id, so a retry loop applies each
// transaction once (docs/api-parity.md, docs/testing-with-faults.md).
import { afterEach, describe, expect, it } from 'vitest'
import {
  add,
  commit,
  committedVersion,
  ErrorCode,
  get,
  getVersionstamp,
  littleEndian,
  onError,
  open,
  readLittleEndian,
  set,
  transaction,
  transactional,
  transactionalWith,
  type Database,
  type FaultKind,
} from '../../src/index.js'
import { b, codeOf, forEachEngine, rejectsWith, suiteTempDir } from '../harness.js'

const hits = b('idem/hits')
const count = async (db: Database): Promise<bigint> => readLittleEndian(await transactional(db, (tx) => get(tx, hits))) ?? 0n

forEachEngine('automaticIdempotency and idempotencyId', ({ db }) => {
  it('automaticIdempotency: concurrent blind adds count once per acknowledged transaction (on the fault variants too)', async () => {
    const n = 40
    await Promise.all(Array.from({ length: n }, () => transactionalWith(db(), { automaticIdempotency: true }, (tx) => add(tx, hits, littleEndian(1)))))
    expect(await count(db())).toBe(BigInt(n))
  })

  it('automaticIdempotency as a database default, and set inside the body (as FoundationDB’s docs do)', async () => {
    await Promise.all(Array.from({ length: 10 }, () => transactional(db(), (tx) => {
      tx.setOptions({ automaticIdempotency: true })
      add(tx, hits, littleEndian(1))
    })))
    expect(await count(db())).toBe(10n)
  })

  it('a committed transaction with an idempotency id has its version and versionstamp as any other', async () => {
    const tx = transaction(db(), { idempotencyId: b('order-0000000001') })
    let stamp: Promise<Uint8Array>
    for (;;) {
      set(tx, b('idem/k'), b('v'))
      stamp = getVersionstamp(tx)
      try {
        await commit(tx)
        break
      } catch (error) {
        await onError(tx, error) // on the fault variants: 1020, or 1007 for a lost reply of a commit not applied
      }
    }
    expect(committedVersion(tx)).toBeGreaterThan(0n)
    expect(Buffer.from(await stamp).readBigUInt64BE(0)).toBe(committedVersion(tx))
  })

  it('idempotencyId is 16 to 255 bytes (a string counts its UTF-8 bytes): else 2006 (invalid_option_value); not bytes or a string: TypeError', async () => {
    for (const id of [b('x'.repeat(15)), Buffer.alloc(256), 'é'.repeat(7) + 'x']) {
      await rejectsWith(Promise.resolve().then(() => transaction(db(), { idempotencyId: id })), ErrorCode.invalidOptionValue, /idempotencyId must be 16 to 255 bytes/)
    }
    await rejectsWith(transactional(db(), (tx) => tx.setOptions({ idempotencyId: Buffer.alloc(3) })), ErrorCode.invalidOptionValue, /got 3/)
    await rejectsWith(Promise.resolve().then(() => transaction(db(), { idempotencyId: 42 as never })), 'TypeError', /idempotencyId must be a Uint8Array or a string/)
    await rejectsWith(Promise.resolve().then(() => transaction(db(), { automaticIdempotency: 'yes' as never })), 'TypeError', /automaticIdempotency must be a boolean/)
    for (const id of [Buffer.alloc(16, 1), Buffer.alloc(255, 2), 'é'.repeat(8)]) {
      await transactionalWith(db(), { idempotencyId: id }, (tx) => add(tx, hits, littleEndian(1)))
    }
    expect(await count(db())).toBe(3n)
  })

  it('an idempotency id names one transaction, not a deduplication key: two transactions given the same id both apply (as on FoundationDB)', async () => {
    const id = 'the-same-id-twice'
    for (let i = 0; i < 2; i++) await transactionalWith(db(), { idempotencyId: id }, (tx) => add(tx, hits, littleEndian(1)))
    expect(await count(db())).toBe(2n)
  })
})

describe('open() and the idempotency options', () => {
  it('open({ transaction: { idempotencyId } }) is refused (one id for every transaction); transactionAutomaticIdempotency says how to write it', async () => {
    await rejectsWith(open({ transaction: { idempotencyId: 'a-default-id-for-all' } }), ErrorCode.invalidOptionValue, /idempotencyId names one transaction/)
    await rejectsWith(open({ transactionAutomaticIdempotency: true } as never), ErrorCode.unsupported, /open\(\{ transaction: \{ automaticIdempotency: true \} \}\)/)
  })
})

// The case that matters: the commit is applied and its reply lost (1021). Opened by hand (rate 1, one kind)
// on the memory and the durable engine, so that every attempt meets the fault.
describe.each(['memory', 'durable'] as const)('a lost commit reply on the %s engine', (kind) => {
  const dir = suiteTempDir('foundkit-idempotency-')
  const dbs: Database[] = []
  afterEach(async () => {
    for (const d of dbs.splice(0)) await d.close()
  })
  let serial = 0
  const faulty = async (kinds: FaultKind[]): Promise<Database> => {
    const d = await open({ ...(kind === 'durable' ? { path: `${dir()}/db${serial++}` } : {}), faults: { rate: 1, seed: 3, kinds } })
    dbs.push(d)
    return d
  }

  it('applied then 1021: with automaticIdempotency each body runs once and counts once; without it, it counts up to 4 times (documented double-apply)', async () => {
    const idempotent = await faulty(['unknownApplied'])
    let runs = 0
    for (let i = 0; i < 5; i++) {
      await transactionalWith(idempotent, { automaticIdempotency: true }, (tx) => {
        runs++
        add(tx, hits, littleEndian(1))
      })
    }
    expect(runs).toBe(5)
    expect(await count(idempotent)).toBe(5n)

    // Without it: the same faults apply each transaction on every one of its 4 attempts (3 faults in a row, then through).
    const blind = await faulty(['unknownApplied'])
    for (let i = 0; i < 5; i++) await transactional(blind, (tx) => add(tx, hits, littleEndian(1)))
    expect(await count(blind)).toBe(20n)
  })

  it('applied then 1021, by hand: commit resolves, with the applied commit’s version and versionstamp', async () => {
    const d = await faulty(['unknownApplied'])
    const tx = transaction(d, { idempotencyId: b('payment-000000042') })
    add(tx, hits, littleEndian(1))
    const stamp = getVersionstamp(tx)
    await commit(tx)
    expect(Buffer.from(await stamp).readBigUInt64BE(0)).toBe(committedVersion(tx))
    expect(await count(d)).toBe(1n)
  })

  it('not applied then 1021: with an id the commit fails with 1007 (retryable, nothing written) instead, and the retry applies it once', async () => {
    const d = await faulty(['unknownNotApplied'])
    const tx = transaction(d, { automaticIdempotency: true })
    add(tx, hits, littleEndian(1))
    expect(await codeOf(() => commit(tx))).toBe(ErrorCode.transactionTooOld)
    expect(await count(d)).toBe(0n)
    let runs = 0
    await transactionalWith(d, { idempotencyId: 'retried-with-one-id' }, (t) => {
      runs++
      add(t, hits, littleEndian(1))
    })
    expect(runs).toBe(4) // three faults in a row, then through
    expect(await count(d)).toBe(1n)
  })
})
