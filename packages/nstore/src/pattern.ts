/**
 * A pattern turned into one scan: the index whose leading columns are the
 * bound ones, the key range of the bound items, and how to read the
 * variables back out of each key found.
 *
 * @module
 */
import { compareTuples, unpack, type TupleItem } from '@foundkit/core'
import { isVariable, type Bindings } from './variables.js'
import { refuseIncompleteVersionstamp, requireLength } from './checks.js'
import { encodeItem } from './keys.js'
import { indexFor, type Compiled } from './store.js'

const ZERO = Buffer.from([0x00])
const FF = Buffer.from([0xff])

/** A pattern, after substitution, ready to scan. */
export interface PlannedScan {
  /** The index scanned. */
  readonly index: number
  /** How many leading columns of the index are bound. */
  readonly bound: number
  /** The packed bound items (with the index prefix); the whole key when every column is bound. */
  readonly prefix: Buffer
  /** Range start: `prefix + 00`, or the key itself when every column is bound. */
  readonly begin: Buffer
  /** Range end: `prefix + ff`, or the key + 00 when every column is bound. */
  readonly end: Buffer
  /** Each unbound variable's name and its position among the unpacked items after the prefix. */
  readonly outputs: ReadonlyArray<readonly [name: string, position: number]>
  /** Positions (after the prefix) of a variable repeated in the pattern: their items must be equal. */
  readonly equalities: ReadonlyArray<readonly [first: number, other: number]>
}

/**
 * Checks `pattern` and plans its scan once the variables bound in `seed`
 * are replaced by their values.
 *
 * @throws TypeError or FoundError (invalidArgument) for a malformed pattern
 */
export function planScan(store: Compiled, pattern: unknown, seed: Bindings, what: string): PlannedScan {
  const items = requireLength(pattern, store.n, what, 'pattern')
  const n = store.n
  const constants = new Array<Buffer | null>(n)
  let mask = 0
  let bound = 0
  for (let column = 0; column < n; column++) {
    let item = items[column]
    if (isVariable(item)) {
      if (!Object.hasOwn(seed, item.name)) {
        constants[column] = null
        continue
      }
      item = seed[item.name]
    }
    refuseIncompleteVersionstamp(item as TupleItem, column, what)
    constants[column] = encodeItem(item as TupleItem, column, what)
    mask |= 1 << column
    bound++
  }
  const index = indexFor(store, mask)
  const permutation = store.indexes[index]!
  const parts: Buffer[] = [store.indexPrefixes[index]!]
  for (let j = 0; j < bound; j++) parts.push(constants[permutation[j]!]!)
  const prefix = Buffer.concat(parts)
  const outputs: Array<readonly [string, number]> = []
  const equalities: Array<readonly [number, number]> = []
  const seen = new Map<string, number>()
  for (let j = bound; j < n; j++) {
    const name = (items[permutation[j]!] as { name: string }).name
    const first = seen.get(name)
    if (first === undefined) {
      seen.set(name, j - bound)
      outputs.push([name, j - bound])
    } else equalities.push([first, j - bound])
  }
  const all = bound === n
  return {
    index,
    bound,
    prefix,
    begin: all ? prefix : Buffer.concat([prefix, ZERO]),
    end: all ? Buffer.concat([prefix, ZERO]) : Buffer.concat([prefix, FF]),
    outputs,
    equalities,
  }
}

/**
 * The bindings a key found by `scan` gives, extending `seed`; null when a
 * repeated variable would bind two different items.
 */
export function bindingsOf(scan: PlannedScan, key: Uint8Array, seed: Bindings): Bindings | null {
  if (scan.outputs.length === 0 && scan.equalities.length === 0) return { ...seed }
  const items = unpack(key.subarray(scan.prefix.length))
  for (const [first, other] of scan.equalities) {
    if (compareTuples([items[first]!], [items[other]!]) !== 0) return null
  }
  const out: Bindings = { ...seed }
  for (const [name, position] of scan.outputs) out[name] = items[position]!
  return out
}

/** Whether a key found by `scan` satisfies its repeated variables (no bindings made). */
export function keyMatches(scan: PlannedScan, key: Uint8Array): boolean {
  if (scan.equalities.length === 0) return true
  const items = unpack(key.subarray(scan.prefix.length))
  for (const [first, other] of scan.equalities) {
    if (compareTuples([items[first]!], [items[other]!]) !== 0) return false
  }
  return true
}
