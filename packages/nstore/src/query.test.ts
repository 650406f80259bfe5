import { expect, it } from 'vitest'
import { ErrorCode, transactional, type Database, type TupleItem } from '@foundkit/core'
import { forEachEngine } from '@foundkit/core/testing/vitest'
import * as nstore from './index.js'

const triples = nstore.make('triples', ['t'], 3)
const [blog, post, title, who, kind] = [nstore.v('blog'), nstore.v('post'), nstore.v('title'), nstore.v('who'), nstore.v('kind')]

async function addAll(db: Database, store: nstore.NStore, tuples: readonly (readonly TupleItem[])[]): Promise<void> {
  for (let b = 0; b < tuples.length; b += 2_000) {
    await transactional(db, async (tx) => {
      for (const t of tuples.slice(b, b + 2_000)) await nstore.add(tx, store, t)
    })
  }
}

const sortBy = (rows: nstore.Bindings[], key: string) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])))

forEachEngine('nstore query', ({ db, engine }) => {
  it("joins three patterns (found's hyper.dev / copernic / hoply example), planned and written", async () => {
    await addAll(db(), triples, [
      ['hyperdev', 'title', 'hyper.dev'],
      ['copernic', 'title', 'copernic'],
      ['post1', 'blog', 'hyperdev'],
      ['post1', 'title', 'hoply is awesome'],
      ['post2', 'blog', 'hyperdev'],
      ['post2', 'title', 'hoply triple store'],
      ['post3', 'blog', 'copernic'],
      ['post3', 'title', 'copernic is a search engine'],
    ])
    const patterns: nstore.Pattern[] = [
      [blog, 'title', 'hyper.dev'],
      [post, 'blog', blog],
      [post, 'title', title],
    ]
    const expected = [
      { blog: 'hyperdev', post: 'post1', title: 'hoply is awesome' },
      { blog: 'hyperdev', post: 'post2', title: 'hoply triple store' },
    ]
    expect(sortBy(await nstore.query(db(), triples, ...patterns).toArray(), 'post')).toEqual(expected)
    expect(sortBy(await nstore.queryWith(db(), triples, { plan: 'written' }, ...patterns).toArray(), 'post')).toEqual(expected)
    expect(sortBy(await nstore.query(db(), triples, ...[...patterns].reverse()).toArray(), 'post')).toEqual(expected)
    expect(await nstore.queryWith(db(), triples, { limit: 1 }, ...patterns).toArray()).toHaveLength(1)
  })

  it('plans so that the written order does not decide the keys read: 1,000× fewer here', async () => {
    const tuples: TupleItem[][] = []
    for (let i = 0; i < 5_000; i++) tuples.push([`user${i}`, 'type', 'person'])
    tuples.push(['user4321', 'name', 'Ada'])
    await addAll(db(), triples, tuples)
    // Written order: every person first (5,000 keys), then one lookup per person.
    const patterns: nstore.Pattern[] = [
      [who, 'type', kind],
      [who, 'name', 'Ada'],
    ]
    const written = { scans: 0, keysRead: 0 }
    const planned = { scans: 0, keysRead: 0 }
    const a = await nstore.queryWith(db(), triples, { plan: 'written', stats: written }, ...patterns).toArray()
    const b = await nstore.queryWith(db(), triples, { stats: planned }, ...patterns).toArray()
    expect(a).toEqual([{ who: 'user4321', kind: 'person' }])
    expect(b).toEqual([{ who: 'user4321', kind: 'person' }])
    expect(written).toEqual({ scans: 5_001, keysRead: 5_001 })
    expect(planned).toEqual({ scans: 2, keysRead: 2 })
    expect(written.keysRead / planned.keysRead).toBeGreaterThanOrEqual(1_000)
    expect(await nstore.explain(db(), triples, ...patterns)).toEqual([patterns[1], patterns[0]])
  })

  it.skipIf(engine.name === 'fdb')('breaks ties between equally bound patterns with the smaller estimated range', async () => {
    const tuples: TupleItem[][] = []
    for (let i = 0; i < 2_000; i++) tuples.push([`user${i}`, 'type', 'person'])
    tuples.push(['user7', 'name', 'Ada'])
    await addAll(db(), triples, tuples)
    const patterns: nstore.Pattern[] = [
      [who, 'type', 'person'],
      [who, 'name', 'Ada'],
    ]
    expect(await nstore.explain(db(), triples, ...patterns)).toEqual([patterns[1], patterns[0]])
    const stats = { scans: 0, keysRead: 0 }
    expect(await nstore.queryWith(db(), triples, { stats }, ...patterns).toArray()).toEqual([{ who: 'user7' }])
    expect(stats).toEqual({ scans: 2, keysRead: 2 })
  })

  it('prefers, among equally bound patterns, one that shares a bound variable (no cross product)', async () => {
    const [x, y, z] = [nstore.v('x'), nstore.v('y'), nstore.v('z')]
    await addAll(db(), triples, [
      ['ada', 'name', 'Ada'],
      ['bob', 'name', 'Bob'],
      ['ada', 'likes', 'tea'],
    ])
    const likes: nstore.Pattern = [x, 'likes', y]
    const ada: nstore.Pattern = [x, 'name', 'Ada']
    const bob: nstore.Pattern = [z, 'name', 'Bob']
    expect(await nstore.explain(db(), triples, likes, ada, bob)).toEqual([ada, likes, bob])
    expect(await nstore.query(db(), triples, likes, ada, bob).toArray()).toEqual([{ x: 'ada', y: 'tea', z: 'bob' }])
  })

  it('refuses no patterns, unknown options and bad option values', () => {
    expect(() => nstore.query(db(), triples)).toThrow(/^nstore\.query: expected at least one pattern, got none$/)
    expect(() => nstore.queryWith(db(), triples, { plna: 'written' } as never, [who, 'a', 'b'])).toThrow(/unknown option "plna" \(did you mean "plan"\?\)/)
    expect(() => nstore.queryWith(db(), triples, { plan: 'fast' } as never, [who, 'a', 'b'])).toThrow(/nstore\.queryWith: plan must be 'planned' or 'written'/)
    expect(() => nstore.queryWith(db(), triples, { limit: 1.5 }, [who, 'a', 'b'])).toThrow(TypeError)
    expect(() => nstore.query(db(), triples, [who, 'a'])).toThrow(expect.objectContaining({ code: ErrorCode.invalidArgument }))
  })
})

/** Every tuple of a small store of `n` columns, and patterns of every bound/unbound shape. */
function shapes(n: number): { tuples: TupleItem[][]; patterns: nstore.Pattern[] } {
  const tuples: TupleItem[][] = []
  for (let t = 0; t < 6; t++) tuples.push(Array.from({ length: n }, (_, c) => (t + c) % 3))
  const patterns: nstore.Pattern[] = []
  const limit = n <= 5 ? 1 << n : 64
  for (let mask = 0; mask < limit; mask++) {
    const m = n <= 5 ? mask : (mask * 2654435761) % (1 << n) // 64 spread-out shapes for n = 12
    patterns.push(Array.from({ length: n }, (_, c) => (m & (1 << c) ? 1 : nstore.v(`c${c}`))))
  }
  return { tuples, patterns }
}

forEachEngine('nstore with n = 1, 2, 4, 5 and 12', ({ db }) => {
  for (const n of [1, 2, 4, 5, 12]) {
    it(`answers every pattern shape like a filter over the tuples (n = ${n})`, async () => {
      const store = nstore.make(`n${n}`, ['n', n], n)
      const { tuples, patterns } = shapes(n)
      await addAll(db(), store, tuples)
      const distinct = new Set(tuples.map((t) => JSON.stringify(t)))
      expect(await nstore.count(db(), store, Array.from({ length: n }, (_, c) => nstore.v(`c${c}`)))).toBe(distinct.size)
      for (const pattern of patterns) {
        const got = await nstore.select(db(), store, pattern).toArray()
        const want = [...distinct]
          .map((s) => JSON.parse(s) as number[])
          .filter((t) => pattern.every((item, c) => nstore.isVariable(item) || item === t[c]))
          .map((t) => Object.fromEntries(pattern.flatMap((item, c) => (nstore.isVariable(item) ? [[item.name, t[c]]] : []))))
        const key = (b: Record<string, unknown>) => JSON.stringify(Object.entries(b).sort())
        expect(got.map(key).sort()).toEqual(want.map(key).sort())
      }
    })
  }
})
