// The planner of an AND: the conditions' index ranges are read in step (32,
// then 512, then 4,096 keys each) until one is read whole; that smallest one
// drives, and what was read of each range is exactly its first keys, in order.
import { describe, expect, it } from 'vitest'
import { query as rangeQuery, transactional, type Database, type Transaction } from '@foundkit/core'
import { forEachEngine } from '@foundkit/core/testing/vitest'
import * as eavstore from './index.js'
import { parseConditions, type Condition } from './conditions.js'
import { planOf } from './match.js'
import { driverOf, probeAll, type Probe } from './probe.js'

const store = eavstore.make('people', ['test', 'probe'])

/** Creates documents 0..n-1, made by `docOf`, 300 a transaction. */
async function seed(db: Database, n: number, docOf: (i: number) => eavstore.EavDocument): Promise<void> {
  for (let from = 0; from < n; from += 300) {
    await transactional(db, async (tx) => {
      for (let i = from; i < Math.min(n, from + 300); i++) await eavstore.create(tx, store, docOf(i), i)
    })
  }
}

const conditionsOf = (conditions: eavstore.EavConditions): Condition[] => parseConditions(store, 'test', conditions)

/** The keys a probe holds, as hex, in order. */
const keysOf = (probe: Probe): string[] => probe.batches.flatMap((batch) => Array.from({ length: batch.length }, (_, i) => Buffer.from(batch.key(i)).toString('hex')))

/** The first `n` keys of a condition's index range, read directly. */
async function firstKeys(tx: Transaction, condition: Condition, n: number): Promise<string[]> {
  const pairs = await rangeQuery(tx, condition.begin, condition.end, { limit: n }).toArray()
  return pairs.map(([key]) => Buffer.from(key).toString('hex'))
}

/** What probeAll read, per condition path: keys held, whether complete, and whether they are the range's first keys. */
async function probed(db: Database, conditions: eavstore.EavConditions) {
  return transactional(db, async (tx) => {
    const probes = await probeAll(tx, conditionsOf(conditions))
    const out: Record<string, { count: number; complete: boolean; firstKeys: boolean; emptyBatches: number }> = {}
    for (const p of probes) {
      const keys = keysOf(p)
      out[p.condition.path] = {
        count: p.count,
        complete: p.complete,
        firstKeys: keys.length === p.count && JSON.stringify(keys) === JSON.stringify(await firstKeys(tx, p.condition, p.count)),
        emptyBatches: p.batches.filter((b) => b.length === 0).length,
      }
    }
    return { out, driver: driverOf(probes).condition.path }
  })
}

forEachEngine('eavstore: the planner reads the ranges in step and the smallest drives', ({ db }) => {
  it('a range under the first step is read whole and drives; the others stop at that step', async () => {
    await seed(db(), 600, (i) => ({ all: true, mid: i < 100, few: i < 5 }))
    const { out, driver } = await probed(db(), { all: true, mid: true, few: true })
    expect(out).toEqual({
      all: { count: 32, complete: false, firstKeys: true, emptyBatches: 0 },
      mid: { count: 32, complete: false, firstKeys: true, emptyBatches: 0 },
      few: { count: 5, complete: true, firstKeys: true, emptyBatches: 0 },
    })
    expect(driver).toBe('few')
    const plan = await transactional(db(), (tx) => planOf(tx, store, conditionsOf({ all: true, mid: true, few: true }), null, null))
    expect(plan!.driver.path).toBe('few')
    // The others were not read whole: each candidate is checked by a point read.
    expect(plan!.checks.map((c) => c.kind)).toEqual(['read', 'read'])
  })

  it('ranges go on from where the last step stopped, until one is whole', async () => {
    await seed(db(), 600, (i) => ({ all: true, mid: i < 100, step: i < 32 }))
    const { out, driver } = await probed(db(), { all: true, mid: true })
    expect(out).toEqual({
      all: { count: 512, complete: false, firstKeys: true, emptyBatches: 0 },
      mid: { count: 100, complete: true, firstKeys: true, emptyBatches: 0 },
    })
    expect(driver).toBe('mid')
    // A range exactly as long as a step is whole only once the next step finds nothing after it.
    const exact = await probed(db(), { all: true, step: true })
    expect(exact.out).toEqual({
      all: { count: 512, complete: false, firstKeys: true, emptyBatches: 0 },
      step: { count: 32, complete: true, firstKeys: true, emptyBatches: 0 },
    })
    expect(exact.driver).toBe('step')
  })

  it('past the cap no range is whole, and the first condition drives', { timeout: 60_000 }, async () => {
    await seed(db(), 4200, () => ({ a: true, b: true }))
    const { out, driver } = await probed(db(), { b: true, a: true })
    expect(out).toEqual({
      b: { count: 4096, complete: false, firstKeys: true, emptyBatches: 0 },
      a: { count: 4096, complete: false, firstKeys: true, emptyBatches: 0 },
    })
    expect(driver).toBe('b')
  })
})

describe('eavstore: driverOf', () => {
  const probe = (path: string, count: number, complete: boolean): Probe => ({ condition: { path } as Condition, batches: [], count, complete })

  it('is the complete probe with the fewest keys, the first of equals, and never an incomplete one', () => {
    expect(driverOf([probe('a', 50, true), probe('b', 7, true), probe('c', 7, true)]).condition.path).toBe('b')
    expect(driverOf([probe('a', 1, false), probe('b', 40, true), probe('c', 9, false)]).condition.path).toBe('b')
    expect(driverOf([probe('a', 10, true), probe('b', 3, false)]).condition.path).toBe('a')
  })

  it('is the first probe when none is complete', () => {
    expect(driverOf([probe('a', 4096, false), probe('b', 4096, false)]).condition.path).toBe('a')
  })
})
