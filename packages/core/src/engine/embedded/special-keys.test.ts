// The special key space's helpers: a failed commit's conflicting ranges in
// FoundationDB's format (sorted, touching ranges merged) and a range read
// over special pairs (bounds, reverse, limit).
import { describe, expect, it } from 'vitest'
import { CONFLICTING_KEYS_PREFIX as P, conflictingKeyPairs, specialRange } from './special-keys.js'

const read = async (batches: AsyncIterable<{ length: number; at(i: number): [Uint8Array, Uint8Array] | undefined }>) => {
  const out: string[] = []
  for await (const batch of batches) for (let i = 0; i < batch.length; i++) out.push(Buffer.from(batch.at(i)![0]).toString('latin1'))
  return out
}

describe('conflictingKeyPairs', () => {
  it('sorts the ranges and merges those that overlap or touch; a range inside another changes nothing', () => {
    const pairs = conflictingKeyPairs([
      ['m', 'p'],
      ['a', 'c'],
      ['b', 'd'], // overlaps [a, c)
      ['d', 'e'], // touches [a, d)
      ['n', 'o'], // inside [m, p)
      ['x', 'y'],
    ])
    expect(pairs).toEqual([
      [P + 'a', '1'],
      [P + 'e', '0'],
      [P + 'm', '1'],
      [P + 'p', '0'],
      [P + 'x', '1'],
      [P + 'y', '0'],
    ])
  })
})

describe('specialRange', () => {
  const pairs = ['a', 'b', 'c', 'd'].map((k) => [k, 'v'] as const)

  it('reads [lo, hi) in key order or reversed, at most limit pairs (0: all)', async () => {
    expect(await read(specialRange(pairs, 'b', 'd', 0, false))).toEqual(['b', 'c'])
    expect(await read(specialRange(pairs, 'a', 'z', 0, true))).toEqual(['d', 'c', 'b', 'a'])
    expect(await read(specialRange(pairs, 'a', 'z', 2, false))).toEqual(['a', 'b'])
    expect(await read(specialRange(pairs, 'a', 'z', 2, true))).toEqual(['d', 'c'])
    expect(await read(specialRange(pairs, 'x', 'z', 0, false))).toEqual([])
  })
})
