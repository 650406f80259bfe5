import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError, Subspace } from '@foundkit/core'
import { make } from './store.js'

const code = (fn: () => unknown): number | undefined => {
  try {
    fn()
  } catch (error) {
    if (error instanceof FoundError) return error.code
    throw error
  }
  return undefined
}

describe('make', () => {
  it('returns a frozen handle with the name, subspace, n and the index permutations', () => {
    const store = make('triples', ['app', 'triples'], 3)
    expect(store.name).toBe('triples')
    expect(store.n).toBe(3)
    expect(Buffer.from(store.subspace.key())).toEqual(Buffer.from([0x02, ...Buffer.from('app'), 0x00, 0x02, ...Buffer.from('triples'), 0x00]))
    expect(store.indexes).toEqual([
      [0, 1, 2],
      [1, 2, 0],
      [2, 0, 1],
    ])
    expect(Object.isFrozen(store)).toBe(true)
    expect(Object.isFrozen(store.indexes)).toBe(true)
    expect(Object.isFrozen(store.indexes[0])).toBe(true)
  })

  it('takes a Subspace as is', () => {
    const subspace = new Subspace(['s'], Buffer.from([0xfe]))
    expect(make('t', subspace, 2).subspace).toBe(subspace)
  })

  it('refuses arguments of the wrong type with a TypeError naming the argument', () => {
    expect(() => make('' as string, ['t'], 3)).toThrow(/nstore\.make: name must be a non-empty string/)
    expect(() => make(1 as unknown as string, ['t'], 3)).toThrow(TypeError)
    expect(() => make('t', 'prefix' as unknown as [], 3)).toThrow(/nstore\.make: where must be a Subspace or an array of tuple items, got a string/)
    expect(() => make('t', ['t'], 2.5)).toThrow(/nstore\.make: n must be an integer, got number 2\.5/)
    expect(() => make('t', ['t'], '3' as unknown as number)).toThrow(TypeError)
  })

  it('refuses n < 1', () => {
    expect(code(() => make('t', ['t'], 0))).toBe(ErrorCode.invalidArgument)
    expect(() => make('t', ['t'], -1)).toThrow(/nstore\.make: n must be at least 1, got -1/)
  })

  it('refuses an n whose smallest add would pass the 10 MB transaction limit, and accepts n = 12', () => {
    expect(make('t', ['t'], 12).indexes.length).toBe(924)
    expect(code(() => make('t', ['t'], 22))).toBe(ErrorCode.invalidArgument)
    expect(() => make('t', ['t'], 22)).toThrow(/n = 22 needs 705,432 indexes, so one add would write at least .* over FoundationDB's 10,000,000-byte/)
    expect(() => make('t', ['t'], 40)).toThrow(/n = 40 needs 137,846,528,820 indexes/)
  })
})
