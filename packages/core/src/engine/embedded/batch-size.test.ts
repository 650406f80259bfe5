// How many pairs a range read fetches per batch, by streaming mode: the
// modes' order is FoundationDB's (small < medium < large < serial =
// want_all = exact), the iterator mode starts small and grows to the
// largest, and a limit caps every mode.
import { describe, expect, it } from 'vitest'
import { batchSize } from './limits.js'

describe('batchSize', () => {
  it('orders the fixed modes as FoundationDB does, whatever the iteration', () => {
    for (const iteration of [0, 1, 5]) {
      const size = (mode: Parameters<typeof batchSize>[0]) => batchSize(mode, iteration, 0)
      expect(size('small')).toBeLessThan(size('medium'))
      expect(size('medium')).toBeLessThan(size('large'))
      expect(size('large')).toBeLessThan(size('serial'))
      expect(size('serial')).toBe(size('want_all'))
      expect(size('exact')).toBe(size('want_all'))
    }
  })

  it('iterator mode starts at the small size and doubles up to the largest', () => {
    const sizes = [0, 1, 2, 3, 4, 5, 6, 7, 20].map((i) => batchSize('iterator', i, 0))
    expect(sizes[0]).toBe(batchSize('small', 0, 0))
    for (let i = 1; i < 6; i++) expect(sizes[i]).toBe(2 * sizes[i - 1]!)
    expect(sizes.at(-1)).toBe(batchSize('want_all', 0, 0))
    expect(Math.max(...sizes)).toBe(batchSize('want_all', 0, 0))
  })

  it('a limit caps the batch of every mode', () => {
    for (const mode of ['iterator', 'small', 'medium', 'large', 'serial', 'want_all', 'exact'] as const) {
      expect(batchSize(mode, 3, 7)).toBe(7)
      expect(batchSize(mode, 3, 1_000_000)).toBe(batchSize(mode, 3, 0))
    }
  })
})
