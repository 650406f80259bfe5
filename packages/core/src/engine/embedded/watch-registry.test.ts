// The watch registry: a watch fires once the key's committed value differs from the value its transaction saw
// (not when it is written with the same value), a cancelled watch is rejected with 1025 once, other watches of the
// same key are untouched by a cancel, and the limit of outstanding watches may change while watches wait.
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { WatchRegistry } from './watches.js'

const b = (s: string): Buffer => Buffer.from(s)

/** A watch's outcome so far: 'waiting', 'fired', or the error code it was rejected with. */
function track(): { outcome: () => string; resolve: () => void; reject: (e: unknown) => void } {
  let outcome = 'waiting'
  return {
    outcome: () => outcome,
    resolve: () => {
      outcome = outcome === 'waiting' ? 'fired' : `${outcome}, then fired`
    },
    reject: (e) => {
      const code = e instanceof FoundError ? String(e.code) : 'not a FoundError'
      outcome = outcome === 'waiting' ? code : `${outcome}, then ${code}`
    },
  }
}

describe('WatchRegistry', () => {
  it('fires a watch only when the value differs from the one seen', () => {
    const watches = new WatchRegistry()
    const w = track()
    watches.add('k', b('v'), b('v'), w.resolve, w.reject)
    watches.changed(['k'], () => b('v')) // written again with the same value
    expect(w.outcome()).toBe('waiting')
    watches.changed(['k'], () => b('other'))
    expect(w.outcome()).toBe('fired')
    expect(watches.size).toBe(0)
  })

  it('a cancel rejects that watch with 1025, once; the other watch of the key still fires', () => {
    const watches = new WatchRegistry()
    const first = track()
    const second = track()
    const cancelFirst = watches.add('k', null, null, first.resolve, first.reject)
    watches.add('k', null, null, second.resolve, second.reject)
    cancelFirst()
    cancelFirst()
    expect(first.outcome()).toBe(String(ErrorCode.transactionCancelled))
    expect(watches.size).toBe(1)
    watches.changed(['k'], () => b('created'))
    expect(second.outcome()).toBe('fired')
    expect(first.outcome()).toBe(String(ErrorCode.transactionCancelled))
  })

  it('a raised limit lets more watches wait; those already waiting stay', () => {
    const watches = new WatchRegistry(1)
    const first = track()
    watches.add('a', null, null, first.resolve, first.reject)
    const refused = track()
    watches.add('b', null, null, refused.resolve, refused.reject)
    expect(refused.outcome()).toBe(String(ErrorCode.tooManyWatches))
    watches.setLimit(2)
    const second = track()
    watches.add('b', null, null, second.resolve, second.reject)
    expect(second.outcome()).toBe('waiting')
    expect(watches.size).toBe(2)
    watches.setLimit(1) // lowering it keeps the waiting watches
    watches.changed(['a', 'b'], () => b('x'))
    expect([first.outcome(), second.outcome()]).toEqual(['fired', 'fired'])
  })

  it('cancelAll rejects every waiting watch with the error given and frees every place', () => {
    const watches = new WatchRegistry(2)
    const w1 = track()
    const w2 = track()
    watches.add('a', null, null, w1.resolve, w1.reject)
    watches.add('b', null, null, w2.resolve, w2.reject)
    watches.cancelAll(new FoundError(ErrorCode.databaseClosed, 'closed'))
    expect([w1.outcome(), w2.outcome()]).toEqual([String(ErrorCode.databaseClosed), String(ErrorCode.databaseClosed)])
    expect(watches.size).toBe(0)
    watches.changed(['a', 'b'], () => b('x')) // nothing left to fire
    expect(w1.outcome()).toBe(String(ErrorCode.databaseClosed))
  })
})
