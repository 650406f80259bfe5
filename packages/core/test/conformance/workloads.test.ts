// FoundationDB's Cycle and bank-invariant workloads, on every engine.
import { expect, it } from 'vitest'
import { get, pack, query, set, transactional, unpack, type Database } from '../../src/index.js'
import { forEachEngine } from '../harness.js'

const node = (i: number) => pack(['cycle', i])

async function readRing(db: Database, n: number): Promise<number[]> {
  return transactional(db, async (tx) => {
    const next: number[] = []
    for (const [k, v] of await query(tx, node(0), pack(['cycle', n])).toArray()) next[unpack(k)[1] as number] = unpack(v)[0] as number
    return next
  })
}

/** Number of nodes reached from 0 before coming back to 0 (n for one ring of n). */
function cycleLength(next: number[]): number {
  let at = 0
  for (let steps = 1; steps <= next.length; steps++) {
    at = next[at]!
    if (at === 0) return steps
  }
  return -1
}

forEachEngine('workloads', ({ db }) => {
  it('Cycle: 20,000 concurrent link swaps keep one ring of length N', async () => {
    const N = 1000
    await transactional(db(), (tx) => {
      for (let i = 0; i < N; i++) set(tx, node(i), pack([(i + 1) % N]))
    })
    const clients = 40
    const perClient = 500
    let retries = 0
    const client = async (seed: number) => {
      let rnd = seed * 7919 + 1
      for (let t = 0; t < perClient; t++) {
        rnd = (rnd * 1103515245 + 12345) & 0x7fffffff
        const r = rnd % N
        await transactional(db(), async (tx) => {
          // r -> r2 -> r3 -> r4  becomes  r -> r3 -> r2 -> r4
          const r2 = unpack((await get(tx, node(r)))!)[0] as number
          const r3 = unpack((await get(tx, node(r2)))!)[0] as number
          const r4 = unpack((await get(tx, node(r3)))!)[0] as number
          set(tx, node(r), pack([r3]))
          set(tx, node(r3), pack([r2]))
          set(tx, node(r2), pack([r4]))
        })
      }
    }
    const counting = db().addHooks({ onAfterCommit: (_tx, s) => (retries += s.retries) })
    await Promise.all(Array.from({ length: clients }, (_, i) => client(i)))
    counting()
    const ring = await readRing(db(), N)
    expect(ring.length).toBe(N)
    expect(cycleLength(ring)).toBe(N)
    expect(retries).toBeGreaterThan(0) // contention really happened
  }, 120_000)

  it('bank: concurrent transfers keep the total constant', async () => {
    const accounts = 20
    await transactional(db(), (tx) => {
      for (let i = 0; i < accounts; i++) set(tx, pack(['acct', i]), pack([1000]))
    })
    const transfer = async (seed: number) => {
      let rnd = seed + 17
      for (let t = 0; t < 100; t++) {
        rnd = (rnd * 1103515245 + 12345) & 0x7fffffff
        const from = rnd % accounts
        const to = (from + 1 + (rnd >> 8) % (accounts - 1)) % accounts
        const amount = (rnd >> 4) % 50
        await transactional(db(), async (tx) => {
          const a = unpack((await get(tx, pack(['acct', from])))!)[0] as number
          const b = unpack((await get(tx, pack(['acct', to])))!)[0] as number
          if (a < amount) return
          set(tx, pack(['acct', from]), pack([a - amount]))
          set(tx, pack(['acct', to]), pack([b + amount]))
        })
      }
    }
    await Promise.all(Array.from({ length: 20 }, (_, i) => transfer(i)))
    const total = await transactional(db(), async (tx) =>
      (await query(tx, pack(['acct', 0]), pack(['acct', accounts])).toArray()).reduce((s, [, v]) => s + (unpack(v)[0] as number), 0),
    )
    expect(total).toBe(accounts * 1000)
  }, 120_000)
})
