import { expect, it } from 'vitest'
import { Uuid, query, transactional } from '@foundkit/core'
import { forEachEngine } from '@foundkit/core/testing/vitest'
import * as pstore from './index.js'

const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex')
const le = (n: number): string => {
  const b = Buffer.alloc(8)
  b.writeBigInt64LE(BigInt(n))
  return b.toString('hex')
}

forEachEngine('pstore key layout', ({ db }) => {
  it('writes exactly the documented keys, built here by hand', async () => {
    const store = pstore.make('l', ['p'], { language: null, stopWords: [] })
    await pstore.add(db(), store, 7, 'b a b')
    const pairs = await transactional(db(), (tx) => query(tx, Buffer.from('00', 'hex'), Buffer.from('ff', 'hex')).toArray())
    const S = '02' + hex('p') + '00' // the subspace ('p',)
    const str = (s: string): string => '02' + hex(s) + '00'
    const got = pairs.map(([k, v]) => [Buffer.from(k).toString('hex'), Buffer.from(v).toString('hex')])
    // The write's block: a random Uuid, named in the document's record.
    const recordJson = Buffer.from(pairs.find(([k]) => Buffer.from(k).toString('hex').startsWith(S + '1505'))![1]).toString('utf8')
    const block = (JSON.parse(recordJson) as [string, unknown])[0]
    expect(block).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const U = '30' + Buffer.from(Uuid.fromString(block).toBytes()).toString('hex')
    expect(got).toEqual([
      // (1, term, field 0, block, part 0) → per document: varint docId length, packed docId (7 = 1507),
      // varint posting length, posting (length 3, frequency, positions as gaps)
      [S + '1501' + str('a') + '14' + U + '14', '02' + '1507' + '03' + '03' + '01' + '01'],
      [S + '1501' + str('b') + '14' + U + '14', '02' + '1507' + '04' + '03' + '02' + '00' + '02'],
      // (2, term, field 0) → document frequency
      [S + '1502' + str('a') + '14', le(1)],
      [S + '1502' + str('b') + '14', le(1)],
      // (3, field 0) → documents; (4, field 0) → total length
      [S + '1503' + '14', le(1)],
      [S + '1504' + '14', le(3)],
      // (5, doc 7, chunk 0) → record [block, [[field, length, terms]]]; (6, doc 7, field 0, chunk 0) → text
      [S + '1505' + '1507' + '14', hex(`["${block}",[[0,3,["b","a"]]]]`)],
      [S + '1506' + '1507' + '14' + '14', hex('b a b')],
    ])
  })
})
