import { expect, it } from 'vitest'
import { ErrorCode, Versionstamp, getVersionstamp, transactional, type TupleItem } from '@foundkit/core'
import { dumpAll, forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as nstore from './index.js'

const triples = nstore.make('triples', ['t'], 3)

forEachEngine('nstore add / get / remove', ({ db }) => {
  it('adds a tuple with an empty value by default: get gives an empty Buffer, not null', async () => {
    await nstore.add(db(), triples, ['ada', 'wrote', 'notes'])
    const value = await nstore.get(db(), triples, ['ada', 'wrote', 'notes'])
    expect(value).not.toBeNull()
    expect(Buffer.from(value!)).toEqual(Buffer.alloc(0))
  })

  it('get gives null for a tuple that is not there', async () => {
    await nstore.add(db(), triples, ['ada', 'wrote', 'notes'])
    expect(await nstore.get(db(), triples, ['ada', 'wrote', 'poems'])).toBeNull()
  })

  it('keeps a value with the tuple, in every index; re-adding replaces it', async () => {
    await nstore.add(db(), triples, ['ada', 'age', 36], Buffer.from('census'))
    expect(Buffer.from((await nstore.get(db(), triples, ['ada', 'age', 36]))!).toString()).toBe('census')
    await nstore.add(db(), triples, ['ada', 'age', 36], Buffer.from('letters'))
    expect(Buffer.from((await nstore.get(db(), triples, ['ada', 'age', 36]))!).toString()).toBe('letters')
    const pairs = await dumpAll(db())
    expect(pairs).toHaveLength(3)
    for (const [, value] of pairs) expect(Buffer.from(value, 'hex').toString()).toBe('letters')
  })

  it('takes a value up to 100,000 bytes and refuses a larger one, writing nothing', async () => {
    await nstore.add(db(), triples, ['big', 'blob', 1], Buffer.alloc(100_000, 7))
    expect((await nstore.get(db(), triples, ['big', 'blob', 1]))!.length).toBe(100_000)
    await rejectsWith(nstore.add(db(), triples, ['big', 'blob', 2], Buffer.alloc(100_001)), ErrorCode.valueTooLarge, /nstore\.add: the value is 100001 bytes/)
    expect(await nstore.get(db(), triples, ['big', 'blob', 2])).toBeNull()
  })

  it('joins a transaction of yours: nothing is visible until it commits, and a throw writes nothing', async () => {
    await expect(
      transactional(db(), async (tx) => {
        await nstore.add(tx, triples, ['a', 'b', 'c'])
        expect(await nstore.get(tx, triples, ['a', 'b', 'c'])).not.toBeNull()
        throw new Error('abort')
      }),
    ).rejects.toThrow('abort')
    expect(await dumpAll(db())).toEqual([])
  })

  it('remove reports whether the tuple was there and leaves no key in any index', async () => {
    await nstore.add(db(), triples, ['ada', 'wrote', 'notes'], Buffer.from('v'))
    await nstore.add(db(), triples, ['ada', 'wrote', 'letters'])
    const before = await dumpAll(db())
    await nstore.add(db(), triples, [['nested', 1n], null, 1.5], Buffer.from('x'))
    expect(await nstore.remove(db(), triples, [['nested', 1n], null, 1.5])).toBe(true)
    expect(await dumpAll(db())).toEqual(before)
    expect(await nstore.remove(db(), triples, [['nested', 1n], null, 1.5])).toBe(false)
    expect(await nstore.remove(db(), triples, ['ada', 'wrote', 'notes'])).toBe(true)
    expect(await nstore.remove(db(), triples, ['ada', 'wrote', 'letters'])).toBe(true)
    expect(await dumpAll(db())).toEqual([])
  })

  it('writes an incomplete versionstamp with versionstamped keys in every index; the completed tuple reads back after commit', async () => {
    const { stamp } = await transactional(db(), async (tx) => {
      await nstore.add(tx, triples, [Versionstamp.incomplete(3), 'kind', 'event'], Buffer.from('e1'))
      return { stamp: getVersionstamp(tx) }
    })
    const done = Versionstamp.complete(await stamp, 3)
    expect(Buffer.from((await nstore.get(db(), triples, [done, 'kind', 'event']))!).toString()).toBe('e1')
    const id = nstore.v('id')
    for (const pattern of [[id, 'kind', 'event'], [done, 'kind', id], [done, id, 'event']] as nstore.Pattern[]) {
      const found = await nstore.select(db(), triples, pattern).toArray()
      expect(found).toHaveLength(1)
      const bound = Object.values(found[0]!)[0] as TupleItem
      if (bound instanceof Versionstamp) expect(bound.equals(done)).toBe(true)
      else expect(typeof bound).toBe('string')
    }
    expect(await dumpAll(db())).toHaveLength(3)
  })

  it('refuses more than one incomplete versionstamp, and one in get or remove', async () => {
    await rejectsWith(
      nstore.add(db(), triples, [Versionstamp.incomplete(), 'kind', [Versionstamp.incomplete(1)]]),
      ErrorCode.invalidArgument,
      /nstore\.add: the tuple holds 2 incomplete Versionstamps/,
    )
    await rejectsWith(nstore.get(db(), triples, [Versionstamp.incomplete(), 'a', 'b']), ErrorCode.invalidArgument, /nstore\.get: item 0 holds an incomplete Versionstamp/)
    await rejectsWith(nstore.remove(db(), triples, ['a', Versionstamp.incomplete(), 'b']), ErrorCode.invalidArgument, /nstore\.remove: item 1/)
    expect(await dumpAll(db())).toEqual([])
  })

  it('refuses a tuple of the wrong length, a variable, a bad item, a bad value and a bad handle', async () => {
    await rejectsWith(nstore.add(db(), triples, ['a', 'b']), ErrorCode.invalidArgument, /^nstore\.add: expected 3 items, got 2$/)
    await rejectsWith(nstore.get(db(), triples, ['a', 'b', 'c', 'd']), ErrorCode.invalidArgument, /^nstore\.get: expected 3 items, got 4$/)
    await rejectsWith(nstore.add(db(), triples, 'abc' as unknown as []), 'TypeError', /nstore\.add: the tuple must be an array of 3 items, got a string/)
    await rejectsWith(nstore.add(db(), triples, ['a', nstore.v('x') as unknown as string, 'c']), 'TypeError', /nstore\.add: item 1 is a variable \("x"\)/)
    await rejectsWith(nstore.add(db(), triples, ['a', {} as unknown as string, 'c']), 'TypeError', /nstore\.add: item 1 cannot be packed/)
    await rejectsWith(nstore.add(db(), triples, ['a', 'b', 'c'], 'v' as unknown as Uint8Array), 'TypeError', /nstore\.add: value must be a Uint8Array/)
    await rejectsWith(nstore.add(db(), { ...triples }, ['a', 'b', 'c']), 'TypeError', /nstore\.add: the store must be a handle made by nstore\.make/)
    await rejectsWith(nstore.add({} as never, triples, ['a', 'b', 'c']), 'TypeError', /nstore\.add: the first argument must be a Database or a Transaction/)
    expect(await dumpAll(db())).toEqual([])
  })

  it('refuses a tuple whose keys would pass the 10,000-byte key limit, writing nothing', async () => {
    await rejectsWith(nstore.add(db(), triples, ['x'.repeat(10_000), 'b', 'c']), ErrorCode.keyTooLarge, /nstore\.add: a key of 10\d\d\d bytes/)
    expect(await dumpAll(db())).toEqual([])
  })

  it('refuses an add whose writes would pass the 10 MB transaction limit, writing nothing', async () => {
    const wide = nstore.make('wide', ['w'], 12)
    const tuple = Array.from({ length: 12 }, (_, i) => i)
    await rejectsWith(nstore.add(db(), wide, tuple, Buffer.alloc(20_000)), ErrorCode.transactionTooLarge, /nstore\.add: this tuple and value make 924 keys/)
    expect(await dumpAll(db())).toEqual([])
  })
})
