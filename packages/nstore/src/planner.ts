/**
 * The query planner: the order in which a query's patterns run.
 *
 * Greedy, one step at a time: run next the pattern with the most columns
 * bound once the variables of the patterns before it are substituted (a
 * constant, or a variable an earlier pattern binds). Among equals, one that
 * shares a variable with the patterns before it (a lookup per binding
 * rather than a cross product); among equals that share none (the first
 * step, say), the one whose scan holds the fewest bytes (core's
 * `getEstimatedRangeSizeBytes`); among equals still, the one written first.
 * Any order gives the same set of answers; the order decides how many keys
 * are read.
 *
 * @module
 */
import { getEstimatedRangeSizeBytes, type Transaction } from '@foundkit/core'
import { isVariable, type Bindings, type Pattern } from './variables.js'
import { planScan } from './pattern.js'
import type { Compiled } from './store.js'

const NO_BINDINGS: Bindings = Object.freeze({})

/** How many columns of `pattern` are bound when the variables in `bound` are. */
export function boundColumns(pattern: Pattern, bound: ReadonlySet<string>): number {
  let count = 0
  for (const item of pattern) if (!isVariable(item) || bound.has(item.name)) count++
  return count
}

/** Whether `pattern` has a variable in `bound`. */
function sharesVariable(pattern: Pattern, bound: ReadonlySet<string>): boolean {
  return pattern.some((item) => isVariable(item) && bound.has(item.name))
}

/**
 * The order to run `patterns` in (see the module comment). Reads only range
 * size estimates, and only to break ties.
 *
 * @param tx - where the estimates are read
 * @param store - the store queried
 * @param patterns - the patterns, checked already
 * @param bound - variables bound before the first pattern runs
 */
export async function planOrder(tx: Transaction, store: Compiled, patterns: readonly Pattern[], bound: ReadonlySet<string> = new Set()): Promise<Pattern[]> {
  const remaining = [...patterns]
  const known = new Set(bound)
  const order: Pattern[] = []
  const estimates = new Map<Pattern, number>()
  while (remaining.length > 0) {
    let best = -1
    let candidates: number[] = []
    for (let i = 0; i < remaining.length; i++) {
      const score = boundColumns(remaining[i]!, known)
      if (score > best) {
        best = score
        candidates = [i]
      } else if (score === best) candidates.push(i)
    }
    // A pattern that shares a bound variable is a lookup per binding; one
    // that shares none multiplies the bindings (a cross product): prefer
    // the first. Only unconnected candidates have a range to estimate.
    const connected = candidates.filter((i) => sharesVariable(remaining[i]!, known))
    if (connected.length > 0) candidates = connected
    let chosen = candidates[0]!
    if (candidates.length > 1 && connected.length === 0) {
      let smallest = Infinity
      for (const i of candidates) {
        const size = await estimate(tx, store, remaining[i]!, estimates)
        if (size < smallest) {
          smallest = size
          chosen = i
        }
      }
    }
    const next = remaining.splice(chosen, 1)[0]!
    order.push(next)
    for (const item of next) if (isVariable(item)) known.add(item.name)
  }
  return order
}

/** The estimated bytes of the scan over the constants of `pattern` (each pattern estimated once). */
async function estimate(tx: Transaction, store: Compiled, pattern: Pattern, cache: Map<Pattern, number>): Promise<number> {
  let size = cache.get(pattern)
  if (size === undefined) {
    const scan = planScan(store, pattern, NO_BINDINGS, 'nstore.query')
    size = await getEstimatedRangeSizeBytes(tx, scan.begin, scan.end)
    cache.set(pattern, size)
  }
  return size
}
