// setReadVersion's argument checks: a version is a positive bigint
// (FoundationDB's setReadVersion takes an int64 version; 0 and below are
// version_invalid, 2011).
import { expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { forEachEngine } from '../../test/harness.js'
import { transactional } from './transactional.js'
import { readVersion, setReadVersion } from './versions.js'

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
