/**
 * The raw peer of the memory engine: `sorted-btree` with latin1-string keys
 * (one char per byte, compared with `<`) and Buffer values, node size 64 —
 * the structure and configuration the embedded engine stores its data in.
 */
import { coreRequire, runSync, type Timed } from './harness.js'

/** The part of sorted-btree's API used here (the package resolves from packages/core only). */
export interface BTree {
  readonly size: number
  get(key: string): Buffer | undefined
  set(key: string, value: Buffer): boolean
  minKey(): string | undefined
  maxKey(): string | undefined
  forRange(low: string, high: string, includeHigh: boolean, onFound: (k: string, v: Buffer) => void): number
}
type BTreeCtor = new (entries?: [string, Buffer][], compare?: (a: string, b: string) => number, maxNodeSize?: number) => BTree

const BTreeClass = (coreRequire('sorted-btree') as { default: BTreeCtor }).default

/** Byte order of latin1 keys (the engine's compareKey). */
const compareKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** An empty tree configured as the engine's store. */
export function newTree(): BTree {
  return new BTreeClass(undefined, compareKey, 64)
}

/**
 * Read-modify-write pairs per second: `get` of a random key, then `set` of
 * a new 8-byte counter value (the engine's transaction body, without a
 * transaction).
 */
export function rmwPairs(tree: BTree, keys: readonly string[], seconds: number, random: () => number): Timed {
  const n = keys.length
  return runSync(seconds, () => {
    for (let i = 0; i < 1024; i++) {
      const k = keys[(random() * n) | 0]!
      const v = tree.get(k)
      const next = Buffer.alloc(8)
      next.writeUInt32LE((v === undefined ? 0 : v.readUInt32LE(0)) + 1, 0)
      tree.set(k, next)
    }
    return 1024
  })
}

/** Entries per second of full `forRange` walks over the whole tree. */
export function scanEntries(tree: BTree, seconds: number): Timed {
  const lo = tree.minKey()!
  const hi = tree.maxKey()!
  return runSync(seconds, () => {
    let n = 0
    tree.forRange(lo, hi, true, () => {
      n++
    })
    return n
  })
}
