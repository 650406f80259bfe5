import { applyAtomic, fillVersionstamp } from './atomic.js'
import type { FoldableMutation } from './write-buffer.js'
import { toLatin1, type Key } from './keyspace.js'

/** One write of a transaction, replayed in order at commit. @internal */
export type Mutation =
  | { readonly type: 'set'; readonly key: Key; readonly value: Buffer }
  | { readonly type: 'clear'; readonly key: Key }
  | { readonly type: 'clearRange'; readonly begin: Key; readonly end: Key }
  | { readonly type: 'atomic'; readonly op: FoldableMutation; readonly key: Key; readonly param: Buffer }
  | { readonly type: 'versionstampedKey'; readonly body: Buffer; readonly offset: number; readonly value: Buffer }
  | { readonly type: 'versionstampedValue'; readonly key: Key; readonly body: Buffer; readonly offset: number }

/** Receives every key a commit changes, with its new value (null: cleared), and writes it. @internal */
export type ChangeSink = (key: Key, value: Buffer | null) => void

/** What mutations are applied against: the live data as the commit finds it. @internal */
export interface MutationTarget {
  /** The current value of a key (including earlier changes of this commit); null when absent. */
  value(key: Key): Buffer | null
  /** Whether the key is present (including earlier changes of this commit). */
  has(key: Key): boolean
  /** The present keys in [begin, end), ascending. */
  keysIn(begin: Key, end: Key): Key[]
}

/**
 * Works out what a committed transaction's mutations do to the live data,
 * in order, and hands each change to `write` (which applies it, and feeds
 * the undo log, the disk log and watches). `stampOf` gives the commit's
 * versionstamp; it is only called by versionstamped operations.
 *
 * @internal
 */
export function applyMutations(data: MutationTarget, mutations: readonly Mutation[], stampOf: () => Buffer, write: ChangeSink): void {
  for (const m of mutations) {
    switch (m.type) {
      case 'set':
        write(m.key, m.value)
        break
      case 'clear':
        // Stryker disable next-line ConditionalExpression: equivalent: `true` writes null over an absent key, which the store records as the same absence (also left out here: `false`, killed)
        if (data.has(m.key)) write(m.key, null)
        break
      case 'clearRange':
        for (const k of data.keysIn(m.begin, m.end)) write(k, null)
        break
      case 'atomic': {
        const current = data.value(m.key)
        const next = applyAtomic(m.op, current, m.param)
        if (next !== null) write(m.key, next)
        // A next-line directive before `else` would not reach the `if` after it: this one sits inside the line.
        else /* Stryker disable next-line ConditionalExpression: equivalent: `true` writes null over an absent key (compareAndClear of an absent key), recorded as the same absence (also left out here: `false`, killed) */ if (current !== null) write(m.key, null)
        break
      }
      case 'versionstampedKey':
        write(toLatin1(fillVersionstamp(m.body, m.offset, stampOf())), m.value)
        break
      case 'versionstampedValue':
        write(m.key, fillVersionstamp(m.body, m.offset, stampOf()))
        break
    }
  }
}
