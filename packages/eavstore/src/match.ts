/**
 * The matching loop of a query: the driving condition's index keys, batch by
 * batch, each id checked against the other conditions. Ids are decoded in
 * place from core's packed batches (packed-keys.ts); a batch makes no Buffer
 * per key, and the loop makes no promise per id.
 *
 * The other conditions are checked, per batch of the driver: by a merge with
 * an equality read whole (two equality ranges are both in id order), by a set
 * of the ids of a range read whole, or by point reads (the index key of an
 * equality, the stored value for a range).
 *
 * @module
 */
import { getMany, keepShape, keyAfter, pack, query as rangeQuery, unpack, type PackedPairs, type Transaction } from '@foundkit/core'
import { asBuffer, type Condition } from './conditions.js'
import type { EavId } from './operations.js'
import { bytesOf, compareRanges, decodeId, itemLength, keyEnd, keyStart, latin1Of, valueLengthAt } from './packed-keys.js'
import { driverOf, probeAll, type Probe } from './probe.js'
import type { EavStore } from './store.js'
import { decodeValue, indexItemsOf } from './values.js'

/** How a query reads: its driving condition, where it starts, and how the others are checked. @internal */
export interface Plan {
  readonly driver: Condition
  /** The driver's keys already read (by the probes), or null. */
  readonly probe: Probe | null
  /** The first index key to read. */
  readonly begin: Buffer
  readonly checks: Check[]
  /** The documents' subspace prefix (for point reads of stored values). */
  readonly documents: Buffer
}

/** How one other condition is checked. */
type Check =
  | { readonly kind: 'merge'; readonly cursor: MergeCursor }
  | { readonly kind: 'set'; readonly ids: Set<string> }
  | { readonly kind: 'read'; readonly condition: Condition }

/** Plans a query (probing the conditions when there are several); null when nothing is left to read after `resumeAfter`. @internal */
export async function planOf(t: Transaction, store: EavStore, conditions: Condition[], resumePath: string | null, resumeAfter: Buffer | null): Promise<Plan | null> {
  // One condition needs no ranking; several are probed in step (bounded), the smallest drives.
  // Stryker disable next-line ConditionalExpression: equivalent: probing a lone condition finds it the driver, with no check (a fast path) (also left out here: `true`, killed)
  const probes = conditions.length === 1 ? null : await probeAll(t, conditions)
  const probe = probes === null ? null : resumePath === null ? driverOf(probes) : probes.find((p) => p.condition.path === resumePath)!
  // Stryker disable next-line ConditionalExpression: equivalent: without probes there is one condition, which find returns whatever it tests
  const driver = probe?.condition ?? conditions.find((c) => resumePath === null || c.path === resumePath)!
  const begin = resumeAfter === null ? driver.begin : asBuffer(keyAfter(resumeAfter))
  // Stryker disable next-line EqualityOperator: equivalent: a plan that starts at its end reads an empty range and finds nothing, as null does
  if (Buffer.compare(begin, driver.end) >= 0) return null
  const checks = (probes ?? []).filter((p) => p !== probe).map((other) => checkOf(driver, other))
  return { driver, probe, begin, checks, documents: asBuffer(store.documents.key()) }
}

function checkOf(driver: Condition, other: Probe): Check {
  // Stryker disable next-line ConditionalExpression: equivalent: point reads answer as the merge and the set do, slower (also left out here: `false`, killed)
  if (!other.complete) return { kind: 'read', condition: other.condition }
  // Two equalities: both ranges are in id order (the key is prefix, value, id).
  // Stryker disable next-line ConditionalExpression: equivalent: `false` checks two equalities by a set of ids, which answers as the merge does (also left out here: `true`, killed)
  if (driver.equals !== null && other.condition.equals !== null) return { kind: 'merge', cursor: new MergeCursor(other) }
  const ids = new Set<string>()
  for (const batch of other.batches) {
    const bytes = bytesOf(batch)
    for (let i = 0; i < batch.length; i++) ids.add(latin1Of(bytes, idStartOf(other.condition, bytes, batch, i), keyEnd(batch, i)))
  }
  return { kind: 'set', ids }
}

/** Where the packed id of key `i` starts: after the value (the key is prefix, value, id). */
function idStartOf(condition: Condition, bytes: Uint8Array, batch: PackedPairs, i: number): number {
  const start = keyStart(batch, i)
  // Stryker disable next-line ConditionalExpression: equivalent: an equality's id also starts after its value's item, found by its length
  if (condition.equals !== null) return start + condition.begin.length
  const at = start + condition.prefixLength
  return at + itemLength(bytes, at, keyEnd(batch, i))
}

/** The driver's batches: the probed ones when they are its whole range, else a range read from the plan's start. @internal */
export function driverBatches(t: Transaction, plan: Plan, limit: number): AsyncIterable<PackedPairs> | PackedPairs[] {
  if (plan.probe !== null && plan.probe.complete && plan.begin === plan.driver.begin) return plan.probe.batches
  // With nothing to check or dedupe, each key is one id: read no more keys than ids are wanted.
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: the streaming mode and limit only size the reads; readPage stops at its limit either way
  const exact = plan.checks.length === 0 && plan.driver.equals !== null && limit > 0
  // Stryker disable next-line ObjectLiteral,ConditionalExpression,EqualityOperator: equivalent: as above, the read's options size its batches only
  return rangeQuery(t, plan.begin, plan.driver.end, exact ? { mode: 'want_all', limit } : { mode: limit > 0 ? 'want_all' : 'iterator' }).byPackedBatch()
}

/**
 * The ids of `batch` (of the driving index) that meet every condition,
 * appended to `ids`, at most `max` of them. Returns the index (in `batch`)
 * of the last id appended, or -1: synchronously when nothing needs a read
 * (a single equality, or checks by merge and set only); else as a promise.
 * @internal
 */
export function matchBatch(t: Transaction, plan: Plan, batch: PackedPairs, max: number, ids: EavId[]): number | Promise<number> {
  const { driver, checks } = plan
  const bytes = bytesOf(batch)
  // A lone equality (the common lookup): every key is an id, after the same prefix; no array of where ids start.
  // Stryker disable next-line ConditionalExpression: equivalent: a fast path; the paths below take the same ids (also left out here: `true`, killed)
  if (checks.length === 0 && driver.equals !== null) return takeEvery(batch, bytes, driver.begin.length, max, ids)
  const n = batch.length
  // Stryker disable next-line ArrayDeclaration: equivalent: a pre-sized array, filled index by index
  const starts = new Array<number>(n)
  // Stryker disable next-line BooleanLiteral: equivalent: deduping a range's keys that are not array elements keeps each (its smallest value in range is its own)
  let multi = false
  for (let i = 0; i < n; i++) {
    starts[i] = idStartOf(driver, bytes, batch, i)
    // Stryker disable next-line ConditionalExpression: equivalent: as above, deduping keeps every key that is not an array element (also left out here: `false`, killed)
    if (valueLengthAt(batch, i) === 1) multi = true
  }
  // An array with several elements in a driving range has one key per element: only its smallest is kept (a read).
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent: deduping keys of an equality (or of single values) keeps each: its value is its smallest in range (also left out here: `false`, killed)
  const dedupe = multi && driver.equals === null
  // Stryker disable next-line ConditionalExpression: equivalent: a fast path; the paths below take the same ids (also left out here: `true`, killed)
  if (checks.length === 0 && !dedupe) return take(batch, bytes, starts, null, max, ids)
  // Stryker disable next-line ConditionalExpression,MethodExpression,ArrowFunction: equivalent: a fast path; checkAndTake takes the same ids (checks that do not read run there too) (also left out here: `true`, killed)
  if (!dedupe && checks.every((check) => check.kind !== 'read')) return take(batch, bytes, starts, checkedInMemory(plan, batch, bytes, starts), max, ids)
  return checkAndTake(t, plan, batch, bytes, starts, dedupe, max, ids)
}

/** {@link matchBatch} when a check reads: point reads of index keys or stored values. */
async function checkAndTake(t: Transaction, plan: Plan, batch: PackedPairs, bytes: Buffer, starts: number[], dedupe: boolean, max: number, ids: EavId[]): Promise<number> {
  const { driver, checks } = plan
  const n = batch.length
  const ok = checkedInMemory(plan, batch, bytes, starts)
  for (const check of checks) {
    if (check.kind !== 'read') continue
    const met = await meet(t, check.condition, plan.documents, idsOf(bytes, batch, starts))
    // Stryker disable next-line EqualityOperator: equivalent: `i <= n` marks index n, past the batch, which take never reads
    for (let i = 0; i < n; i++) if (!met[i]) ok[i] = false
  }
  // Stryker disable next-line ConditionalExpression: equivalent: deduping when no key needs it keeps each (see matchBatch)
  if (dedupe) {
    const idBytes = idsOf(bytes, batch, starts)
    const values = await getMany(t, idBytes.map((b) => Buffer.concat([plan.documents, b, driver.segments])))
    // Stryker disable next-line EqualityOperator: equivalent: `i <= n` marks index n, past the batch, which take never reads
    for (let i = 0; i < n; i++) {
      const value = bytes.subarray(keyStart(batch, i) + driver.prefixLength, starts[i])
      // Stryker disable next-line ConditionalExpression: equivalent: a key already refused stays refused whatever the test (also left out here: `false`, killed)
      if (ok[i] && !(values[i] !== null && smallestInRange(driver, values[i]!)?.equals(value) === true)) ok[i] = false
    }
  }
  return take(batch, bytes, starts, ok, max, ids)
}

/** Which keys of the batch pass the checks that need no read (merge, set); the others are left true. */
function checkedInMemory(plan: Plan, batch: PackedPairs, bytes: Buffer, starts: number[]): boolean[] {
  const n = batch.length
  const ok = new Array<boolean>(n).fill(true)
  for (const check of plan.checks) {
    if (check.kind === 'merge') {
      // Stryker disable next-line EqualityOperator: equivalent: `i <= n` asks the cursor about index n, past the batch, with no bounds (NaN): it answers no without moving
      for (let i = 0; i < n; i++) if (ok[i] && !check.cursor.has(bytes, starts[i]!, keyEnd(batch, i))) ok[i] = false
    } else if (check.kind === 'set') {
      // Stryker disable next-line EqualityOperator: equivalent: `i <= n` tests index n, past the batch, against the set (no id): marks it, never read
      for (let i = 0; i < n; i++) if (ok[i] && !check.ids.has(latin1Of(bytes, starts[i]!, keyEnd(batch, i)))) ok[i] = false
    }
  }
  return ok
}

/** Appends the accepted ids (all when `accepted` is null), at most `max`; returns the index in the batch of the last one, or -1. */
function take(batch: PackedPairs, bytes: Buffer, starts: number[], accepted: boolean[] | null, max: number, ids: EavId[]): number {
  // Stryker disable next-line UnaryOperator: equivalent: what a batch that took no id returns is never read (readPage reads it only once a batch filled the page)
  let last = -1
  for (let i = 0, taken = 0; i < batch.length && taken < max; i++) {
    if (accepted !== null && !accepted[i]) continue
    ids.push(decodeId(bytes, starts[i]!, keyEnd(batch, i)) as EavId)
    last = i
    taken++
  }
  return last
}

/** Appends the id of every key (each `skip` bytes in), at most `max`; returns the index in the batch of the last one, or -1. */
function takeEvery(batch: PackedPairs, bytes: Buffer, skip: number, max: number, ids: EavId[]): number {
  const n = Math.min(batch.length, max)
  // Grown once to its new length, then filled: a push per id grows the array a dozen times for 1,000 ids (3.5× the garbage).
  const base = ids.length
  ids.length = base + n
  for (let i = 0; i < n; i++) ids[base + i] = decodeId(bytes, keyStart(batch, i) + skip, keyEnd(batch, i)) as EavId
  return n - 1
}

/** The packed ids of a batch, as views. */
function idsOf(bytes: Buffer, batch: PackedPairs, starts: number[]): Buffer[] {
  return starts.map((start, i) => bytes.subarray(start, keyEnd(batch, i)))
}

/**
 * The ids of an equality range read whole, walked forward as the driver's
 * ids (also in id order) ask for them: a merge, no set.
 */
class MergeCursor {
  private b = 0
  private i = 0

  constructor(private readonly probe: Probe) {}

  /** Whether the range has this packed id; ids must be asked for in ascending order. */
  has(bytes: Uint8Array, start: number, end: number): boolean {
    const { batches, condition } = this.probe
    const skip = condition.begin.length
    while (this.b < batches.length) {
      const batch = batches[this.b]!
      if (this.i >= batch.length) {
        this.b++
        this.i = 0
        continue
      }
      const order = compareRanges(batch.bytes, keyStart(batch, this.i) + skip, keyEnd(batch, this.i), bytes, start, end)
      if (order >= 0) return order === 0
      this.i++
    }
    return false
  }
}

// One cursor kept alive, so that a full garbage collection keeps its hidden class and the code that uses it (see core's keepShape).
keepShape(new MergeCursor({ condition: null as unknown as Condition, batches: [], count: 0, complete: true }))

/** For each packed id, whether its document meets `condition`: by its index key for an equality, by its stored value for a range. */
async function meet(t: Transaction, condition: Condition, documents: Buffer, idBytes: Buffer[]): Promise<boolean[]> {
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent: an equality checked by the stored value is met exactly when its index key exists
  if (condition.equals !== null) {
    const found = await getMany(t, idBytes.map((b) => Buffer.concat([condition.begin, b])))
    return found.map((v) => v !== null)
  }
  const values = await getMany(t, idBytes.map((b) => Buffer.concat([documents, b, condition.segments])))
  return values.map((v) => v !== null && smallestInRange(condition, v) !== null)
}

/** The smallest packed index value of a stored attribute value that meets `condition`, or null. */
function smallestInRange(condition: Condition, stored: Uint8Array): Buffer | null {
  const encoded = unpack(stored)
  const { items } = indexItemsOf(encoded, decodeValue(encoded))
  let smallest: Buffer | null = null
  for (const item of items) {
    const packed = asBuffer(pack([item]))
    // Stryker disable next-line EqualityOperator: equivalent: `<= 0` differs only on equal items, and an array's index items are distinct (also left out here: `>= 0`, killed)
    if (condition.test(packed) && (smallest === null || Buffer.compare(packed, smallest) < 0)) smallest = packed
  }
  return smallest
}
