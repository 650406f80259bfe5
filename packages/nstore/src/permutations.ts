/**
 * The index permutations of an nstore, computed with found's algorithm in
 * found's order, and the choice of the index that answers a pattern.
 *
 * An nstore of `n` columns keeps C(n, ⌊n/2⌋) orderings of every tuple. They
 * come from a symmetric chain decomposition of the subsets of `{0..n-1}`: for
 * any set of bound columns there is an ordering that starts with exactly
 * those columns, so any pattern is one prefix scan.
 *
 * @module
 */

/** One ordering of the columns: `permutation[j]` is the column stored at position `j`. */
export type Permutation = readonly number[]

/** The k-subsets of `0..n-1` in lexicographic order (Python's `itertools.combinations(range(n), k)`). */
function* combinations(n: number, k: number): Generator<number[]> {
  const c = Array.from({ length: k }, (_, i) => i)
  if (k > n) return
  for (;;) {
    yield [...c]
    let i = k - 1
    while (i >= 0 && c[i] === n - k + i) i--
    if (i < 0) return
    c[i]!++
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1]! + 1
  }
}

/**
 * found's permutation for one combination `chosen` of ⌊n/2⌋ columns: pair
 * off, left to right, each unchosen column directly followed by a chosen one
 * (chosen to the front, unchosen to the back) until no such pair is left;
 * the permutation is the fronts, the columns left over, then the backs.
 */
function permutationOf(n: number, chosen: readonly number[]): number[] {
  const isChosen = new Set(chosen)
  let rest = Array.from({ length: n }, (_, i) => i)
  const front: number[] = []
  const back: number[] = []
  for (;;) {
    const i = rest.findIndex((column, at) => !isChosen.has(column) && at + 1 < rest.length && isChosen.has(rest[at + 1]!))
    if (i < 0) break
    front.push(rest[i + 1]!)
    back.push(rest[i]!)
    rest = [...rest.slice(0, i), ...rest.slice(i + 2)]
  }
  return [...front, ...rest, ...back]
}

/**
 * The index permutations of an nstore of `n` columns, in found's order:
 * C(n, ⌊n/2⌋) of them (3 for n = 3, 6 for n = 4, 924 for n = 12).
 *
 * @param n - the number of columns, at least 1
 * @returns the permutations; index number `i` stores its tuples in the order `result[i]`
 * @example
 * ```ts
 * indexPermutations(3) // [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
 * ```
 */
export function indexPermutations(n: number): Permutation[] {
  const out: Permutation[] = []
  for (const chosen of combinations(n, Math.floor(n / 2))) out.push(Object.freeze(permutationOf(n, chosen)))
  return out
}

/** C(n, k) as a number (exact for the sizes an nstore accepts). */
export function binomial(n: number, k: number): number {
  let r = 1
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
  return Math.round(r)
}

/** The bit set of the columns `columns` (column i is bit i). */
export function maskOf(columns: Iterable<number>): number {
  let mask = 0
  for (const c of columns) mask |= 1 << c
  return mask
}

/**
 * The number of the first index (in found's order) whose leading positions
 * are exactly the columns of `boundMask`. One always exists: that is what
 * the permutations are built for. Compares column sets as bit sets, so it is
 * right for any `n` (found compared digit strings, wrong above n = 10).
 *
 * @param permutations - the store's permutations
 * @param boundMask - the bound columns, as a bit set
 * @returns the index number
 */
export function findIndex(permutations: readonly Permutation[], boundMask: number): number {
  let k = 0
  for (let m = boundMask; m !== 0; m &= m - 1) k++
  for (let i = 0; i < permutations.length; i++) {
    const p = permutations[i]!
    let leading = 0
    for (let j = 0; j < k; j++) leading |= 1 << p[j]!
    if (leading === boundMask) return i
  }
  throw new Error(`nstore: no index starts with the columns of mask ${boundMask}; the permutations are not a symmetric chain decomposition`)
}

/** The inverse of a permutation: `inverse[column]` is the position where `column` is stored. */
export function inverseOf(permutation: Permutation): number[] {
  const inverse = new Array<number>(permutation.length)
  for (let j = 0; j < permutation.length; j++) inverse[permutation[j]!] = j
  return inverse
}
