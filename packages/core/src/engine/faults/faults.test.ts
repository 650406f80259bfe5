// The fault injector itself: each kind does what it says, reproducibly from the seed.
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  add,
  commit,
  ErrorCode,
  FAULT_KINDS,
  get,
  getVersionstamp,
  littleEndian,
  onError,
  open,
  readLittleEndian,
  set,
  transaction,
  transactional,
  type Database,
  type FaultKind,
} from '../../index.js'
import { testEngines } from '../../testing/index.js'
import { codeOf } from '../../../test/harness.js'

const k = Buffer.from('k')

/** Runs `n` transactions by hand (no retries), each reading twice and adding 1, and returns each one's error code, or 0. */
async function commitCodes(db: Database, n: number): Promise<number[]> {
  const codes: number[] = []
  for (let i = 0; i < n; i++) {
    const tx = transaction(db)
    const attempt = async (): Promise<void> => {
      await get(tx, k)
      await get(tx, k)
      add(tx, k, littleEndian(1))
      await commit(tx)
    }
    codes.push(await attempt().then(() => 0, (error: { code: number }) => error.code))
  }
  return codes
}

async function counter(db: Database): Promise<bigint> {
  return readLittleEndian(await transactional(db, (tx) => get(tx, k))) ?? 0n
}

describe('open({ faults })', () => {
  const dbs: Database[] = []
  afterEach(async () => {
    for (const db of dbs.splice(0)) await db.close()
  })
  const faulty = async (faults: { rate?: number; seed?: number; kinds?: FaultKind[] }): Promise<Database> => {
    const db = await open({ faults })
    dbs.push(db)
    return db
  }

  it('injects the same faults for the same seed, and others for another seed', async () => {
    const a = await commitCodes(await faulty({ rate: 0.3, seed: 11 }), 60)
    const again = await commitCodes(await faulty({ rate: 0.3, seed: 11 }), 60)
    const other = await commitCodes(await faulty({ rate: 0.3, seed: 12 }), 60)
    expect(again).toEqual(a)
    expect(other).not.toEqual(a)
    expect(a.filter((c) => c !== 0).length).toBeGreaterThan(5)
    expect(new Set(a)).toEqual(new Set([0, ErrorCode.notCommitted, ErrorCode.commitUnknownResult, ErrorCode.transactionTooOld]))
  })

  it('conflict: 1020 and nothing applied; unknownNotApplied: 1021 and nothing applied', async () => {
    for (const [kind, code] of [['conflict', ErrorCode.notCommitted], ['unknownNotApplied', ErrorCode.commitUnknownResult]] as const) {
      const db = await faulty({ rate: 1, kinds: [kind] })
      expect(await commitCodes(db, 3)).toEqual([code, code, code])
      expect(await counter(db)).toBe(0n)
    }
  })

  it('unknownApplied: 1021 although the commit was applied, so a retried body applies it again', async () => {
    const db = await faulty({ rate: 1, kinds: ['unknownApplied'] })
    expect(await commitCodes(db, 2)).toEqual([ErrorCode.commitUnknownResult, ErrorCode.commitUnknownResult])
    expect(await counter(db)).toBe(2n)
    // In transactional: three attempts in a row fail, the fourth goes through; all four were applied.
    let runs = 0
    await transactional(db, (tx) => {
      runs++
      add(tx, k, littleEndian(1))
    })
    expect(runs).toBe(4)
    expect(await counter(db)).toBe(6n)
  })

  it('tooOld: a read late in the transaction (not its first) fails with 1007', async () => {
    const db = await faulty({ rate: 1, kinds: ['tooOld'] })
    const tx = transaction(db)
    const failedAt: number[] = []
    for (let read = 0; read < 6; read++) {
      const code = await codeOf(() => get(tx, k)).catch(() => 0)
      if (code !== 0) failedAt.push(read)
    }
    expect(failedAt).toHaveLength(1)
    expect(failedAt[0]).toBeGreaterThanOrEqual(1)
    // onError retries it like any 1007; the retried attempt gets its own fault draw.
    await onError(tx, Object.assign(new Error(), { code: 0 })).catch(() => {})
  })

  it('a read-only transaction meets no commit fault (as on FoundationDB)', async () => {
    const db = await faulty({ rate: 1, kinds: ['conflict', 'unknownApplied', 'unknownNotApplied'] })
    for (let i = 0; i < 5; i++) {
      const tx = transaction(db)
      await get(tx, k)
      await commit(tx)
    }
  })

  it('the versionstamp of an attempt that met a fault fails with 2020, as after any failed commit', async () => {
    const db = await faulty({ rate: 1, kinds: ['unknownApplied'] })
    const tx = transaction(db)
    set(tx, k, Buffer.from('v'))
    const stamp = getVersionstamp(tx)
    expect(await codeOf(() => commit(tx))).toBe(ErrorCode.commitUnknownResult)
    expect(await codeOf(() => stamp)).toBe(ErrorCode.transactionInvalidVersion)
  })

  it('delay only: every transaction commits, later', async () => {
    const db = await faulty({ rate: 1, kinds: ['delay'] })
    expect(await commitCodes(db, 5)).toEqual([0, 0, 0, 0, 0])
    expect(await counter(db)).toBe(5n)
  })

  it('rate 0 injects nothing', async () => {
    const db = await faulty({ rate: 0, seed: 3 })
    expect(await commitCodes(db, 30)).toEqual(Array(30).fill(0))
  })

  it('refuses bad options with a TypeError naming them', async () => {
    await expect(open({ faults: { rate: 2 } })).rejects.toThrow(/open: faults.rate must be a number from 0 to 1, got number 2/)
    await expect(open({ faults: { seed: 1.5 } })).rejects.toThrow(/faults.seed must be an integer/)
    await expect(open({ faults: { kinds: ['conflicts' as FaultKind] } })).rejects.toThrow(/unknown kind "conflicts"; known kinds: conflict/)
    await expect(open({ faults: { rates: 0.1 } as never })).rejects.toThrow(/unknown option "rates" \(did you mean "rate"\?\)/)
    expect(FAULT_KINDS).toEqual(['conflict', 'tooOld', 'unknownApplied', 'unknownNotApplied', 'delay'])
  })
})

describe('testEngines fault variants', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })
  const variants = (...args: Parameters<typeof testEngines>) => testEngines(...args).filter((e) => e.faults !== null).map((e) => e.name)

  it('by default: the memory engine on seeds 1 and 2', () => {
    vi.stubEnv('FOUNDKIT_FAULT_SEEDS', '')
    expect(variants()).toEqual(['memory+faults seed=1', 'memory+faults seed=2'])
    expect(testEngines().find((e) => e.name === 'memory+faults seed=2')?.faults).toEqual({ seed: 2, rate: 0.1, kinds: FAULT_KINDS })
  })

  it('FOUNDKIT_FAULT_SEEDS names seeds and ranges, or none; it wins over the seeds option', () => {
    vi.stubEnv('FOUNDKIT_FAULT_SEEDS', '3,7-9')
    expect(variants({ faults: { seeds: 5 } })).toEqual([3, 7, 8, 9].map((s) => `memory+faults seed=${s}`))
    vi.stubEnv('FOUNDKIT_FAULT_SEEDS', 'none')
    expect(variants()).toEqual([])
    vi.stubEnv('FOUNDKIT_FAULT_SEEDS', 'seven')
    expect(() => testEngines()).toThrow(/FOUNDKIT_FAULT_SEEDS must list seeds or ranges/)
  })

  it('options: seeds, engines, kinds; false for none', () => {
    vi.stubEnv('FOUNDKIT_FAULT_SEEDS', '')
    expect(variants({ faults: { seeds: [5], engines: ['memory', 'durable'], kinds: ['delay'] } })).toEqual(['memory+faults seed=5', 'durable+faults seed=5'])
    expect(variants({ faults: false })).toEqual([])
    expect(() => testEngines({ faults: { seed: 3 } as never })).toThrow(/testEngines: faults: unknown option "seed" \(did you mean "seeds"\?\)/)
  })

  it('FOUNDKIT_FAULTS_ONLY=1 skips the plain engines, saying why', () => {
    vi.stubEnv('FOUNDKIT_FAULTS_ONLY', '1')
    const plain = testEngines().filter((e) => e.faults === null)
    expect(plain.every((e) => e.skipReason !== null)).toBe(true)
    expect(plain.find((e) => e.name === 'memory')?.skipReason).toMatch(/FOUNDKIT_FAULTS_ONLY/)
  })

  it('FOUNDKIT_ENGINES=memory runs the memory engine alone of the plain engines, saying why of the others', () => {
    vi.stubEnv('FOUNDKIT_FAULTS_ONLY', '')
    vi.stubEnv('FDB_CLUSTER_FILE', '')
    vi.stubEnv('FOUNDKIT_ENGINES', 'memory')
    const plain = testEngines().filter((e) => e.faults === null)
    expect(plain.filter((e) => e.skipReason === null).map((e) => e.name)).toEqual(['memory'])
    expect(plain.find((e) => e.name === 'durable-cold')?.skipReason).toMatch(/FOUNDKIT_ENGINES=memory/)
    vi.stubEnv('FOUNDKIT_ENGINES', ' durable , memory')
    expect(testEngines().filter((e) => e.faults === null && e.skipReason === null).map((e) => e.name)).toEqual(['memory', 'durable'])
    vi.stubEnv('FOUNDKIT_ENGINES', 'memroy')
    expect(() => testEngines()).toThrow(/FOUNDKIT_ENGINES must list engines among memory, durable, durable-cold, fdb, got "memroy"/)
  })
})
