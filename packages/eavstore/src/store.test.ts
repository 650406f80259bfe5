// make: its arguments are checked (a TypeError that names what was wrong), and
// the index option chooses which attribute paths are indexed.
import { describe, expect, it } from 'vitest'
import { Subspace } from '@foundkit/core'
import { describeValue, make } from './store.js'

describe('eavstore.make', () => {
  it('refuses a name that is not a non-empty string', () => {
    expect(() => make('', ['s'])).toThrow(new TypeError('eavstore.make: name must be a non-empty string, got ""'))
    expect(() => make(42 as unknown as string, ['s'])).toThrow(new TypeError('eavstore.make: name must be a non-empty string, got 42'))
    expect(() => make(undefined as unknown as string, ['s'])).toThrow(/name must be a non-empty string, got undefined/)
  })

  it('takes a Subspace or tuple items for where, and nothing else', () => {
    expect(make('s', new Subspace(['app'])).subspace.key()).toEqual(new Subspace(['app']).key())
    expect(make('s', ['app']).subspace.key()).toEqual(new Subspace(['app']).key())
    expect(() => make('s', 'app' as unknown as string[])).toThrow(new TypeError('eavstore.make: where must be a Subspace or an array of tuple items, got "app"'))
    expect(() => make('s', { app: 1 } as unknown as string[])).toThrow(/where must be a Subspace or an array of tuple items, got an object/)
  })

  it('refuses an unknown option', () => {
    expect(() => make('s', ['s'], { indexes: true } as never)).toThrow(/eavstore\.make.*indexes/)
  })

  it('indexes every path by default', () => {
    const store = make('s', ['s'])
    expect(store.index).toBe(true)
    expect(['name', 'address.city', 'a.b.c'].map(store.isIndexed)).toEqual([true, true, true])
  })

  it('indexes the listed paths and the paths below them, and no other', () => {
    const store = make('s', ['s'], { index: ['address', 'name'] })
    expect(['name', 'address', 'address.city', 'address.geo.lat'].map(store.isIndexed)).toEqual([true, true, true, true])
    // A path that only starts with the same letters is another attribute.
    expect(['addressbook', 'names', 'age', 'city', 'name2.x'].map(store.isIndexed)).toEqual([false, false, false, false, false])
    expect(make('s', ['s'], { index: [] }).isIndexed('name')).toBe(false)
  })

  it('indexes the paths a predicate returns true for (true itself, not a truthy value)', () => {
    const store = make('s', ['s'], { index: ((path: string) => (path === 'a' ? true : path === 'b' ? 'yes' : false)) as (path: string) => boolean })
    expect(['a', 'b', 'c'].map(store.isIndexed)).toEqual([true, false, false])
  })

  it('refuses an index option that is not true, a list of non-empty paths or a predicate', () => {
    const message = /eavstore\.make: option index must be true, an array of attribute paths or a predicate, got /
    for (const bad of [false, 'name', ['name', ''], ['name', 3], [''], 7]) {
      expect(() => make('s', ['s'], { index: bad as never })).toThrow(TypeError)
      expect(() => make('s', ['s'], { index: bad as never })).toThrow(message)
    }
  })
})

describe('eavstore describeValue (error messages)', () => {
  it('shows a value as short, readable text', () => {
    expect(describeValue('abc')).toBe('"abc"')
    expect(describeValue('x'.repeat(60))).toBe(JSON.stringify('x'.repeat(60)))
    expect(describeValue('x'.repeat(61))).toBe(JSON.stringify('x'.repeat(60) + '…'))
    expect(describeValue(12n)).toBe('12n')
    expect(describeValue(() => 1)).toBe('a function')
    expect(describeValue(Symbol('s'))).toBe('a symbol')
    expect(describeValue([1, 2, 3])).toBe('an array of 3')
    expect(describeValue(new Uint8Array(4))).toBe('Uint8Array of 4 bytes')
    expect(describeValue(Buffer.alloc(2))).toBe('Buffer of 2 bytes')
    expect(describeValue({ a: 1 })).toBe('an object')
    expect(describeValue(Object.create(null))).toBe('an object')
    expect(describeValue(new Map())).toBe('a Map')
    expect(describeValue(Object.create(Object.create(null)))).toBe('an object')
    expect(describeValue(new (class {})())).toBe('an object')
    expect(describeValue(null)).toBe('null')
    expect(describeValue(1.5)).toBe('1.5')
  })
})
