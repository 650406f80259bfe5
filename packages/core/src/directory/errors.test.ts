// Bad input to the directory layer: every mistake is a FoundError (or a
// TypeError for a wrong type) that says what was wrong, and leaves the data
// as it was, even inside a transaction that goes on and commits.
import { beforeEach, expect, it } from 'vitest'
import type { Database } from '../api/database.js'
import type { Transaction } from '../api/transaction.js'
import { transactional } from '../api/transactional.js'
import { set } from '../api/writes.js'
import { ErrorCode, FoundError, isRetryable } from '../errors.js'
import { directory, DirectoryLayer, type DirectorySubspace } from './index.js'
import { dumpAll, forEachEngine } from '../../test/harness.js'

type Expected = { found: number; message: RegExp } | { type: true; message: RegExp }

/**
 * Runs `op` twice: in `transactional` (it must throw as expected, nothing
 * committed), and in a transaction whose body catches the error and commits
 * anyway (the failed call must not have written anything). The database must
 * be byte for byte unchanged after both.
 */
async function expectRefused(db: Database, op: (tx: Transaction) => Promise<unknown>, expected: Expected): Promise<void> {
  const before = await dumpAll(db)
  const check = (err: unknown) => {
    if ('found' in expected) {
      expect(err).toBeInstanceOf(FoundError)
      expect((err as FoundError).code).toBe(expected.found)
    } else {
      expect(err).toBeInstanceOf(TypeError)
    }
    expect((err as Error).message).toMatch(expected.message)
  }
  let thrown: unknown = null
  try {
    await transactional(db, op)
  } catch (err) {
    thrown = err
  }
  check(thrown)
  expect(await dumpAll(db)).toEqual(before)

  // Retryable errors (a busy cluster's, or injected faults) still retry; the expected one is caught and the transaction commits.
  await transactional(db, async (tx) => {
    thrown = null
    try {
      await op(tx)
    } catch (err) {
      if (isRetryable(err)) throw err
      thrown = err
    }
  })
  check(thrown)
  expect(await dumpAll(db)).toEqual(before)
}

forEachEngine('directory: bad input', ({ db }) => {
  let users: DirectorySubspace
  beforeEach(async () => {
    users = await transactional(db(), async (tx) => {
      const d = await directory.create(tx, ['app', 'users'], { layer: Buffer.from('table') })
      await directory.create(tx, ['app', 'users', 'admins'])
      await directory.create(tx, ['other'])
      set(tx, d.pack([1]), Buffer.from('data'))
      return d
    })
  })

  it('a path with an empty name', async () => {
    const found = ErrorCode.invalidArgument
    const message = /empty name \(element 1 of \["app",""\] is empty\)/
    await expectRefused(db(), (tx) => directory.createOrOpen(tx, ['app', '']), { found, message })
    await expectRefused(db(), (tx) => directory.open(tx, ['app', '']), { found, message })
    await expectRefused(db(), (tx) => directory.create(tx, ''), { found, message: /empty name \(element 0/ })
    await expectRefused(db(), (tx) => directory.list(tx, ['app', '']), { found, message })
    await expectRefused(db(), (tx) => directory.exists(tx, ['', 'x']), { found, message: /element 0/ })
    await expectRefused(db(), (tx) => directory.move(tx, ['app', 'users'], ['app', '']), { found, message })
    await expectRefused(db(), (tx) => directory.remove(tx, ['app', '']), { found, message })
    await expectRefused(db(), (tx) => users.createOrOpen(tx, ''), { found, message: /empty name/ })
  })

  it('names that are not strings, paths that are not paths', async () => {
    await expectRefused(db(), (tx) => directory.createOrOpen(tx, ['app', 1 as never]), { type: true, message: /element 1 is number 1/ })
    await expectRefused(db(), (tx) => directory.createOrOpen(tx, ['app', Buffer.from('x') as never]), { type: true, message: /element 1 is an object \(Buffer\)/ })
    await expectRefused(db(), (tx) => directory.open(tx, 42 as never), { type: true, message: /a path must be a string or an array of strings, got number 42/ })
    await expectRefused(db(), (tx) => directory.list(tx, null as never), { type: true, message: /got null/ })
    await expectRefused(db(), (tx) => directory.exists(tx, { 0: 'a' } as never), { type: true, message: /got an object/ })
    await expectRefused(db(), (tx) => directory.create(tx, ['\ud800']), { type: true, message: /lone UTF-16 surrogate/ })
    await expectRefused(db(), (tx) => users.open(tx, [null as never]), { type: true, message: /element 0 is null/ })
  })

  it('wrong argument types: the transaction and the options', async () => {
    await expect(directory.createOrOpen({} as never, ['a'])).rejects.toThrow(TypeError)
    await expect(directory.list(null as never)).rejects.toThrow(/list: the first argument must be a Transaction/)
    await expectRefused(db(), (tx) => directory.createOrOpen(tx, ['a'], { layer: 'table' as never }), { type: true, message: /layer must be a Uint8Array/ })
    await expectRefused(db(), (tx) => directory.open(tx, ['a'], 'table' as never), { type: true, message: /options must be an object/ })
    await expectRefused(db(), (tx) => directory.createOrOpen(tx, ['a'], { prefix: Buffer.from('x') } as never), { type: true, message: /takes no prefix option/ })
    await expectRefused(db(), (tx) => directory.create(tx, ['a'], { prefix: 'x' as never }), { type: true, message: /prefix must be a Uint8Array/ })
  })

  it('moving a directory into itself or its own subdirectory', async () => {
    const found = ErrorCode.invalidArgument
    const message = /the destination is the directory itself or inside it/
    await expectRefused(db(), (tx) => directory.move(tx, ['app', 'users'], ['app', 'users']), { found, message })
    await expectRefused(db(), (tx) => directory.move(tx, ['app'], ['app', 'users', 'x']), { found, message: /cannot move \["app"\] to \["app","users","x"\]/ })
    await expectRefused(db(), (tx) => directory.move(tx, 'app', ['app', 'x']), { found, message })
    await expectRefused(db(), (tx) => users.moveTo(tx, ['app', 'users', 'admins', 'x']), { found, message })
    await expectRefused(db(), (tx) => users.move(tx, [], ['sub']), { found, message })
  })

  it('moving or removing the root', async () => {
    const found = ErrorCode.invalidArgument
    await expectRefused(db(), (tx) => directory.move(tx, [], ['x']), { found, message: /the root directory cannot be moved/ })
    await expectRefused(db(), (tx) => directory.moveTo(tx, ['x']), { found, message: /the root directory cannot be moved/ })
    await expectRefused(db(), (tx) => directory.remove(tx), { found, message: /the root directory cannot be removed/ })
    await expectRefused(db(), (tx) => directory.remove(tx, []), { found, message: /the root directory cannot be removed/ })
    await expectRefused(db(), (tx) => directory.removeIfExists(tx, []), { found, message: /the root directory cannot be removed/ })
    await expectRefused(db(), (tx) => directory.createOrOpen(tx, []), { found, message: /the root directory cannot be opened/ })
    await expectRefused(db(), (tx) => directory.open(tx, []), { found, message: /the root directory cannot be opened/ })
  })

  it('opening, listing, moving or removing a missing directory', async () => {
    const found = ErrorCode.notFound
    await expectRefused(db(), (tx) => directory.open(tx, ['app', 'nobody']), { found, message: /open: the directory \["app","nobody"\] does not exist/ })
    await expectRefused(db(), (tx) => directory.open(tx, ['missing', 'deeper']), { found, message: /\["missing","deeper"\] does not exist/ })
    await expectRefused(db(), (tx) => directory.list(tx, ['missing']), { found, message: /list: the directory \["missing"\] does not exist/ })
    await expectRefused(db(), (tx) => directory.remove(tx, ['missing']), { found, message: /remove: the directory \["missing"\] does not exist/ })
    await expectRefused(db(), (tx) => directory.move(tx, ['missing'], ['x']), { found, message: /the source directory \["missing"\] does not exist/ })
    await expectRefused(db(), (tx) => directory.move(tx, ['other'], ['missing', 'x']), {
      found,
      message: /the parent \["missing"\] of the destination does not exist/,
    })
    await expectRefused(db(), (tx) => users.open(tx, 'nobody'), { found, message: /\["app","users","nobody"\] does not exist/ })
  })

  it('creating an existing directory, or moving onto one', async () => {
    const found = ErrorCode.alreadyExists
    await expectRefused(db(), (tx) => directory.create(tx, ['app', 'users']), { found, message: /create: the directory \["app","users"\] already exists/ })
    await expectRefused(db(), (tx) => directory.create(tx, 'other'), { found, message: /already exists/ })
    await expectRefused(db(), (tx) => directory.move(tx, ['other'], ['app', 'users']), { found, message: /the destination \["app","users"\] already exists/ })
  })

  it('a layer mismatch', async () => {
    await expectRefused(db(), (tx) => directory.open(tx, ['app', 'users'], { layer: Buffer.from('queue') }), {
      found: ErrorCode.invalidArgument,
      message: /was created with the layer <7461626c65> \("table"\), not <7175657565>/,
    })
  })
})

forEachEngine('directory: bad input on an empty database', ({ db }) => {
  it('failed operations write nothing, not even the layout version key', async () => {
    const manual = new DirectoryLayer({ allowManualPrefixes: true })
    await expectRefused(db(), (tx) => directory.remove(tx, ['missing']), { found: ErrorCode.notFound, message: /does not exist/ })
    await expectRefused(db(), (tx) => directory.move(tx, ['missing'], ['x']), { found: ErrorCode.notFound, message: /does not exist/ })
    await expectRefused(db(), (tx) => directory.open(tx, ['missing']), { found: ErrorCode.notFound, message: /does not exist/ })
    await expectRefused(db(), (tx) => directory.list(tx, ['missing']), { found: ErrorCode.notFound, message: /does not exist/ })
    await expectRefused(db(), (tx) => manual.create(tx, ['x'], { prefix: Buffer.from([0xfe]) }), { found: ErrorCode.alreadyExists, message: /already in use/ })
    await expectRefused(db(), (tx) => manual.create(tx, ['x'], { prefix: Buffer.alloc(0) }), { found: ErrorCode.alreadyExists, message: /already in use/ })
    expect(await dumpAll(db())).toEqual([])
    expect(await transactional(db(), (tx) => directory.removeIfExists(tx, ['missing']))).toBe(false)
    expect(await transactional(db(), (tx) => directory.exists(tx, ['missing']))).toBe(false)
    expect(await transactional(db(), (tx) => directory.list(tx))).toEqual([])
    expect(await dumpAll(db())).toEqual([])
  })
})
