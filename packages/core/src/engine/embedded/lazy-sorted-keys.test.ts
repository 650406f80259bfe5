// LazySortedKeys (generations.ts): keys added in any order, twice or more,
// come out of a range walk once each, in order, within the range.
import { describe, expect, it } from 'vitest'
import { LazySortedKeys } from './generations.js'

const walk = (keys: LazySortedKeys, lo: string, hi: string, stopAt?: string): string[] => {
  const out: string[] = []
  keys.forRange(lo, hi, (k) => {
    out.push(k)
    return k === stopAt
  })
  return out
}

describe('LazySortedKeys', () => {
  it('is empty when made', () => {
    expect(walk(new LazySortedKeys(), '', '\xff')).toEqual([])
  })

  it('walks the keys of [lo, hi) once each, ascending, however they were added, and stops when asked', () => {
    const keys = new LazySortedKeys()
    for (const k of ['d', 'b', 'a', 'b', 'e']) keys.add(k)
    expect(walk(keys, 'b', 'e')).toEqual(['b', 'd'])
    keys.add('c') // after a walk: the next walk sees it
    keys.add('a')
    expect(walk(keys, '', '\xff')).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect(walk(keys, '', '\xff', 'b')).toEqual(['a', 'b'])
  })
})
