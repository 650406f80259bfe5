// create / get / update / patch / remove, found's cases first, then what found lacks:
// the index stays exact after every write, and bad input writes nothing.
import { expect, it } from 'vitest'
import { ErrorCode, Float32, Float64, Uuid, Versionstamp, pack, transactional, type Database } from '@foundkit/core'
import { dumpAll, forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as eavstore from './index.js'

const store = eavstore.make('things', ['test', 'eav'])
const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}
const ids = (db: Database, conditions: eavstore.EavConditions): Promise<eavstore.EavId[]> => collect(eavstore.query(db, store, conditions))

forEachEngine('eavstore: create, get, update, remove (found)', ({ db }) => {
  it('creates and gets a document back under a random Uuid', async () => {
    const doc = { hello: 'world', count: 42 }
    const id = await eavstore.create(db(), store, doc)
    expect(id).toBeInstanceOf(Uuid)
    expect(await eavstore.get(db(), store, id)).toEqual(doc)
  })

  it('updates a document, and a missing one is notFound', async () => {
    const id = await eavstore.create(db(), store, { hello: 'world' })
    await eavstore.update(db(), store, id, { hello: 'you', extra: true })
    expect(await eavstore.get(db(), store, id)).toEqual({ hello: 'you', extra: true })
    await rejectsWith(eavstore.update(db(), store, 'missing', { a: 1 }), ErrorCode.notFound, /eavstore\.update: things has no document with id "missing"/)
  })

  it('removes a document: get gives null, and remove says whether it existed', async () => {
    const id = await eavstore.create(db(), store, { hello: 'world' })
    expect(await eavstore.remove(db(), store, id)).toBe(true)
    expect(await eavstore.get(db(), store, id)).toBeNull()
    expect(await eavstore.remove(db(), store, id)).toBe(false)
  })

  it('finds the 10 documents of 84 with key = 42', async () => {
    const expected = new Set<string>()
    for (let i = 0; i < 84; i++) {
      const id = await eavstore.create(db(), store, { key: i % 8 === 2 && expected.size < 10 ? 42 : i + 100, i })
      if ((await eavstore.get(db(), store, id))!.key === 42) expected.add(String(id))
    }
    expect(expected.size).toBe(10)
    const found = await collect(eavstore.query(db(), store, 'key', 42))
    expect(new Set(found.map(String))).toEqual(expected)
    expect(await eavstore.count(db(), store, { key: 42 })).toBe(10)
  })

  it('a caller id may be any tuple item; a taken id is alreadyExists and keeps the stored document', async () => {
    for (const id of ['alice', 7, 2n ** 70n, ['nested', 1], Uuid.random(), Buffer.from('raw')]) {
      expect(await eavstore.create(db(), store, { n: 1 }, id)).toEqual(id)
      await rejectsWith(eavstore.create(db(), store, { n: 2 }, id), ErrorCode.alreadyExists, /eavstore\.create: things already holds a document with id/)
      expect(await eavstore.get(db(), store, id)).toEqual({ n: 1 })
    }
    expect(await ids(db(), { n: 1 })).toHaveLength(6)
    expect(await ids(db(), { n: 2 })).toHaveLength(0)
  })

  it('creating the same document twice under one id succeeds (a re-run after commit_unknown_result)', async () => {
    await eavstore.create(db(), store, { a: [1, 2], b: { c: 'x' } }, 'k')
    await transactional(db(), (tx) => eavstore.create(tx, store, { a: [1, 2], b: { c: 'x' } }, 'k'))
    expect(await ids(db(), { a: 1 })).toEqual(['k'])
  })
})

forEachEngine('eavstore: the index is exact after update, patch and remove', ({ db }) => {
  it('update clears the index entries of values it no longer holds', async () => {
    const id = await eavstore.create(db(), store, { name: 'ada', tags: ['a', 'b'], address: { city: 'Paris' } })
    const before = await eavstore.update(db(), store, id, { name: 'bob', tags: ['b', 'c'] })
    expect(before).toStrictEqual({ name: 'ada', tags: ['a', 'b'], address: { city: 'Paris' } })
    expect(await ids(db(), { name: 'ada' })).toEqual([])
    expect(await ids(db(), { tags: 'a' })).toEqual([])
    expect(await ids(db(), { 'address.city': 'Paris' })).toEqual([])
    expect(await ids(db(), { tags: 'c' })).toEqual([id])
    expect(await ids(db(), { name: 'bob', tags: 'b' })).toEqual([id])
  })

  it('patch sets, replaces and removes attributes, and only those', async () => {
    const id = await eavstore.create(db(), store, { name: 'ada', age: 36, address: { city: 'Paris', zip: '75001' }, tags: ['x'] })
    const before = await eavstore.patch(db(), store, id, { age: 37, address: { city: 'Lyon' }, tags: undefined, nick: 'al' })
    expect(before).toStrictEqual({ age: 36, address: { city: 'Paris', zip: '75001' }, tags: ['x'] })
    expect(await eavstore.get(db(), store, id)).toEqual({ name: 'ada', age: 37, address: { city: 'Lyon' }, nick: 'al' })
    expect(await ids(db(), { age: 36 })).toEqual([])
    expect(await ids(db(), { 'address.zip': '75001' })).toEqual([])
    expect(await ids(db(), { 'address.city': 'Paris' })).toEqual([])
    expect(await ids(db(), { tags: 'x' })).toEqual([])
    expect(await ids(db(), { name: 'ada', age: 37, 'address.city': 'Lyon', nick: 'al' })).toEqual([id])
    await rejectsWith(eavstore.patch(db(), store, 'missing', { a: 1 }), ErrorCode.notFound, /eavstore\.patch: things has no document with id "missing"/)
  })

  it('remove leaves no key behind, and the other documents untouched', async () => {
    const before = await dumpAll(db())
    const keep = await eavstore.create(db(), store, { name: 'keep', tags: ['t'] })
    const withKeep = await dumpAll(db())
    const id = await eavstore.create(db(), store, { name: 'ada', tags: ['t', 'u'], nested: { deep: { er: [1, { x: 2 }] } }, empty: {}, none: [] })
    await eavstore.patch(db(), store, id, { extra: 1 })
    await eavstore.update(db(), store, id, { name: 'bob', tags: ['v'] })
    expect(await eavstore.remove(db(), store, id)).toBe(true)
    expect(await dumpAll(db())).toEqual(withKeep)
    expect(await eavstore.remove(db(), store, keep)).toBe(true)
    expect(await dumpAll(db())).toEqual(before)
  })

  it('update and patch back and forth end with the same keys as a fresh create', async () => {
    const id = await eavstore.create(db(), store, { a: 1, b: ['x', 'y'] }, 'doc')
    await eavstore.update(db(), store, id, { a: [1, 2], c: { d: true } })
    await eavstore.patch(db(), store, id, { a: 1, c: undefined, b: ['x', 'y'] })
    const afterWrites = await dumpAll(db())
    await eavstore.remove(db(), store, id)
    await eavstore.create(db(), store, { a: 1, b: ['x', 'y'] }, 'doc')
    expect(await dumpAll(db())).toEqual(afterWrites)
  })
})

forEachEngine('eavstore: values round-trip with their types', ({ db }) => {
  it('get gives back exactly what was stored', async () => {
    const doc = {
      nil: null,
      yes: true,
      no: false,
      int: 42,
      negative: -7,
      float: 1.5,
      minusZero: -0,
      huge: 2 ** 60,
      nan: NaN,
      small: 3n,
      big: 2n ** 80n,
      // The safe integers' bounds: the tuple layer reads them back as numbers, so eavstore tags bigints up to them.
      safeTop: BigInt(Number.MAX_SAFE_INTEGER),
      safeBottom: BigInt(Number.MIN_SAFE_INTEGER),
      pastTop: BigInt(Number.MAX_SAFE_INTEGER) + 1n,
      f32: new Float32(1.5),
      f64: new Float64(2),
      text: 'héllo',
      empty: '',
      buffer: Buffer.from([0, 1, 255]),
      bytes: new Uint8Array([9, 8]),
      uuid: Uuid.random(),
      stamp: Versionstamp.complete(Buffer.alloc(10, 7), 3),
      list: [3, 1, 2, 1],
      mixed: [1n, 'a', null, [true, []], { inner: 1n, deeper: {} }],
      noList: [],
      noObject: {},
      address: { city: 'Paris', geo: { lat: 48.85, lng: 2.35 } },
    }
    const id = await eavstore.create(db(), store, doc)
    const back = await eavstore.get(db(), store, id)
    expect(back).toStrictEqual(doc)
    expect(typeof back!.small).toBe('bigint')
    expect(Object.is(back!.minusZero, -0)).toBe(true)
    expect(Buffer.isBuffer(back!.bytes)).toBe(false)
    expect(await eavstore.get(db(), store, id)).toStrictEqual(doc)
  })

  it('an empty document is a document', async () => {
    const id = await eavstore.create(db(), store, {})
    expect(await eavstore.get(db(), store, id)).toEqual({})
    await eavstore.patch(db(), store, id, { a: 1 })
    await eavstore.patch(db(), store, id, { a: undefined })
    expect(await eavstore.get(db(), store, id)).toEqual({})
  })

  it('an undefined attribute is absent', async () => {
    const id = await eavstore.create(db(), store, { a: 1, b: undefined, c: { d: undefined } })
    expect(await eavstore.get(db(), store, id)).toStrictEqual({ a: 1, c: {} })
  })
})

forEachEngine('eavstore: bad input is refused and writes nothing', ({ db }) => {
  it('refuses what the store cannot hold, naming the attribute path', async () => {
    await eavstore.create(db(), store, { keep: 1 }, 'keep')
    const before = await dumpAll(db())
    const cyclic: Record<string, unknown> = { a: { b: 1 } }
    ;(cyclic.a as Record<string, unknown>).self = cyclic
    const cyclicArray: unknown[] = [1]
    cyclicArray.push(cyclicArray)
    const cases: Array<[unknown, RegExp]> = [
      [null, /the document must be a plain object, got null/],
      [[1], /the document must be a plain object, got an array of 1/],
      [new Date(), /the document must be a plain object, got a Date/],
      [{ '': 1 }, /attribute names must be non-empty and hold no "\.", got ""/],
      [{ 'a.b': 1 }, /got "a\.b"/],
      [{ a: { 'b.c': 1 } }, /got "a\.b\.c"/],
      [{ a: { f: () => 1 } }, /attribute "a\.f" holds a function/],
      [{ s: Symbol('x') }, /attribute "s" holds a symbol/],
      [{ list: [1, undefined] }, /attribute "list" holds undefined at index 1/],
      [{ when: new Date() }, /attribute "when" holds a Date/],
      [cyclic, /attribute "a\.self" holds a cycle/],
      [{ list: cyclicArray }, /attribute "list\[1\]" holds a cycle/],
      [{ m: new Map() }, /attribute "m" holds a Map/],
    ]
    for (const [doc, message] of cases) {
      await rejectsWith(eavstore.create(db(), store, doc as eavstore.EavDocument), 'TypeError', message)
      await rejectsWith(eavstore.update(db(), store, 'keep', doc as eavstore.EavDocument), 'TypeError', message)
    }
    await rejectsWith(eavstore.patch(db(), store, 'keep', { ok: 1, bad: () => 1 } as never), 'TypeError', /eavstore\.patch: attribute "bad" holds a function/)
    await rejectsWith(eavstore.create(db(), store, { v: Versionstamp.incomplete() }), ErrorCode.invalidArgument, /incomplete Versionstamp/)
    await rejectsWith(eavstore.create(db(), store, { big: 'x'.repeat(100_001) }), ErrorCode.valueTooLarge, /attribute "big" takes 100\d+ bytes, over the 100000-byte value limit/)
    await rejectsWith(eavstore.create(db(), store, { long: 'x'.repeat(20_000) }), ErrorCode.keyTooLarge, /attribute "long" makes a \d+-byte key/)
    await rejectsWith(eavstore.create(db(), store, { a: 1 }, (() => 1) as never), 'TypeError', /eavstore\.create: id must be a tuple item, got a function/)
    // The tuple layer's own error stays reachable as the cause.
    const notAnId = await eavstore.get(db(), store, Symbol('x') as never).catch((e: unknown) => e)
    expect(notAnId).toBeInstanceOf(TypeError)
    expect((notAnId as TypeError).cause).toBeInstanceOf(Error)
    await rejectsWith(eavstore.get(db(), store, undefined as never), 'TypeError', /^eavstore\.get: id is required$/)
    await rejectsWith(eavstore.remove(db(), store, undefined as never), 'TypeError', /^eavstore\.remove: id is required$/)
    await rejectsWith(eavstore.remove({} as never, store, 'keep'), 'TypeError', /^eavstore\.remove: the first argument must be a Database or a Transaction/)
    await rejectsWith(eavstore.get('db' as never, store, 'keep'), 'TypeError', /eavstore\.get: the first argument must be a Database or a Transaction/)
    expect(await dumpAll(db())).toEqual(before)
  })

  it('a value over the key limit can be stored when its attribute is not indexed', async () => {
    const notes = eavstore.make('notes', ['test', 'notes'], { index: ['title'] })
    const id = await eavstore.create(db(), notes, { title: 't', body: 'x'.repeat(20_000) })
    expect((await eavstore.get(db(), notes, id))!.body).toHaveLength(20_000)
    expect(() => eavstore.query(db(), notes, 'body', 'x')).toThrow(/eavstore\.query: attribute "body" is not indexed in notes/)
  })

  it('a value of exactly the value limit, and an index key of exactly the key limit, are stored; one byte more is refused', async () => {
    // A string leaf is stored as the packed tuple (string): 2 bytes around it.
    const notes = eavstore.make('notes', ['test', 'notes'], { index: ['title'] })
    const id = await eavstore.create(db(), notes, { body: 'x'.repeat(100_000 - 2) })
    expect((await eavstore.get(db(), notes, id))!.body).toHaveLength(99_998)
    await rejectsWith(eavstore.create(db(), notes, { body: 'x'.repeat(100_000 - 1) }), ErrorCode.valueTooLarge, /takes 100001 bytes, over the 100000-byte value limit/)
    // An index key is S + (1, path, value, id) (docs/eavstore.md): sized to 10,000 bytes by its string value.
    const base = pack(['test', 'notes', 1, 'title', '', 'k']).length
    await eavstore.create(db(), notes, { title: 'x'.repeat(10_000 - base) }, 'k')
    expect(await collect(eavstore.query(db(), notes, 'title', 'x'.repeat(10_000 - base)))).toEqual(['k'])
    await rejectsWith(eavstore.create(db(), notes, { title: 'x'.repeat(10_001 - base) }, 'l'), ErrorCode.keyTooLarge, /makes a 10001-byte key, over the 10000-byte key limit/)
  })
})
