import { describe, expect, it } from 'vitest'
import { binomial, findIndex, indexPermutations, inverseOf, maskOf } from './permutations.js'

describe('indexPermutations', () => {
  it("gives found's permutations for n = 3, in found's order", () => {
    expect(indexPermutations(3)).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ])
  })

  it("gives found's permutations for n = 4, in found's order", () => {
    expect(indexPermutations(4)).toEqual([
      [0, 1, 2, 3],
      [2, 0, 3, 1],
      [3, 0, 1, 2],
      [1, 2, 3, 0],
      [1, 3, 0, 2],
      [2, 3, 1, 0],
    ])
  })

  it('gives n = 1 one index and n = 2 two', () => {
    expect(indexPermutations(1)).toEqual([[0]])
    expect(indexPermutations(2)).toEqual([
      [0, 1],
      [1, 0],
    ])
  })

  it('gives C(n, ⌊n/2⌋) distinct permutations of 0..n-1, for n = 1..12', () => {
    const expected = [1, 2, 3, 6, 10, 20, 35, 70, 126, 252, 462, 924]
    for (let n = 1; n <= 12; n++) {
      const all = indexPermutations(n)
      expect(all.length).toBe(expected[n - 1])
      expect(binomial(n, Math.floor(n / 2))).toBe(expected[n - 1])
      expect(new Set(all.map((p) => p.join(','))).size).toBe(all.length)
      for (const p of all) expect([...p].sort((a, b) => a - b)).toEqual([...Array(n).keys()])
    }
  })
})

describe('findIndex', () => {
  it('finds, for every set of bound columns (n = 1..12), an index that starts with exactly those columns', () => {
    for (let n = 1; n <= 12; n++) {
      const all = indexPermutations(n)
      for (let mask = 0; mask < 1 << n; mask++) {
        const i = findIndex(all, mask)
        let k = 0
        for (let m = mask; m; m &= m - 1) k++
        expect(maskOf(all[i]!.slice(0, k))).toBe(mask)
      }
    }
  })

  it('picks the first such index in found order (n = 3)', () => {
    const all = indexPermutations(3)
    expect(findIndex(all, maskOf([]))).toBe(0)
    expect(findIndex(all, maskOf([0]))).toBe(0)
    expect(findIndex(all, maskOf([1]))).toBe(1)
    expect(findIndex(all, maskOf([2]))).toBe(2)
    expect(findIndex(all, maskOf([0, 1]))).toBe(0)
    expect(findIndex(all, maskOf([1, 2]))).toBe(1)
    expect(findIndex(all, maskOf([0, 2]))).toBe(2)
    expect(findIndex(all, maskOf([0, 1, 2]))).toBe(0)
  })

  it('compares column sets, not digit strings: right for n = 12, columns 10 and 11', () => {
    const all = indexPermutations(12)
    const i = findIndex(all, maskOf([11, 1]))
    expect(new Set(all[i]!.slice(0, 2))).toEqual(new Set([1, 11]))
  })
})

describe('inverseOf', () => {
  it('gives the position of each column', () => {
    expect(inverseOf([2, 0, 3, 1])).toEqual([1, 3, 0, 2])
  })
})
