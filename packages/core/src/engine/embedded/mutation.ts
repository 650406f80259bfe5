import { applyAtomic, fillVersionstamp } from './atomic.js'
import type { FoldableMutation } from './write-buffer.js'
import { toKey, type Key } from './keyspace.js'
import type { StoredTree } from './scan.js'

/** One write of a transaction, replayed in order at commit. @internal */
export type Mutation =
  | { readonly type: 'set'; readonly key: Key; readonly value: Buffer }
  | { readonly type: 'clear'; readonly key: Key }
  | { readonly type: 'clearRange'; readonly begin: Key; readonly end: Key }
  | { readonly type: 'atomic'; readonly op: FoldableMutation; readonly key: Key; readonly param: Buffer }
  | { readonly type: 'versionstampedKey'; readonly body: Buffer; readonly offset: number; readonly value: Buffer }
  | { readonly type: 'versionstampedValue'; readonly key: Key; readonly body: Buffer; readonly offset: number }

/** Receives every key a commit changed, with its new value (null: cleared). @internal */
export type ChangeSink = (key: Key, value: Buffer | null) => void

/**
 * Applies a committed transaction's mutations to the live tree, in order,
 * reporting each changed key to `onChange` (for the disk log and watches).
 * `stampOf` gives the commit's versionstamp; it is only called by versionstamped operations.
 *
 * @internal
 */
export function applyMutations(tree: StoredTree, mutations: readonly Mutation[], stampOf: () => Buffer, onChange: ChangeSink): void {
  for (const m of mutations) {
    switch (m.type) {
      case 'set':
        tree.set(m.key, m.value)
        onChange(m.key, m.value)
        break
      case 'clear':
        if (tree.delete(m.key)) onChange(m.key, null)
        break
      case 'clearRange': {
        const cleared: Key[] = []
        tree.forRange(m.begin, m.end, false, (k) => {
          cleared.push(k)
        })
        if (cleared.length > 0) {
          tree.deleteRange(m.begin, m.end, false)
          for (const k of cleared) onChange(k, null)
        }
        break
      }
      case 'atomic': {
        const next = applyAtomic(m.op, tree.get(m.key) ?? null, m.param)
        if (next === null) {
          if (tree.delete(m.key)) onChange(m.key, null)
        } else {
          tree.set(m.key, next)
          onChange(m.key, next)
        }
        break
      }
      case 'versionstampedKey': {
        const key = toKey(fillVersionstamp(m.body, m.offset, stampOf()))
        tree.set(key, m.value)
        onChange(key, m.value)
        break
      }
      case 'versionstampedValue': {
        const value = fillVersionstamp(m.body, m.offset, stampOf())
        tree.set(m.key, value)
        onChange(m.key, value)
        break
      }
    }
  }
}
