import type { KeyValue, RangeBatch } from '../types.js'
import { compareKey, fromLatin1, keyAfter, type Key } from './keyspace.js'

/**
 * The special keys the embedded engine serves, as FoundationDB does, in the
 * special key space (`\xff\xff...`): the conflicting keys of a failed commit,
 * and the status document.
 *
 * @module
 */

/** FoundationDB's status document; here a small JSON status of the embedded engine (`Store.status`). @internal */
export const STATUS_JSON_KEY = '\xff\xff/status/json'

/** Where FoundationDB lists a failed commit's conflicting read ranges (with reportConflictingKeys). @internal */
export const CONFLICTING_KEYS_PREFIX = '\xff\xff/transaction/conflicting_keys/'

/** The end of the conflicting-keys module's range. @internal */
export const CONFLICTING_KEYS_END = CONFLICTING_KEYS_PREFIX + '\xff\xff'

/**
 * The conflicting ranges in FoundationDB's format: `prefix + begin` → `1`,
 * `prefix + end` → `0`, ascending; ranges that touch are merged.
 * @internal
 */
export function conflictingKeyPairs(ranges: ReadonlyArray<readonly [Key, Key]>): Array<[Key, string]> {
  const sorted = [...ranges].sort((a, b) => compareKey(a[0], b[0]))
  const merged: Array<[Key, Key]> = []
  for (const [begin, end] of sorted) {
    const last = merged[merged.length - 1]
    if (last !== undefined && begin <= last[1]) {
      // Stryker disable next-line EqualityOperator: equivalent: `>=` only assigns an equal end (also left out here: `<=`, killed by special-keys.test.ts)
      last[1] = end > last[1] ? end : last[1]
    } else merged.push([begin, end])
  }
  return merged.flatMap(([begin, end]): Array<[Key, string]> => [
    [CONFLICTING_KEYS_PREFIX + begin, '1'],
    [CONFLICTING_KEYS_PREFIX + end, '0'],
  ])
}

/**
 * A range read over special pairs: those in [lo, hi), at most `limit` (0 =
 * no limit), in key order or reversed, as one batch.
 * @internal
 */
export function specialRange(pairs: ReadonlyArray<readonly [Key, string]>, lo: Key, hi: Key, limit: number, reverse: boolean): AsyncIterable<RangeBatch> {
  let hits = pairs.filter(([k]) => k >= lo && k < hi)
  if (reverse) hits = hits.reverse()
  if (limit > 0) hits = hits.slice(0, limit)
  return {
    async *[Symbol.asyncIterator]() {
      if (hits.length === 0) return
      const batch: KeyValue[] = hits.map(([k, v]) => [fromLatin1(k), fromLatin1(v)])
      yield { length: batch.length, at: (i: number) => batch[i] }
    },
  }
}

/** The first key at or after a selector's key for the simple selectors (firstGreaterOrEqual / firstGreaterThan). @internal */
export function simpleSelectorKey(key: Key, orEqual: boolean, offset: number): Key | null {
  if (offset !== 1) return null
  return orEqual ? keyAfter(key) : key
}
