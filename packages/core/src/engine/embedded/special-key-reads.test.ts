// The special key space's range reads as an engine must serve them (batches never empty) and which selectors
// the conflicting-keys module resolves by itself (only firstGreaterOrEqual / firstGreaterThan).
import { describe, expect, it } from 'vitest'
import { keyAfter } from './keyspace.js'
import { simpleSelectorKey, specialRange } from './special-keys.js'

describe('specialRange', () => {
  const pairs = ['a', 'b', 'c'].map((k) => [k, 'v'] as const)

  it('yields no batch at all for a range with no pair (an engine batch is never empty)', async () => {
    for (const reverse of [false, true]) {
      const lengths: number[] = []
      for await (const batch of specialRange(pairs, 'x', 'z', 0, reverse)) lengths.push(batch.length)
      expect(lengths).toEqual([])
    }
  })

  it('yields one batch holding every pair of a non-empty range', async () => {
    const lengths: number[] = []
    for await (const batch of specialRange(pairs, 'a', 'z', 0, false)) lengths.push(batch.length)
    expect(lengths).toEqual([3])
  })
})

describe('simpleSelectorKey', () => {
  it('resolves firstGreaterOrEqual to its key and firstGreaterThan to the key after it', () => {
    expect(simpleSelectorKey('k', false, 1)).toBe('k')
    expect(simpleSelectorKey('k', true, 1)).toBe(keyAfter('k'))
  })

  it('leaves every other selector (offset other than 1) unresolved', () => {
    for (const offset of [0, 2, -1]) {
      expect(simpleSelectorKey('k', false, offset)).toBeNull()
      expect(simpleSelectorKey('k', true, offset)).toBeNull()
    }
  })
})
