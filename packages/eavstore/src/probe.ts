/**
 * Ranking a query's conditions by size with a bounded amount of reading: the
 * index ranges of all conditions are read in step, a few keys at first, then
 * more, until one of them has been read whole (that one is the smallest: it
 * drives) or a cap is reached. Ranges read whole are kept: the driver's keys
 * and the other conditions' ids come from them, without a second read.
 * The cost is at most (number of conditions) × the driver's own range, plus
 * a few keys; no range is walked to its end just to be measured.
 *
 * @module
 */
import { keyAfter, query as rangeQuery, type PackedPairs, type Transaction } from '@foundkit/core'
import type { Condition } from './conditions.js'

/** Keys of an index range read so far, in key order: core's packed batches. @internal */
export interface Probe {
  readonly condition: Condition
  /** The batches read, in key order. */
  readonly batches: PackedPairs[]
  /** How many keys they hold. */
  count: number
  /** Whether `batches` hold the whole range. */
  complete: boolean
}

/** How many keys of each range have been read after each step (the last is the cap). */
const STEPS = [32, 512, 4096]

/** Reads up to `upTo` keys of the probe's range in all, continuing after what it has. */
async function extend(t: Transaction, probe: Probe, upTo: number): Promise<void> {
  const want = upTo - probe.count
  const last = probe.batches[probe.batches.length - 1]
  const begin = last === undefined ? probe.condition.begin : keyAfter(last.key(last.length - 1))
  let got = 0
  for await (const batch of rangeQuery(t, begin, probe.condition.end, { limit: want, mode: 'want_all' }).byPackedBatch()) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent on the embedded engine, whose range reads yield no empty batch (a guard for other engines)
    if (batch.length > 0) probe.batches.push(batch)
    got += batch.length
  }
  probe.count += got
  if (got < want) probe.complete = true
}

/**
 * Reads the conditions' ranges in step until one is complete or the cap is
 * reached. @internal
 */
export async function probeAll(t: Transaction, conditions: readonly Condition[]): Promise<Probe[]> {
  const probes: Probe[] = conditions.map((condition) => ({ condition, batches: [], count: 0, complete: false }))
  for (const step of STEPS) {
    // Every probe is still incomplete here: the loop ends at the first step that completes one.
    await Promise.all(probes.map((p) => extend(t, p, step)))
    if (probes.some((p) => p.complete)) break
  }
  return probes
}

/**
 * The driving probe: the smallest range read whole, or (when every range
 * passed the cap, so each is large) the first condition's. @internal
 */
export function driverOf(probes: readonly Probe[]): Probe {
  let best: Probe | null = null
  for (const p of probes) if (p.complete && (best === null || p.count < best.count)) best = p
  return best ?? probes[0]!
}
