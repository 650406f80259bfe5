// A transaction's own range clears that overlap, touch, contain or follow
// one another: its reads see every key of their union cleared (and the keys
// it set after a clear), and the commit stores exactly that.
import { expect, it } from 'vitest'
import { clear, query, set, transactional, type Transaction } from '../../src/index.js'
import { b, forEachEngine } from '../harness.js'

const LETTERS = 'abcdefghijklmnop'.split('')

forEachEngine('overlapping clears in one transaction', ({ db }) => {
  const keysIn = async (tx: Transaction): Promise<string> =>
    (await query(tx, b('a'), b('z')).toArray()).map(([k]) => Buffer.from(k).toString()).join('')

  const cases: Array<[string, Array<[string, string]>, string]> = [
    ['overlapping, the later one ending further', [['c', 'f'], ['e', 'h']], 'abhijklmnop'],
    ['overlapping, the later one starting earlier', [['e', 'h'], ['c', 'f']], 'abhijklmnop'],
    ['touching end to begin', [['c', 'e'], ['e', 'g']], 'abghijklmnop'],
    ['the second inside the first', [['c', 'k'], ['e', 'g']], 'abklmnop'],
    ['the second covering two earlier ones and the gap between', [['c', 'e'], ['g', 'i'], ['b', 'j']], 'ajklmnop'],
    ['a later one past an earlier one that ends beyond it', [['b', 'm'], ['d', 'f'], ['l', 'n']], 'anop'],
    ['apart', [['b', 'c'], ['f', 'g']], 'acdeghijklmnop'],
  ]

  for (const [name, clears, left] of cases) {
    it(`${name}: reads inside the transaction and after the commit see ${left}`, async () => {
      await transactional(db(), (tx) => {
        for (const l of LETTERS) set(tx, b(l), b('v'))
      })
      const seen = await transactional(db(), async (tx) => {
        await keysIn(tx) // a read first: the clears below go through the transaction's read-your-writes buffer
        for (const [begin, end] of clears) clear(tx, b(begin), b(end))
        return keysIn(tx)
      })
      expect(seen).toBe(left)
      expect(await transactional(db(), keysIn)).toBe(left)
    })
  }

  it('a key set after the clears that cover it is seen and stored', async () => {
    await transactional(db(), (tx) => {
      for (const l of LETTERS) set(tx, b(l), b('v'))
    })
    const seen = await transactional(db(), async (tx) => {
      await keysIn(tx)
      clear(tx, b('c'), b('f'))
      clear(tx, b('e'), b('h'))
      set(tx, b('d'), b('again'))
      return keysIn(tx)
    })
    expect(seen).toBe('abdhijklmnop')
    expect(await transactional(db(), keysIn)).toBe('abdhijklmnop')
  })
})
