import type { BTree } from './btree.js'
import { lowerBound, type Key } from './keyspace.js'

/**
 * Range walks over `sorted-btree`'s nodes, for the small range reads that
 * layers make by the thousand. The tree's own `forRange` runs two binary
 * searches per level through its compare callback and calls a callback per
 * key; here one binary search per level compares latin1 keys with `<`, and
 * the leaf is read in place (measured: the tree's `forRange` was ~40% of a
 * 10-key range read). tree-walk.test.ts checks the walks against `forRange`
 * on trees shaped by inserts and deletes, so a change of the package's node
 * layout fails there.
 *
 * @internal
 * @module
 */

/** A node as `sorted-btree` 2.x lays it out: leaves hold keys and values; internal nodes hold each child's largest key. */
interface TreeNode<V> {
  readonly keys: Key[]
  readonly values: V[]
  readonly children?: Array<TreeNode<V>>
}

function rootOf<V>(tree: BTree<Key, V>): TreeNode<V> {
  return (tree as unknown as { _root: TreeNode<V> })._root
}

/**
 * A leaf's part of a forward walk: keys `from` (included) to `to` (excluded)
 * of `leaf`, whose `keys` and `values` are passed along.
 */
export type LeafRun<V> = (leaf: object, keys: readonly Key[], values: readonly V[], from: number, to: number) => void

/**
 * Calls `take` for the keys of [lo, hi) in ascending order, at most `max`
 * of them. Returns true when a key of the range is left after them.
 */
export function walkForward<V>(tree: BTree<Key, V>, lo: Key, hi: Key, max: number, take: (key: Key, value: V) => void): boolean {
  return walkLeavesForward(tree, lo, hi, max, (_leaf, keys, values, from, to) => {
    for (let i = from; i < to; i++) take(keys[i]!, values[i]!)
  })
}

/**
 * {@link walkForward} a leaf at a time: calls `run` once per leaf with the
 * part of it that is in the range (never empty), at most `max` keys in all,
 * so a reader can copy a leaf's keys together. Returns true when a key of
 * the range is left after them.
 */
export function walkLeavesForward<V>(tree: BTree<Key, V>, lo: Key, hi: Key, max: number, run: LeafRun<V>): boolean {
  const path: Array<TreeNode<V>> = []
  const at: number[] = []
  let node = rootOf(tree)
  while (node.children !== undefined) {
    const i = lowerBound(node.keys, lo)
    if (i === node.keys.length) return false // every key is below lo
    path.push(node)
    at.push(i)
    node = node.children[i]!
  }
  let i = lowerBound(node.keys, lo)
  let left = max
  for (;;) {
    const keys = node.keys
    // Where the range ends in this leaf: one binary search when it ends here, no compare per key.
    const n = keys.length
    // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent: `n > 0` and `n - 1` only guard the fast path, whose binary search finds the same end (an empty leaf's keys[-1], undefined, is below no key) (also left out here: `<=` and `true` for `keys[n - 1]! < hi`, killed by tree-walk.test.ts)
    const end = n > 0 && keys[n - 1]! < hi ? n : lowerBound(keys, hi)
    if (i < end) {
      if (left === 0) return true
      // Stryker disable next-line EqualityOperator: equivalent: when end - i equals left, i + left is end
      const to = end - i > left ? i + left : end
      run(node, keys, node.values, i, to)
      left -= to - i
      if (to < end) return true
    }
    // Stryker disable next-line ConditionalExpression: equivalent: walking on, every later leaf holds no key below hi, so the walk ends at the tree's end with the same false, only later (also left out here: `true`, killed)
    if (end < n) return false
    // The next leaf: up to the nearest ancestor with a child to the right, then down its leftmost path.
    let d = path.length - 1
    while (d >= 0 && at[d]! + 1 >= path[d]!.children!.length) d--
    if (d < 0) return false
    at[d]!++
    node = path[d]!.children![at[d]!]!
    for (let e = d + 1; e < path.length; e++) {
      path[e] = node
      at[e] = 0
      node = node.children![0]!
    }
    i = 0
  }
}

/**
 * Calls `take` for the keys of [lo, hi) in descending order, at most `max`
 * of them. Returns true when a key of the range is left after them.
 */
export function walkReverse<V>(tree: BTree<Key, V>, lo: Key, hi: Key, max: number, take: (key: Key, value: V) => void): boolean {
  const path: Array<TreeNode<V>> = []
  const at: number[] = []
  let node = rootOf(tree)
  while (node.children !== undefined) {
    // The first child whose largest key reaches hi holds the last keys below hi (or, if none does, the last child).
    const i = Math.min(lowerBound(node.keys, hi), node.keys.length - 1)
    // Stryker disable next-line ConditionalExpression,BooleanLiteral: equivalent: unreachable guard: sorted-btree's internal nodes always hold keys (an emptied tree's root is a leaf again) (also left out here: `true`, killed)
    if (i < 0) return false // an empty tree
    path.push(node)
    at.push(i)
    node = node.children[i]!
  }
  let i = lowerBound(node.keys, hi) - 1
  let taken = 0
  for (;;) {
    const keys = node.keys
    const values = node.values
    // Where the range starts in this leaf: one binary search when it starts here, no compare per key.
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: `keys.length > 0` only guards the fast path, whose binary search finds the same start (an empty leaf's keys[0], undefined, is at or above no key), as does `>` for `>=` (also left out here: `<` and `true` for `keys[0]! >= lo`, killed)
    const start = keys.length > 0 && keys[0]! >= lo ? 0 : lowerBound(keys, lo)
    for (; i >= start; i--) {
      if (taken === max) return true
      take(keys[i]!, values[i]!)
      taken++
    }
    // Stryker disable next-line ConditionalExpression: equivalent: walking on, every earlier leaf holds no key at or above lo, so the walk ends at the tree's start with the same false, only later (also left out here: `true`, killed)
    if (start > 0) return false
    // The previous leaf: up to the nearest ancestor with a child to the left, then down its rightmost path.
    let d = path.length - 1
    // Stryker disable next-line ConditionalExpression: equivalent: `d >= 0` made `true` reads at[-1], undefined, which is not 0 and stops the loop at -1 too (also left out here: `false` and `true` for the whole test, killed)
    while (d >= 0 && at[d]! === 0) d--
    if (d < 0) return false
    at[d]!--
    node = path[d]!.children![at[d]!]!
    for (let e = d + 1; e < path.length; e++) {
      path[e] = node
      at[e] = node.children!.length - 1
      node = node.children![node.children!.length - 1]!
    }
    i = node.keys.length - 1
  }
}
