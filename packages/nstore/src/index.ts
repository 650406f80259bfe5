/**
 * `@foundkit/nstore`: a store of n-tuples (triples, quads, ...) with an
 * optional value each, queried with patterns of items and variables, joins
 * and a planner. A TypeScript port of found's `nstore`, reading and writing
 * found's key layout.
 *
 * ```ts
 * import * as nstore from '@foundkit/nstore'
 * const triples = nstore.make('triples', ['app', 'triples'], 3)
 * await nstore.add(db, triples, ['ada', 'wrote', 'notes'])
 * const who = nstore.v('who')
 * await nstore.query(db, triples, [who, 'wrote', 'notes']).toArray() // [{ who: 'ada' }]
 * ```
 *
 * ## Key layout (found's, layout version 1; no version key is kept, to stay byte-compatible)
 *
 * A store of `n` columns keeps C(n, ⌊n/2⌋) indexes (3 for triples, 6 for
 * quads, 924 for n = 12), index `i` holding every tuple in the column order
 * `store.indexes[i]` (found's permutations, in found's order). For the
 * tuple `(t0, ..., tn-1)` with value `value`, for each index `i`:
 *
 * - `subspace + pack((i, t[p[0]], t[p[1]], ..., t[p[n-1]]))` → `value` (empty by default),
 *   where `p = store.indexes[i]`.
 *
 * For triples: `(0, s, p, o)`, `(1, p, o, s)`, `(2, o, s, p)`.
 *
 * ## Costs
 *
 * - `add`: C(n, ⌊n/2⌋) writes, no read. `remove`: one read, C(n, ⌊n/2⌋) clears. `get`: one read.
 * - `select`, `selectPage`, `count`: one range read of one index, whose
 *   leading columns are exactly the pattern's bound ones (a point read when
 *   all are bound); every key read is a match (except where a variable
 *   repeats within the pattern).
 * - `query`: the planner's order (see `explain`); the first pattern one
 *   scan, each next one a scan per binding so far.
 *
 * @module
 */
export { make, type NStore } from './store.js'
export { add, remove, get } from './tuples.js'
export { v, isVariable, Variable, type Pattern, type Bindings } from './variables.js'
export { select, where } from './select.js'
export { selectPage, count, type SelectPageOptions, type SelectPage } from './page.js'
export { query, queryWith, explain, type QueryOptions } from './query.js'
export { Matches, type QueryStats } from './matches.js'
export type { Permutation } from './permutations.js'

/** The name of this layer, as it appears in error messages. */
export const LAYER_NAME = 'nstore'
