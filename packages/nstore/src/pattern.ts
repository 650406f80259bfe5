/**
 * A pattern turned into one scan: the index whose leading columns are the
 * bound ones, the key prefix of the bound items, and how to read the
 * variables back out of each key found.
 *
 * A pattern is compiled once for a set of bound variable names (a
 * {@link Template}); each binding then only packs its own values into the
 * prefix. A query's steps always see the same variables bound, so each step
 * is compiled once per query, not once per binding.
 *
 * @module
 */
import { compareTuples, keyAfter, range, unpack, type TupleItem } from '@foundkit/core'
import { isVariable, type Bindings } from './variables.js'
import { refuseIncompleteVersionstamp, requireLength } from './checks.js'
import { encodeItem } from './keys.js'
import { indexFor, type Compiled } from './store.js'

/** A pattern compiled for one set of bound variables. */
export interface Template {
  /** The index scanned. */
  readonly index: number
  /** Whether every column is bound: the scan is a point read. */
  readonly allBound: boolean
  /** The prefix, in index order: the index prefix, then each bound column's packed item or the variable whose value goes there. */
  readonly parts: ReadonlyArray<Uint8Array | string>
  /** The whole prefix when no variable goes into it. */
  readonly fixedPrefix: Uint8Array | null
  /** Each unbound variable's name and its position among the unpacked items after the prefix. */
  readonly outputs: ReadonlyArray<readonly [name: string, position: number]>
  /** Positions (after the prefix) of a variable repeated in the pattern: their items must be equal. */
  readonly equalities: ReadonlyArray<readonly [first: number, other: number]>
}

/**
 * Checks `pattern` and compiles it for the variables `isBound` says are
 * bound (their values come from each binding).
 *
 * @throws TypeError or FoundError (invalidArgument) for a malformed pattern
 */
export function compilePattern(store: Compiled, pattern: unknown, isBound: (name: string) => boolean, what: string): Template {
  const items = requireLength(pattern, store.n, what, 'pattern')
  const n = store.n
  const columnParts = new Array<Uint8Array | string | null>(n)
  let mask = 0
  for (let column = 0; column < n; column++) {
    const item = items[column]
    if (isVariable(item)) {
      columnParts[column] = isBound(item.name) ? item.name : null
    } else {
      refuseIncompleteVersionstamp(item as TupleItem, column, what)
      columnParts[column] = encodeItem(item as TupleItem, column, what)
    }
    if (columnParts[column] !== null) mask |= 1 << column
  }
  const index = indexFor(store, mask)
  const permutation = store.indexes[index]!
  const parts: Array<Uint8Array | string> = [store.indexPrefixes[index]!]
  let bound = 0
  while (bound < n && columnParts[permutation[bound]!] !== null) parts.push(columnParts[permutation[bound++]!]!)
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
  const fixed = parts.every((part) => typeof part !== 'string')
  return {
    index,
    allBound: bound === n,
    parts,
    fixedPrefix: fixed ? Buffer.concat(parts as Uint8Array[]) : null,
    outputs,
    equalities,
  }
}

/** The key prefix of `template` for the values of `seed` (the whole key when every column is bound). */
export function prefixOf(template: Template, seed: Bindings, what: string): Uint8Array {
  if (template.fixedPrefix !== null) return template.fixedPrefix
  const parts = template.parts.map((part, j) => (typeof part === 'string' ? encodeItem(seed[part]!, j - 1, what) : part))
  return Buffer.concat(parts)
}

/** The key range of a prefix: `[prefix + 00, prefix + ff)`, or `[key, key + 00)` when every column is bound. */
export function rangeOf(template: Template, prefix: Uint8Array): { begin: Uint8Array; end: Uint8Array } {
  if (template.allBound) return { begin: prefix, end: keyAfter(prefix) }
  return range(prefix)
}

/** A pattern with the variables of `seed` substituted: its template, prefix and range. */
export interface PlannedScan {
  /** The compiled pattern. */
  readonly template: Template
  /** The key prefix (the whole key when every column is bound). */
  readonly prefix: Uint8Array
  /** Range start. */
  readonly begin: Uint8Array
  /** Range end. */
  readonly end: Uint8Array
}

/** Checks `pattern` and plans its scan once the variables bound in `seed` are replaced by their values. */
export function planScan(store: Compiled, pattern: unknown, seed: Bindings, what: string): PlannedScan {
  const template = compilePattern(store, pattern, (name) => Object.hasOwn(seed, name), what)
  const prefix = prefixOf(template, seed, what)
  return { template, prefix, ...rangeOf(template, prefix) }
}

/**
 * The bindings a key found with `template` and a prefix of `skip` bytes
 * gives, extending `seed`; null when a repeated variable would bind two
 * different items.
 */
export function bindingsOf(template: Template, skip: number, key: Uint8Array, seed: Bindings): Bindings | null {
  if (template.outputs.length === 0) return Object.assign({}, seed)
  const items = unpack(key.subarray(skip))
  if (!equalitiesHold(template, items)) return null
  const out: Bindings = Object.assign({}, seed) // not a spread: V8 makes `{ ...seed }` then adding a key 20× slower
  for (const [name, position] of template.outputs) out[name] = items[position]!
  return out
}

/** Whether a key found with `template` satisfies its repeated variables (no bindings made). */
export function keyMatches(template: Template, skip: number, key: Uint8Array): boolean {
  return template.equalities.length === 0 || equalitiesHold(template, unpack(key.subarray(skip)))
}

function equalitiesHold(template: Template, items: readonly TupleItem[]): boolean {
  for (const [first, other] of template.equalities) {
    if (compareTuples([items[first]!], [items[other]!]) !== 0) return false
  }
  return true
}
