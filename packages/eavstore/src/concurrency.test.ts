// Concurrency: patches of different attributes of one document commit side by side;
// patches of the same attribute conflict, and the retry applies cleanly on top.
import { expect, it } from 'vitest'
import { ErrorCode, commit, transaction, transactional, type Database } from '@foundkit/core'
import { dumpAll, forEachEngine, rejectsWith } from '@foundkit/core/testing/vitest'
import * as eavstore from './index.js'

const store = eavstore.make('docs', ['test', 'concurrency'])
const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}
const ids = (db: Database, conditions: eavstore.EavConditions): Promise<eavstore.EavId[]> => collect(eavstore.query(db, store, conditions))

forEachEngine('eavstore: concurrency', ({ db, itWithoutFaults }) => {
  itWithoutFaults('commits two transactions by hand (no retry loop) to assert exactly which one conflicts')('two transactions that patch different attributes of one document both commit', async () => {
    await eavstore.create(db(), store, { a: 1, b: 'x', c: true }, 'doc')
    const first = transaction(db())
    const second = transaction(db())
    await eavstore.patch(first, store, 'doc', { a: 2, nested: { deep: 1 } })
    await eavstore.patch(second, store, 'doc', { b: 'y', c: undefined })
    await commit(first)
    await commit(second)
    expect(await eavstore.get(db(), store, 'doc')).toEqual({ a: 2, b: 'y', nested: { deep: 1 } })
    expect(await ids(db(), { a: 2, b: 'y', 'nested.deep': 1 })).toEqual(['doc'])
    expect(await ids(db(), { c: true })).toEqual([])
  })

  itWithoutFaults('commits two transactions by hand (no retry loop) to assert exactly which one conflicts')('two that patch the same attribute conflict (1020), and the retry leaves an exact index', async () => {
    await eavstore.create(db(), store, { a: 1, tags: ['p'] }, 'doc')
    const first = transaction(db())
    const second = transaction(db())
    await eavstore.patch(first, store, 'doc', { tags: ['q', 'r'] })
    await eavstore.patch(second, store, 'doc', { tags: ['s'] })
    await commit(first)
    await rejectsWith(commit(second), ErrorCode.notCommitted, /conflict/)
    // The retry (transactional's loop) reads the first one's tags and replaces them.
    await transactional(db(), (tx) => eavstore.patch(tx, store, 'doc', { tags: ['s'] }))
    expect(await eavstore.get(db(), store, 'doc')).toEqual({ a: 1, tags: ['s'] })
    for (const tag of ['p', 'q', 'r']) expect(await ids(db(), { tags: tag })).toEqual([])
    expect(await ids(db(), { tags: 's' })).toEqual(['doc'])
  })

  it('concurrent patches through transactional all land, whatever conflicts they meet', async () => {
    await eavstore.create(db(), store, { n0: 0 }, 'doc')
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => eavstore.patch(db(), store, 'doc', { [`n${i % 5}`]: i, shared: i % 3 })),
    )
    const doc = (await eavstore.get(db(), store, 'doc'))!
    expect(Object.keys(doc).sort()).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'shared'])
    // Exactly one index entry per attribute: each value finds the document, no other value does.
    for (const [name, value] of Object.entries(doc)) {
      expect(await ids(db(), { [name]: value as number })).toEqual(['doc'])
      expect(await eavstore.count(db(), store, { [name]: { gte: 0 } })).toBe(1)
    }
  })

  itWithoutFaults('commits two transactions by hand (no retry loop) to assert exactly which one conflicts')('an update conflicts with a concurrent patch; the retry applies on top', async () => {
    await eavstore.create(db(), store, { a: 1, b: 2 }, 'doc')
    const patching = transaction(db())
    const updating = transaction(db())
    await eavstore.patch(patching, store, 'doc', { b: 3 })
    await eavstore.update(updating, store, 'doc', { a: 5 })
    await commit(patching)
    await rejectsWith(commit(updating), ErrorCode.notCommitted, /conflict/)
    await eavstore.update(db(), store, 'doc', { a: 5 })
    expect(await ids(db(), { b: 3 })).toEqual([])
    const keys = await dumpAll(db())
    await eavstore.remove(db(), store, 'doc')
    await eavstore.create(db(), store, { a: 5 }, 'doc')
    expect(await dumpAll(db())).toEqual(keys)
  })
})
