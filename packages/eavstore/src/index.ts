/**
 * `@foundkit/eavstore`: an entity–attribute–value document store with exact
 * indexes. Import it as a namespace:
 *
 * ```ts
 * import * as eavstore from '@foundkit/eavstore'
 * const people = eavstore.make('people', ['app', 'people'])
 * const id = await eavstore.create(db, people, { name: 'Ada', tags: ['math'] })
 * for await (const found of eavstore.query(db, people, 'tags', 'math')) console.log(found)
 * ```
 *
 * A document (a plain object) is stored as one key per attribute, and every
 * indexed attribute value gets an index key, so `query` finds the ids whose
 * attribute holds a value (or a value in a range) with one range read, and
 * `get` reads a whole document with one range read.
 *
 * ## Key layout (layout version 1), inside the handle's subspace `S`
 *
 * - `S + (0, id) → ''`: the document exists (its marker; an empty document
 *   is still a document).
 * - `S + (0, id, name, ...nested) → value`: one key per leaf attribute; the
 *   path's segments follow the id (`{ address: { city: 'Paris' } }` →
 *   `(0, id, 'address', 'city')`), so one top-level attribute and all that
 *   is nested under it are one contiguous range. The value is a packed tuple:
 *   `(item)` for a value the tuple layer gives back as it was, or
 *   `(tag, payload)` for the rest, tags 0 a bigint the tuple layer would give
 *   back as a number, 1 an integer number it would give back as a bigint,
 *   2 a Uint8Array that is not a Buffer, 3 an array (kept whole, in order:
 *   `((element), ...)`), 4 an object inside an array or an empty one
 *   (`(name, value, ...)`), 5 a Float64.
 * - `S + (1, 'dotted.path', indexValue, id) → ''` for a single value, or
 *   `→ 0x01` for an element of an array (a multi-valued attribute has one
 *   index key per distinct element). `indexValue` is the value as the tuple
 *   layer orders it, except that a JS `number` is indexed as a `Float64`, so
 *   `1 < 1.5 < 2` in range queries (a bigint is indexed as an integer; it is
 *   a different type from a number, as a Float32 is).
 *
 * ## Costs
 * - `create`: one read (the marker), then one write per leaf and one per
 *   index entry.
 * - `get`: one range read.
 * - `update` / `remove`: one range read of the document, then writes and
 *   clears for what changed only. `patch`: one point read (the marker) and one
 *   range read per patched attribute; it reads nothing else, so patches of
 *   different attributes of one document never conflict.
 * - `query` with one condition: one range read of the index. With several,
 *   the conditions' ranges are read in step (32 keys each, then up to 512,
 *   then up to 4,096) until one is read whole: the smallest, which drives,
 *   from the keys already read. Each other condition read whole checks the
 *   candidates by a merge in id order (two equalities) or a set of ids (a
 *   range); the rest by one point read per candidate (a
 *   batch at a time). So the ranking reads at most (conditions × the
 *   driver's keys); when every range passes 4,096 keys, the first condition
 *   drives, read from its start.
 *
 * Every operation's body is harmless when run twice on top of its own
 * effects (after a commit_unknown_result): see each operation.
 *
 * @packageDocumentation
 */
export { make, LAYOUT_VERSION, type EavStore, type EavStoreOptions, type IndexSelection } from './store.js'
export { create, get, update, patch, remove, type EavId } from './operations.js'
export { query, queryPage, count, type EavIds, type QueryPage, type QueryPageOptions } from './query.js'
export type { EavCondition, EavConditions, EavRange } from './conditions.js'
export type { EavDocument, EavScalar, EavValue } from './values.js'

/**
 * The name of this layer, as it appears in error messages.
 * @example
 * ```ts
 * eavstore.LAYER_NAME // 'eavstore'
 * ```
 */
export const LAYER_NAME = 'eavstore'
