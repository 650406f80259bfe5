// The on-disk layout, byte for byte: found's `pack((prefix..., index, permuted items...))`.
// Every expected key is built by hand from the tuple specification, not with
// foundkit's `pack`, so a mistake in either shows up here.
import { expect, it } from 'vitest'
import { Subspace, Versionstamp, getVersionstamp, transactional } from '@foundkit/core'
import { dumpAll, forEachEngine } from '@foundkit/core/testing/vitest'
import * as nstore from './index.js'

const cat = (...parts: number[][]): string => Buffer.from(parts.flat()).toString('hex')
const str = (s: string): number[] => [0x02, ...Buffer.from(s, 'utf8'), 0x00]
const int = (n: number): number[] => (n === 0 ? [0x14] : [0x15, n]) // 0..255
const NULL = [0x00]
const hex = (s: string): string => Buffer.from(s).toString('hex')

forEachEngine('nstore layout', ({ db }) => {
  it("writes a triple under found's three keys: (0, s, p, o), (1, p, o, s), (2, o, s, p)", async () => {
    const triples = nstore.make('triples', ['t'], 3)
    await nstore.add(db(), triples, ['ada', 1, null], Buffer.from('v'))
    const t = str('t')
    expect(await dumpAll(db())).toEqual([
      [cat(t, int(0), str('ada'), int(1), NULL), hex('v')],
      [cat(t, int(1), int(1), NULL, str('ada')), hex('v')],
      [cat(t, int(2), NULL, str('ada'), int(1)), hex('v')],
    ])
  })

  it('writes a quad under six keys in the permutations of n = 4, after a raw prefix', async () => {
    const quads = nstore.make('quads', new Subspace(['q'], Buffer.from([0xfe])), 4)
    await nstore.add(db(), quads, ['a', 'b', 'c', 'd'])
    const q = [0xfe, ...str('q')]
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(str) as [number[], number[], number[], number[]]
    const expected = [
      cat(q, int(0), a, b, c, d),
      cat(q, int(1), c, a, d, b),
      cat(q, int(2), d, a, b, c),
      cat(q, int(3), b, c, d, a),
      cat(q, int(4), b, d, a, c),
      cat(q, int(5), c, d, b, a),
    ]
    expect(await dumpAll(db())).toEqual(expected.map((k) => [k, '']))
  })

  it('writes a completed versionstamp (0x33, 10 bytes, 2-byte user version) at its place in each index', async () => {
    const triples = nstore.make('triples', ['t'], 3)
    const { stamp } = await transactional(db(), async (tx) => {
      await nstore.add(tx, triples, ['log', Versionstamp.incomplete(258), 'x'])
      return { stamp: getVersionstamp(tx) }
    })
    const vs = [0x33, ...(await stamp), 0x01, 0x02]
    const t = str('t')
    expect(await dumpAll(db())).toEqual([
      [cat(t, int(0), str('log'), vs, str('x')), ''],
      [cat(t, int(1), vs, str('x'), str('log')), ''],
      [cat(t, int(2), str('x'), str('log'), vs), ''],
    ])
  })
})
