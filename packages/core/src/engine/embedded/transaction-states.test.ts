// A transaction's states as the embedded engine keeps them: operations after
// its commit and after a failed one are refused (2017), a watch cancelled before
// the commit is never registered (so it takes no place under maxWatches), and
// cancelling one watch leaves the others.
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import { open } from '../../api/database.js'
import { get } from '../../api/reads.js'
import { commit, transaction } from '../../api/transaction.js'
import { transactional } from '../../api/transactional.js'
import { watch } from '../../api/versions.js'
import { set } from '../../api/writes.js'
import { rejectsWith } from '../../../test/harness.js'

const k = (s: string): Buffer => Buffer.from(s)

describe('transaction states', () => {
  it('refuses reads once its commit is called (the memory engine commits at once) and after its commit failed (2017)', async () => {
    const db = await open()
    const tx = transaction(db)
    set(tx, k('a'), k('1'))
    const committing = commit(tx) // not awaited: the read below comes right after the call
    await rejectsWith(get(tx, k('a')), ErrorCode.usedDuringCommit, /has already committed/)
    await committing

    const loser = transaction(db)
    await get(loser, k('a'))
    set(loser, k('b'), k('1'))
    await transactional(db, (other) => set(other, k('a'), k('2')))
    await rejectsWith(commit(loser), ErrorCode.notCommitted, /conflict/)
    await rejectsWith(get(loser, k('a')), ErrorCode.usedDuringCommit, /has already failed/)
    await db.close()
  })

  it('a watch cancelled before the commit takes no place under maxWatches; the others are kept', async () => {
    const db = await open({ maxWatches: 2 })
    const tx = transaction(db)
    const cancelled = watch(tx, k('w1'))
    const kept = watch(tx, k('w2'))
    const third = watch(tx, k('w3'))
    cancelled.cancel()
    cancelled.cancel() // again: must not cancel another watch
    await expect(cancelled.promise).rejects.toMatchObject({ code: ErrorCode.transactionCancelled })
    await commit(tx)
    // two registered (w2, w3) within the limit of 2: both fire on a change
    await transactional(db, (t) => {
      set(t, k('w2'), k('x'))
      set(t, k('w3'), k('x'))
    })
    await kept.promise
    await third.promise
    await db.close()
  })
})
