// The on-disk layout, with every expected key and value written out by hand (not with pack).
import { expect, it } from 'vitest'
import { Subspace } from '@foundkit/core'
import { dumpAll, forEachEngine } from '@foundkit/core/testing/vitest'
import * as eavstore from './index.js'

// S = ('t',) = 02 74 00; documents = S + 14 (0); index = S + 15 01 (1)
const S = '027400'
const str = (s: string): string => '02' + Buffer.from(s).toString('hex') + '00'

forEachEngine('eavstore: key layout (version 1)', ({ db }) => {
  it('marker, one key per leaf, one index key per value and per array element', async () => {
    const store = eavstore.make('t', new Subspace(['t']))
    await eavstore.create(db(), store, { n: 7, tags: ['x', 'y', 'x'], a: { b: true }, e: {} }, 'id')
    const id = str('id')
    const expected = [
      // S + (0, 'id') → ''
      [S + '14' + id, ''],
      // (0, 'id', 'a', 'b') → (true)
      [S + '14' + id + str('a') + str('b'), '27'],
      // (0, 'id', 'e') → (4, ()): an empty object
      [S + '14' + id + str('e'), '1504' + '0500'],
      // (0, 'id', 'n') → (7)
      [S + '14' + id + str('n'), '1507'],
      // (0, 'id', 'tags') → (3, (('x'), ('y'), ('x'))): the array, whole and in order
      [S + '14' + id + str('tags'), '1503' + '05' + '05' + str('x') + '00' + '05' + str('y') + '00' + '05' + str('x') + '00' + '00'],
      // (1, 'a.b', true, 'id') → ''
      [S + '1501' + str('a.b') + '27' + id, ''],
      // (1, 'n', Float64(7), 'id') → '': a number is indexed as a double
      [S + '1501' + str('n') + '21' + 'c01c000000000000' + id, ''],
      // (1, 'tags', 'x', 'id') → 01 and (1, 'tags', 'y', 'id') → 01: one key per distinct element
      [S + '1501' + str('tags') + str('x') + id, '01'],
      [S + '1501' + str('tags') + str('y') + id, '01'],
    ]
    expect(await dumpAll(db())).toEqual(expected)
  })

  it('a bigint is indexed as an integer, and a small one is tagged in the value', async () => {
    const store = eavstore.make('t', ['t'])
    await eavstore.create(db(), store, { b: 5n }, 1)
    expect(await dumpAll(db())).toEqual([
      [S + '14' + '1501', ''],
      [S + '14' + '1501' + str('b'), '14' + '1505'], // (0, 5): tag 0 is the integer zero, 14,
      [S + '1501' + str('b') + '1505' + '1501', ''],
    ])
  })
})
