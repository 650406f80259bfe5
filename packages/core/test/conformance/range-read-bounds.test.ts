// A range read may reach up to \xff, the end of the user keyspace; past it
// only with readSystemKeys or accessSystemKeys (FoundationDB:
// key_outside_legal_range, 2004), whichever of its ends goes past.
import { expect, it } from 'vitest'
import { ErrorCode, query, set, transactional, transactionalWith } from '../../src/index.js'
import { b, codeOf, forEachEngine } from '../harness.js'

forEachEngine('range read bounds', ({ db }) => {
  const pastUserKeys = Buffer.from([0xff, 0x01])

  it('ends at \\xff are legal; an end or a begin past it is 2004 without system key access', async () => {
    await transactional(db(), (tx) => set(tx, b('k'), b('v')))
    expect(await transactional(db(), async (tx) => (await query(tx, b('a'), Buffer.from([0xff])).toArray()).length)).toBe(1)
    expect(await codeOf(() => transactional(db(), (tx) => query(tx, b('a'), pastUserKeys).toArray()))).toBe(ErrorCode.keyOutsideLegalRange)
    expect(await codeOf(() => transactional(db(), (tx) => query(tx, pastUserKeys, Buffer.from([0xff, 0x02])).toArray()))).toBe(ErrorCode.keyOutsideLegalRange)
  })

  it('past \\xff with readSystemKeys', async () => {
    await transactional(db(), (tx) => set(tx, b('k'), b('v')))
    const pairs = await transactionalWith(db(), { readSystemKeys: true }, (tx) => query(tx, b('a'), pastUserKeys).toArray())
    expect(pairs.map(([k]) => Buffer.from(k).toString())).toEqual(['k'])
  })
})
