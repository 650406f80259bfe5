// query, queryPage and count: equality on scalars and array elements, nested paths,
// ranges in tuple order, AND across several attributes, and paging with continuations.
import { describe, expect, it } from 'vitest'
import { ErrorCode, Float32, open, pack, transactional, unpack, type Database } from '@foundkit/core'
import { forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as eavstore from './index.js'

const store = eavstore.make('people', ['test', 'people'])
const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}
const ids = async (db: Database, conditions: eavstore.EavConditions): Promise<string[]> => (await collect(eavstore.query(db, store, conditions))).map(String).sort()

const people: Record<string, eavstore.EavDocument> = {
  ada: { name: 'Ada', age: 36, tags: ['math', 'poetry', 'math'], address: { city: 'London' }, score: 1.5 },
  bob: { name: 'Bob', age: 17, tags: ['art'], address: { city: 'Paris' }, score: 2 },
  cyd: { name: 'Cyd', age: 18, tags: ['math', 'art'], address: { city: 'Paris' }, score: 2.5 },
  dee: { name: 'Dee', age: 29.5, tags: [], address: { city: 'Lyon' }, score: 3n },
  eve: { name: 'Eve', age: 30, tags: 'math', address: { city: 'Paris' }, score: new Float32(1) },
}

async function seed(db: Database): Promise<void> {
  await transactional(db, async (tx) => {
    for (const [id, doc] of Object.entries(people)) await eavstore.create(tx, store, doc, id)
  })
}

forEachEngine('eavstore: query', ({ db }) => {
  it('equality on a scalar, on array elements and on nested paths', async () => {
    await seed(db())
    expect(await ids(db(), { name: 'Ada' })).toEqual(['ada'])
    expect(await ids(db(), { tags: 'math' })).toEqual(['ada', 'cyd', 'eve'])
    expect(await ids(db(), { tags: 'poetry' })).toEqual(['ada'])
    expect(await ids(db(), { 'address.city': 'Paris' })).toEqual(['bob', 'cyd', 'eve'])
    expect(await ids(db(), { name: 'Nobody' })).toEqual([])
    expect(await collect(eavstore.query(db(), store, 'address.city', 'Lyon'))).toEqual(['dee'])
  })

  it('numbers match numbers whatever their form; bigints and Float32s are their own types', async () => {
    await seed(db())
    expect(await ids(db(), { score: 2 })).toEqual(['bob'])
    expect(await ids(db(), { score: 2.0 })).toEqual(['bob'])
    expect(await ids(db(), { score: 3 })).toEqual([])
    expect(await ids(db(), { score: 3n })).toEqual(['dee'])
    expect(await ids(db(), { score: new Float32(1) })).toEqual(['eve'])
    expect(await ids(db(), { score: 1 })).toEqual([])
  })

  it('ranges: gt, gte, lt, lte, numbers in numeric order across integers and fractions', async () => {
    await seed(db())
    expect(await ids(db(), { age: { gte: 18, lt: 30 } })).toEqual(['cyd', 'dee'])
    expect(await ids(db(), { age: { gt: 18, lte: 30 } })).toEqual(['dee', 'eve'])
    expect(await ids(db(), { age: { lt: 18 } })).toEqual(['bob'])
    expect(await ids(db(), { age: { gt: 100 } })).toEqual([])
    expect(await ids(db(), { age: { gte: 30, lt: 18 } })).toEqual([])
    expect(await ids(db(), { name: { gte: 'B', lt: 'D' } })).toEqual(['bob', 'cyd'])
    // the order of the ids: by value, then id
    expect((await collect(eavstore.query(db(), store, { age: { gte: 0 } }))).map(String)).toEqual(['bob', 'cyd', 'dee', 'eve', 'ada'])
  })

  it('a range over an array gives each id once, however many of its elements are in range', async () => {
    await seed(db())
    const found = (await collect(eavstore.query(db(), store, { tags: { gte: 'a', lt: 'q' } }))).map(String)
    expect(found.sort()).toEqual(['ada', 'bob', 'cyd', 'eve'])
    const page = await eavstore.queryPage(db(), store, { tags: { gte: 'a' } }, { limit: 1 })
    const all = [...page.items]
    let continuation = page.continuation
    while (continuation !== null) {
      const next = await eavstore.queryPage(db(), store, { tags: { gte: 'a' } }, { limit: 1, continuation })
      all.push(...next.items)
      continuation = next.continuation
    }
    expect(all.map(String).sort()).toEqual(['ada', 'bob', 'cyd', 'eve'])
  })

  it('a range over arrays gives each id at its smallest element in range: ids in the order of those elements', async () => {
    await transactional(db(), async (tx) => {
      await eavstore.create(tx, store, { marks: [5, 1, 9] }, 'a')
      await eavstore.create(tx, store, { marks: [3, 8] }, 'b')
      await eavstore.create(tx, store, { marks: [7] }, 'c')
      await eavstore.create(tx, store, { marks: [10, 4] }, 'd')
      await eavstore.create(tx, store, { marks: [1] }, 'e')
    })
    const inOrder = async (conditions: eavstore.EavConditions): Promise<string[]> => (await collect(eavstore.query(db(), store, conditions))).map(String)
    // b at 3, d at 4, a at 5 (not 9), c at 7; e has no element in range.
    expect(await inOrder({ marks: { gte: 2 } })).toEqual(['b', 'd', 'a', 'c'])
    expect(await inOrder({ marks: { gt: 4, lt: 10 } })).toEqual(['a', 'c', 'b'])
    expect(await inOrder({ marks: { lte: 4 } })).toEqual(['a', 'e', 'b', 'd'])
  })

  it('AND of two equalities merges with the other range across its probe batches', async () => {
    await transactional(db(), async (tx) => {
      for (let i = 0; i < 400; i++) await eavstore.create(tx, store, { every4: i % 4 === 0 ? 'x' : 'no', below300: i < 300 ? 'y' : 'no' }, i)
    })
    // every4 = x (100 ids) drives; below300 = y (300 ids) is read whole at the second probe step, in two batches, and merged.
    const expected = Array.from({ length: 75 }, (_, i) => 4 * i)
    expect(await collect(eavstore.query(db(), store, { every4: 'x', below300: 'y' }))).toEqual(expected)
    expect(await eavstore.count(db(), store, { below300: 'y', every4: 'x' })).toBe(75)
    // Driver ids past the other range's last id: the merge runs out and answers no.
    expect(await collect(eavstore.query(db(), store, { every4: 'x', below300: 'no' }))).toEqual(Array.from({ length: 25 }, (_, i) => 300 + 4 * i))
  })

  it("AND of a range that drives and an equality read whole: ids in the range's order, checked by a set of ids", async () => {
    await transactional(db(), async (tx) => {
      // score falls as the id grows: the range's ids come in descending id order.
      for (let i = 0; i < 120; i++) await eavstore.create(tx, store, { score: 1000 - i, group: i % 3 === 0 ? 'g' : 'h', every4: i % 4 === 0 ? 'y' : 'n' }, i)
    })
    // score ≥ 980 (21 ids: 20 down to 0) drives; every4 = y (30 ids) is read whole at the same probe step, then checked as a set.
    expect(await collect(eavstore.query(db(), store, { every4: 'y', score: { gte: 980 } }))).toEqual([20, 16, 12, 8, 4, 0])
    // The other way round: group = g (40 ids) drives, score in [900, 960) (60 ids, read whole too) is its set.
    expect(await collect(eavstore.query(db(), store, { score: { gte: 900, lt: 960 }, group: 'g' }))).toEqual(Array.from({ length: 20 }, (_, i) => 42 + 3 * i))
  })

  it('a continuation keeps the driving condition it was made with, though another became smaller since', async () => {
    await transactional(db(), async (tx) => {
      for (let i = 0; i < 200; i++) await eavstore.create(tx, store, i < 50 ? { a: 'x', b: 'y' } : { b: 'y' }, i)
    })
    // a, the driver, listed second: resuming must find it by its path.
    const conditions = { b: 'y', a: 'x' }
    const first = await eavstore.queryPage(db(), store, conditions, { limit: 20 }) // a (50 ids) drives
    expect(first.items).toEqual(Array.from({ length: 20 }, (_, i) => i))
    // Now a has 350 ids and b 200: a fresh query would drive by b; the continuation still reads a's index after id 19.
    await transactional(db(), async (tx) => {
      for (let i = 1000; i < 1300; i++) await eavstore.create(tx, store, { a: 'x' }, i)
    })
    const rest: unknown[] = []
    let continuation = first.continuation
    while (continuation !== null) {
      const page = await eavstore.queryPage(db(), store, conditions, { limit: 20, continuation })
      rest.push(...page.items)
      continuation = page.continuation
    }
    expect(rest).toEqual(Array.from({ length: 30 }, (_, i) => 20 + i))
  })

  it('AND across three attributes, whichever drives', async () => {
    await seed(db())
    expect(await ids(db(), { 'address.city': 'Paris', tags: 'math', age: { gte: 18 } })).toEqual(['cyd', 'eve'])
    expect(await ids(db(), { 'address.city': 'Paris', tags: 'art', age: { lt: 18 } })).toEqual(['bob'])
    expect(await ids(db(), { 'address.city': 'London', tags: 'art', age: { gte: 0 } })).toEqual([])
    expect(await ids(db(), { tags: { gte: 'a' }, age: { gte: 18 }, name: { lt: 'E' } })).toEqual(['ada', 'cyd'])
    expect(await eavstore.count(db(), store, { 'address.city': 'Paris', tags: 'math' })).toBe(2)
  })

  it('AND gives the same ids whether another condition is read whole (small) or checked id by id (past the first probe step)', async () => {
    await transactional(db(), async (tx) => {
      for (let i = 0; i < 60; i++) await eavstore.create(tx, store, { kind: 'common', rare: i % 20 === 0 ? 'yes' : 'no', n: i % 3 }, `d${i}`)
    })
    // 'rare = yes' (3 ids) drives; 'kind = common' (60, past the 32-key first step) is checked by point reads, 'n = 0' (20) by a Set of its ids.
    expect(await ids(db(), { rare: 'yes', kind: 'common' })).toEqual(['d0', 'd20', 'd40'])
    expect(await ids(db(), { rare: 'yes', n: 0 })).toEqual(['d0'])
    expect(await ids(db(), { rare: 'yes', n: 2, kind: 'common' })).toEqual(['d20'])
    expect(await ids(db(), { rare: 'no', n: 1 })).toHaveLength(19) // i % 3 = 1, but not d40
    expect(await ids(db(), { rare: 'no', kind: 'rare' })).toEqual([])
    // A range checked id by id (n: 60 keys) tests each stored value against every bound: d0, d20, d40 have n = 0, 2, 1.
    expect(await ids(db(), { rare: 'yes', n: { gte: 1 } })).toEqual(['d20', 'd40'])
    expect(await ids(db(), { rare: 'yes', n: { gt: 1 } })).toEqual(['d20'])
    expect(await ids(db(), { rare: 'yes', n: { lt: 2 } })).toEqual(['d0', 'd40'])
    expect(await ids(db(), { rare: 'yes', n: { lte: 1 } })).toEqual(['d0', 'd40'])
  })

  it("in a caller's transaction, for await, toArray and count agree with a Database's query, range bounds checked by point reads", async () => {
    await transactional(db(), async (tx) => {
      for (let i = 0; i < 60; i++) await eavstore.create(tx, store, { rare: i % 20 === 0 ? 'yes' : 'no', n: i }, `d${i}`)
    })
    // 'rare = yes' (d0, d20, d40) drives; each range on n holds 40 keys, past the first probe step (32):
    // its bounds are checked on each candidate's stored value.
    const cases: Array<[eavstore.EavConditions, string[]]> = [
      [{ rare: 'yes', n: { gt: 0, lte: 40 } }, ['d20', 'd40']],
      [{ rare: 'yes', n: { gte: 0, lt: 40 } }, ['d0', 'd20']],
      [{ rare: 'yes', n: { gt: 19, lt: 59 } }, ['d20', 'd40']],
      [{ rare: 'yes', n: { gte: 1, lte: 40 } }, ['d20', 'd40']],
    ]
    for (const [conditions, expected] of cases) {
      expect(await ids(db(), conditions), JSON.stringify(conditions)).toEqual(expected)
      const inTx = await transactional(db(), async (tx) => {
        const iterated: string[] = []
        for await (const id of eavstore.query(tx, store, conditions)) iterated.push(String(id))
        const all = (await eavstore.query(tx, store, conditions).toArray()).map(String)
        return { iterated: iterated.sort(), all: all.sort(), count: await eavstore.count(tx, store, conditions) }
      })
      expect(inTx, JSON.stringify(conditions)).toEqual({ iterated: expected, all: expected, count: expected.length })
    }
  })

  it('refuses bad conditions', async () => {
    await seed(db())
    expect(() => eavstore.query(db(), store, {})).toThrow(/eavstore\.query: expected at least one condition/)
    expect(() => eavstore.query(db(), store, { tags: ['a'] } as never)).toThrow(/the condition on "tags" must be a value or a range/)
    expect(() => eavstore.query(db(), store, { age: { gte: 1, gt: 2 } })).toThrow(/at most one of gt\/gte/)
    expect(() => eavstore.query(db(), store, { age: { gtee: 1 } } as never)).toThrow(/unknown option "gtee" \(did you mean "gte"\?\)/)
    expect(() => eavstore.query(db(), store, { 'a..b': 1 })).toThrow(TypeError)
    // The first argument is checked at the call (a query's result reads nothing until iterated).
    for (const bad of [{}, null, undefined, store]) {
      expect(() => eavstore.query(bad as never, store, { age: 1 })).toThrow(/^eavstore\.query: the first argument must be a Database or a Transaction, got /)
      await rejectsWith(eavstore.count(bad as never, store, { age: 1 }), 'TypeError', /^eavstore\.count: the first argument must be a Database or a Transaction/)
      await rejectsWith(eavstore.queryPage(bad as never, store, { age: 1 }), 'TypeError', /^eavstore\.queryPage: the first argument must be a Database or a Transaction/)
    }
    await rejectsWith(eavstore.count(db(), store, [] as never), 'TypeError', /^eavstore\.count: conditions must be a plain object, got /)
    await rejectsWith(eavstore.count(db(), store, { age: { gt: 1, gte: 2 } }), 'TypeError', /at most one of gt\/gte and of lt\/lte/)
    await rejectsWith(eavstore.count(db(), store, { age: { lt: 1, lte: 2 } }), 'TypeError', /at most one of gt\/gte and of lt\/lte/)
    // A bound given as undefined is no bound.
    expect(await eavstore.count(db(), store, { age: { gte: undefined, lt: 18 } } as never)).toBe(1) // bob
    await rejectsWith(eavstore.queryPage(db(), store, { age: 1 }, { limit: 0 }), 'TypeError', /limit must be a positive integer, got 0/)
    await rejectsWith(eavstore.queryPage(db(), store, { age: 1 }, { limt: 3 } as never), 'TypeError', /unknown option "limt"/)
    await rejectsWith(eavstore.queryPage(db(), store, { age: 1 }, { continuation: 'bogus' }), ErrorCode.invalidArgument, /continuation "bogus"/)
    const page = await eavstore.queryPage(db(), store, { age: { gte: 0 } }, { limit: 1 })
    expect(page.continuation).not.toBeNull()
    await rejectsWith(eavstore.queryPage(db(), store, { name: 'x' }, { continuation: page.continuation }), ErrorCode.invalidArgument, /does not belong to these conditions/)
    // The same path, but the key it resumes after (age 17, the first) is outside the range: before it, or at or past its end.
    await rejectsWith(eavstore.queryPage(db(), store, { age: { gte: 20 } }, { continuation: page.continuation }), ErrorCode.invalidArgument, /does not belong to these conditions/)
    await rejectsWith(eavstore.queryPage(db(), store, { age: { lt: 17 } }, { continuation: page.continuation }), ErrorCode.invalidArgument, /does not belong to these conditions/)
    expect((await eavstore.queryPage(db(), store, { age: { gte: 17, lt: 30 } }, { continuation: page.continuation })).items).toEqual(['cyd', 'dee'])
  })

  it("takes a continuation whose key lies in the driving range [start, end): its start resumes from the first id, its end is refused", async () => {
    await seed(db())
    const page = await eavstore.queryPage(db(), store, { 'address.city': 'Paris' }, { limit: 1 })
    expect(page.items).toEqual(['bob'])
    // The token is the packed (path, last index key); an equality's range is [prefix + value, prefix + value + ff).
    const [path, after] = unpack(Buffer.from(page.continuation!, 'base64url')) as [string, Buffer]
    const start = after.subarray(0, after.length - pack(['bob']).length)
    const token = (key: Uint8Array): string => Buffer.from(pack([path, key])).toString('base64url')
    expect(token(after)).toBe(page.continuation)
    expect((await eavstore.queryPage(db(), store, { 'address.city': 'Paris' }, { continuation: token(start) })).items).toEqual(['bob', 'cyd', 'eve'])
    const end = Buffer.concat([start, Buffer.from([0xff])])
    await rejectsWith(eavstore.queryPage(db(), store, { 'address.city': 'Paris' }, { continuation: token(end) }), ErrorCode.invalidArgument, /does not belong to these conditions/)
  })

  it('the keys of a path are kept per store: each store still answers by its own index selection, and bad paths are refused every time', async () => {
    await seed(db())
    // Same subspace, another index selection: the paths one store has checked say nothing for the other.
    const namesOnly = eavstore.make('people', ['test', 'people'], { index: ['name'] })
    expect(await ids(db(), { age: 36 })).toEqual(['ada'])
    expect(() => eavstore.query(db(), namesOnly, { age: 36 })).toThrow(/attribute "age" is not indexed in people/)
    expect(await collect(eavstore.query(db(), namesOnly, { name: 'Ada' }))).toEqual(['ada'])
    for (let round = 0; round < 2; round++) {
      expect(() => eavstore.query(db(), namesOnly, { tags: 'math' }), `round ${round}`).toThrow(/not indexed/)
      expect(() => eavstore.query(db(), store, { 'a..b': 1 }), `round ${round}`).toThrow(TypeError)
      expect(() => eavstore.query(db(), store, { '': 1 }), `round ${round}`).toThrow(new TypeError('eavstore.query: an attribute path must be a non-empty string, got ""'))
    }
    // A range with no lower bound starts at the path's prefix itself: the kept prefix is not changed by it.
    expect(await ids(db(), { age: { lt: 18 } })).toEqual(['bob'])
    expect(await ids(db(), { age: { lte: 18 } })).toEqual(['bob', 'cyd'])
    expect(await ids(db(), { age: 18 })).toEqual(['cyd'])
  })
})

forEachEngine('eavstore: paging', ({ db }) => {
  it('pages through 10,000 ids with continuations, each exactly once', async () => {
    for (let start = 0; start < 10_000; start += 1000) {
      await transactional(db(), async (tx) => {
        for (let i = start; i < start + 1000; i++) await eavstore.create(tx, store, { kind: i % 2 === 0 ? 'even' : 'odd', n: i }, i)
      })
    }
    const seen: number[] = []
    let continuation: string | null = null
    let pages = 0
    do {
      const page: eavstore.QueryPage = await eavstore.queryPage(db(), store, { kind: 'even', n: { gte: 0 } }, { limit: 700, continuation })
      seen.push(...(page.items as number[]))
      continuation = page.continuation
      pages++
    } while (continuation !== null)
    expect(pages).toBe(Math.ceil(5000 / 700))
    expect(seen).toHaveLength(5000)
    expect(new Set(seen).size).toBe(5000)
    expect(seen.every((n) => n % 2 === 0)).toBe(true)
    // A query on a Database reads in several transactions and gives the same ids.
    const odd = await collect(eavstore.query(db(), store, { kind: 'odd' }))
    expect(odd.length).toBe(5000)
    // toArray gives what iteration gives, in the same order, on a Database (5 transactions) and in one Transaction.
    expect(await eavstore.query(db(), store, { kind: 'odd' }).toArray()).toEqual(odd)
    expect(await transactional(db(), (tx) => eavstore.query(tx, store, { kind: 'odd' }).toArray())).toEqual(odd)
    expect(await eavstore.query(db(), store, 'kind', 'none').toArray()).toEqual([])
    expect(await eavstore.count(db(), store, { n: { gte: 2500, lt: 7500 } })).toBe(5000)
    // Ranking reads the ranges in step: a 1,000-key range is read whole at the third step and drives from
    // those keys (in its order); 'kind' (5,000 keys, never read whole) checks by point reads.
    const mid = await collect(eavstore.query(db(), store, { kind: 'even', n: { gte: 100, lt: 1100 } }))
    expect(mid).toEqual(Array.from({ length: 500 }, (_, i) => 100 + 2 * i))
    // Pages of that query: the probes' batches (32, 512, then 456 keys of n) fill each page to its limit exactly, across batches.
    const sizes: number[] = []
    const paged: unknown[] = []
    let next: string | null = null
    do {
      const page: eavstore.QueryPage = await eavstore.queryPage(db(), store, { kind: 'even', n: { gte: 100, lt: 1100 } }, { limit: 100, continuation: next })
      sizes.push(page.items.length)
      paged.push(...page.items)
      next = page.continuation
    } while (next !== null)
    expect(paged).toEqual(mid)
    expect(sizes.slice(0, 5)).toEqual([100, 100, 100, 100, 100])
    expect(sizes.slice(5).every((n) => n === 0)).toBe(true)
    expect(await collect(eavstore.query(db(), store, { n: { lt: 3000 }, kind: 'odd' }))).toEqual(Array.from({ length: 1500 }, (_, i) => 1 + 2 * i))
  })
})

describe('eavstore: queries on a faulty engine', () => {
  // Every read resolves a few event-loop turns late, as on a busy cluster: a query in a transaction must wait for
  // the point reads that check its other conditions before it gives its ids.
  it("waits for its checks' reads in a caller's transaction", async () => {
    const plain = await open({})
    const slow = await open({ faults: { rate: 1, seed: 3, kinds: ['delay'] } })
    try {
      const conditions: eavstore.EavConditions = { rare: 'yes', n: { gte: 0, lt: 50 } }
      for (const db of [plain, slow]) {
        await transactional(db, async (tx) => {
          for (let i = 0; i < 200; i++) await eavstore.create(tx, store, { rare: i % 10 === 0 ? 'yes' : 'no', n: i }, i)
        })
      }
      const expected = await transactional(plain, (tx) => eavstore.query(tx, store, conditions).toArray())
      expect(expected).toEqual([0, 10, 20, 30, 40])
      // Copied as soon as toArray gives it: a read still running could otherwise fill it in later.
      const got = await transactional(slow, async (tx) => [...(await eavstore.query(tx, store, conditions).toArray())])
      expect(got).toEqual(expected)
    } finally {
      await plain.close()
      await slow.close()
    }
  })


  // Every transaction fails up to three times in a row (1007 at its 2nd to 5th read) before one runs through:
  // each page of a query on a Database (its probes, its batches and point reads) is read again from its start.
  it('gives each id once, as a query in one transaction does', async () => {
    const plain = await open({})
    const faulty = await open({ faults: { rate: 1, seed: 7, kinds: ['tooOld'] } })
    try {
      for (const db of [plain, faulty]) {
        for (let start = 0; start < 3000; start += 1000) {
          await transactional(db, async (tx) => {
            for (let i = start; i < start + 1000; i++) await eavstore.create(tx, store, { kind: i % 3 === 0 ? 'third' : 'other', n: i }, i)
          })
        }
      }
      for (const conditions of [{ kind: 'other' }, { kind: 'other', n: { lt: 2500 } }, { n: { gte: 10 } }] as eavstore.EavConditions[]) {
        const expected = await transactional(plain, (tx) => eavstore.query(tx, store, conditions).toArray())
        expect(expected.length).toBeGreaterThan(1000)
        expect(await eavstore.query(faulty, store, conditions).toArray()).toEqual(expected)
        expect(await collect(eavstore.query(faulty, store, conditions))).toEqual(expected)
        expect(await eavstore.count(faulty, store, conditions)).toBe(expected.length)
      }
    } finally {
      await plain.close()
      await faulty.close()
    }
  })
})
