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
 * The key layout and costs are in the store module's documentation.
 *
 * @packageDocumentation
 */
export { make, LAYOUT_VERSION, type EavStore, type EavStoreOptions, type IndexSelection } from './store.js'
export { create, get, update, patch, remove, type EavId } from './operations.js'
export { query, queryPage, count, type QueryPage, type QueryPageOptions } from './query.js'
export type { EavCondition, EavConditions, EavRange } from './conditions.js'
export type { EavDocument, EavScalar, EavValue } from './values.js'

/** The name of this layer, as it appears in error messages. */
export const LAYER_NAME = 'eavstore'
