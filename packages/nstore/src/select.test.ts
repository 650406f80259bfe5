import { expect, it } from 'vitest'
import { ErrorCode, transactional, type Database } from '@foundkit/core'
import { forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as nstore from './index.js'

const triples = nstore.make('triples', ['t'], 3)
const [s, p, o, x] = [nstore.v('s'), nstore.v('p'), nstore.v('o'), nstore.v('x')]

async function addAll(db: Database, store: nstore.NStore, tuples: readonly (readonly unknown[])[]): Promise<void> {
  await transactional(db, async (tx) => {
    for (const t of tuples) await nstore.add(tx, store, t as never)
  })
}

forEachEngine('nstore select / where', ({ db }) => {
  it('finds by subject (found: subject lookup)', async () => {
    await addAll(db(), triples, [
      ['P4X432', 'title', 'hyper.dev'],
      ['P4X432', 'keyword', 'corporate'],
      ['P4X433', 'title', 'copernic'],
    ])
    const out = await nstore.select(db(), triples, ['P4X432', p, o]).toArray()
    expect(out).toEqual([
      { p: 'keyword', o: 'corporate' },
      { p: 'title', o: 'hyper.dev' },
    ])
  })

  it('binds an object variable (found: object variable)', async () => {
    await addAll(db(), triples, [
      ['P4X432', 'title', 'hyper.dev'],
      ['P4X433', 'title', 'copernic'],
    ])
    expect(await nstore.select(db(), triples, ['P4X433', 'title', o]).toArray()).toEqual([{ o: 'copernic' }])
    expect(await nstore.select(db(), triples, [s, 'title', 'copernic']).toArray()).toEqual([{ s: 'P4X433' }])
  })

  it('asks, removes, asks again (found: ask / remove / ask)', async () => {
    await nstore.add(db(), triples, ['P4X432', 'title', 'hyper.dev'])
    expect(await nstore.select(db(), triples, ['P4X432', 'title', 'hyper.dev']).toArray()).toEqual([{}])
    expect(await nstore.remove(db(), triples, ['P4X432', 'title', 'hyper.dev'])).toBe(true)
    expect(await nstore.select(db(), triples, ['P4X432', 'title', 'hyper.dev']).toArray()).toEqual([])
    expect(await nstore.select(db(), triples, [s, p, o]).toArray()).toEqual([])
  })

  it('extends a seed, and treats the seed’s variables as bound', async () => {
    await addAll(db(), triples, [
      ['a', 'knows', 'b'],
      ['c', 'knows', 'b'],
    ])
    expect(await nstore.select(db(), triples, [s, 'knows', o], { s: 'c', keep: 1 }).toArray()).toEqual([{ s: 'c', keep: 1, o: 'b' }])
  })

  it('makes a variable repeated within a pattern bind the same item at each place', async () => {
    await addAll(db(), triples, [
      ['a', 'likes', 'a'],
      ['a', 'likes', 'b'],
      ['b', 'likes', 'b'],
      [1, 'likes', 1n],
      [1, 'likes', 1.5],
    ])
    expect(await nstore.select(db(), triples, [x, 'likes', x]).toArray()).toEqual([{ x: 'a' }, { x: 'b' }, { x: 1 }]) // index (p, o, s): strings sort before integers
    expect(await nstore.select(db(), triples, [x, x, x]).toArray()).toEqual([])
    expect(await nstore.count(db(), triples, [x, 'likes', x])).toBe(3)
  })

  it('streams inside a transaction, and reads in one transaction when given a Database', async () => {
    await addAll(db(), triples, [['a', 'b', 'c']])
    const inTx = await transactional(db(), async (tx) => {
      const out = []
      for await (const b of nstore.select(tx, triples, [s, p, o])) out.push(b)
      return out
    })
    const fromDb = []
    for await (const b of nstore.select(db(), triples, [s, p, o])) fromDb.push(b)
    expect(inTx).toEqual([{ s: 'a', p: 'b', o: 'c' }])
    expect(fromDb).toEqual(inTx)
  })

  it('where runs the pattern once per incoming binding (nested loop)', async () => {
    await addAll(db(), triples, [
      ['ada', 'follows', 'bob'],
      ['ada', 'follows', 'cy'],
      ['bob', 'name', 'Bob'],
      ['cy', 'name', 'Cy'],
    ])
    const follows = nstore.select(db(), triples, ['ada', 'follows', x])
    expect(await nstore.where(db(), triples, follows, [x, 'name', o]).toArray()).toEqual([
      { x: 'bob', o: 'Bob' },
      { x: 'cy', o: 'Cy' },
    ])
    expect(await nstore.where(db(), triples, [{ x: 'cy' }, { x: 'nobody' }], [x, 'name', o]).toArray()).toEqual([{ x: 'cy', o: 'Cy' }])
  })

  it('refuses malformed patterns at once, with TypeError or invalidArgument', async () => {
    expect(() => nstore.select(db(), triples, [s, p])).toThrow(/^nstore\.select: expected 3 items, got 2$/)
    expect(() => nstore.select(db(), triples, 'spo' as never)).toThrow(TypeError)
    expect(() => nstore.select(db(), triples, [s, {} as never, o])).toThrow(/nstore\.select: item 1 cannot be packed/)
    expect(() => nstore.select(db(), triples, [s, p, o], 'seed' as never)).toThrow(/nstore\.select: seed must be an object/)
    expect(() => nstore.where(db(), triples, 5 as never, [s, p, o])).toThrow(/nstore\.where: bindings must be an iterable/)
    expect(() => nstore.v('')).toThrow(/nstore\.v: name must be a non-empty string/)
    await rejectsWith(nstore.count(db(), triples, [s]), ErrorCode.invalidArgument, /nstore\.count: expected 3 items, got 1/)
  })
})

forEachEngine('nstore selectPage / count', ({ db }) => {
  it('pages through 10,000 matches across transactions, in index order, each once', async () => {
    for (let b = 0; b < 10_000; b += 2_500) {
      await transactional(db(), async (tx) => {
        for (let i = b; i < b + 2_500; i++) await nstore.add(tx, triples, [i, 'type', 'event'])
      })
    }
    await nstore.add(db(), triples, [0, 'type', 'other'])
    const seen: number[] = []
    let continuation: string | null = null
    let pages = 0
    do {
      const page: nstore.SelectPage = await nstore.selectPage(db(), triples, [s, 'type', 'event'], { limit: 700, continuation })
      expect(page.items.length).toBeLessThanOrEqual(700)
      for (const b of page.items) seen.push(b.s as number)
      continuation = page.continuation
      pages++
    } while (continuation !== null)
    expect(pages).toBe(15)
    expect(seen).toEqual([...Array(10_000).keys()])
    expect(await nstore.count(db(), triples, [s, 'type', 'event'])).toBe(10_000)
    expect(await nstore.count(db(), triples, [s, 'type', o])).toBe(10_001)
    expect(await nstore.count(db(), triples, [0, 'type', 'other'])).toBe(1)
    expect(await nstore.count(db(), triples, [1, 'type', 'other'])).toBe(0)
  })

  it('refuses unknown options and a continuation of another pattern', async () => {
    await rejectsWith(nstore.selectPage(db(), triples, [s, p, o], { limt: 5 } as never), 'TypeError', /nstore\.selectPage: unknown option "limt" \(did you mean "limit"\?\)/)
    await rejectsWith(nstore.selectPage(db(), triples, [s, p, o], { limit: -1 }), 'TypeError', /nstore\.selectPage: limit must be a non-negative integer/)
    await addAll(db(), triples, [
      ['a', 'b', 'c'],
      ['a', 'b', 'd'],
    ])
    const first = await nstore.selectPage(db(), triples, ['a', p, o], { limit: 1 })
    expect(first.items).toEqual([{ p: 'b', o: 'c' }])
    await rejectsWith(nstore.selectPage(db(), triples, [s, 'b', o], { continuation: first.continuation }), ErrorCode.invalidArgument, /continuation/)
    const rest = await nstore.selectPage(db(), triples, ['a', p, o], { continuation: first.continuation })
    expect(rest).toEqual({ items: [{ p: 'b', o: 'd' }], continuation: null })
  })
})
