import { createRequire } from 'node:module'
import type * as SortedBtree from 'sorted-btree'

/**
 * `sorted-btree`'s B+ tree: ordered and fast (measured against hand-written
 * trees and skip lists: see docs/embedded-engine.md). The package is
 * CommonJS with a `default` export; loading it with `require` gives the same
 * class under Node and under test runners.
 *
 * @internal
 */
export type BTree<K, V> = SortedBtree.default<K, V>

type BTreeConstructor = new <K, V>(entries?: [K, V][], compare?: (a: K, b: K) => number, maxNodeSize?: number) => BTree<K, V>

/** The B+ tree class. @internal */
export const BTree: BTreeConstructor = (createRequire(import.meta.url)('sorted-btree') as { default: BTreeConstructor }).default
