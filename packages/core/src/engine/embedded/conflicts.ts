import type { Key } from './keyspace.js'

/** A transaction's conflict ranges: single keys, and half-open ranges. @internal */
export interface ConflictSet {
  /** Single keys k, each standing for the range [k, k + 00). */
  readonly points: Key[]
  /** Ranges as flat pairs: begin0, end0, begin1, end1, ... */
  readonly ranges: Key[]
}

/** Adds [begin, end) to a conflict set, as a point when it covers one key. @internal */
export function addConflict(set: ConflictSet, begin: Key, end: Key): void {
  // Stryker disable next-line EqualityOperator: equivalent: with >, an empty range [k, k) is kept as a range, and an empty range meets no key
  if (begin >= end) return
  // Stryker disable next-line ArithmeticOperator: equivalent: an end shorter than begin never starts with it, so the range stays a range (a point [k, k 00) kept as a range meets the same keys)
  if (end.length === begin.length + 1 && end.charCodeAt(begin.length) === 0 && end.startsWith(begin)) {
    set.points.push(begin)
  } else {
    set.ranges.push(begin, end)
  }
}
