// setReadVersion's argument checks: a version is a positive bigint
// (FoundationDB's setReadVersion takes an int64 version; 0 and below are
// version_invalid, 2011). And addReadConflictKey: a read conflict on exactly
// one key, [key, key + 0x00).
import { expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { forEachEngine } from '../../test/harness.js'
import { commit, transaction } from './transaction.js'
import { transactional } from './transactional.js'
import { addReadConflictKey, readVersion, setReadVersion } from './versions.js'
import { set } from './writes.js'

forEachEngine('addReadConflictKey', ({ db, itWithoutFaults }) => {
  const k = Buffer.from('k')
  /** Commits a transaction that only declared a read conflict on `k`, after another wrote `written`. */
  const commitAfterWriteTo = async (written: Buffer) => {
    const tx = transaction(db())
    await readVersion(tx)
    addReadConflictKey(tx, k)
    set(tx, Buffer.from('mine'), Buffer.from('1'))
    await transactional(db(), (other) => set(other, written, Buffer.from('theirs')))
    return commit(tx).then(
      () => 'committed',
      (e: unknown) => (e instanceof FoundError ? e.code : e),
    )
  }

  const reason = 'a transaction driven by hand, with no retry loop'
  itWithoutFaults(reason)('conflicts (1020) with a write to that key after the read version', async () => {
    expect(await commitAfterWriteTo(k)).toBe(ErrorCode.notCommitted)
  })

  itWithoutFaults(reason)('covers that key only: a write to the next key (key + 0x00) does not conflict', async () => {
    expect(await commitAfterWriteTo(Buffer.from('k\0'))).toBe('committed')
  })
})

forEachEngine('setReadVersion: bad versions', ({ db }) => {
  it('refuses a version that is not a bigint with a TypeError, a number included', async () => {
    await transactional(db(), (tx) => {
      expect(() => setReadVersion(tx, 5 as never)).toThrow(/setReadVersion: version must be a bigint, got number 5/)
      expect(() => setReadVersion(tx, '5' as never)).toThrow(TypeError)
    })
  })

  it('refuses 0 and negative versions with 2011 (version_invalid)', async () => {
    await transactional(db(), (tx) => {
      for (const version of [0n, -1n]) {
        const error = (() => {
          try {
            setReadVersion(tx, version)
          } catch (e) {
            return e
          }
        })()
        expect(error).toBeInstanceOf(FoundError)
        expect((error as FoundError).code).toBe(ErrorCode.versionInvalid)
      }
    })
  })

  it('takes version 1 and up', async () => {
    const current = await transactional(db(), (tx) => readVersion(tx))
    const seen = await transactional(db(), async (tx) => {
      setReadVersion(tx, current)
      return readVersion(tx)
    })
    expect(seen).toBe(current)
  })
})
