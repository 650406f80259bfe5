// The watch limit counts outstanding watches only: a cancelled, fired or
// cancelled-twice watch gives its place back. Two watches of one key both
// fire; closing the database rejects the watches still waiting.
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import { open } from '../../api/database.js'
import { transactional } from '../../api/transactional.js'
import { watch } from '../../api/versions.js'
import { set } from '../../api/writes.js'

const k = (s: string): Buffer => Buffer.from(s)

describe('maxWatches and cancelled or fired watches', () => {
  it('a watch cancelled (twice) or fired frees its place under the limit', async () => {
    const db = await open({ maxWatches: 1 })
    const first = await transactional(db, (tx) => watch(tx, k('a')))
    const refused = await transactional(db, (tx) => watch(tx, k('b')))
    await expect(refused.promise).rejects.toMatchObject({ code: ErrorCode.tooManyWatches })
    first.cancel()
    first.cancel() // a second cancel must not free a place it does not hold
    await first.promise.catch(() => undefined)
    const second = await transactional(db, (tx) => watch(tx, k('b')))
    const refusedAgain = await transactional(db, (tx) => watch(tx, k('c')))
    await expect(refusedAgain.promise).rejects.toMatchObject({ code: ErrorCode.tooManyWatches })
    await transactional(db, (tx) => set(tx, k('b'), k('changed')))
    await second.promise // fired
    const third = await transactional(db, (tx) => watch(tx, k('c')))
    third.cancel()
    await third.promise.catch(() => undefined)
    await db.close()
  })
})

describe('watches of one key, and close', () => {
  it('two watches of one key, from two transactions, both fire on its change', async () => {
    const db = await open()
    const first = await transactional(db, (tx) => watch(tx, k('shared')))
    const second = await transactional(db, (tx) => watch(tx, k('shared')))
    await transactional(db, (tx) => set(tx, k('shared'), k('changed')))
    await first.promise
    await second.promise
    await db.close()
  })

  it('closing the database rejects the watches still waiting', async () => {
    const db = await open()
    const waiting = await transactional(db, (tx) => watch(tx, k('never changed')))
    await db.close()
    await expect(waiting.promise).rejects.toMatchObject({ code: ErrorCode.databaseClosed })
  })
})
