import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { openDurable, type Recovered } from './durable.js'

// The durable engine's disk layer, opened directly on a temporary directory (whatever FOUNDKIT_ENGINES says):
// what a reopen recovers, the in-memory value budget, the lock on a directory, and disk snapshots.

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1')
const BIG = 1 << 30

let dir: string
const opened: Recovered[] = []

async function openAt(cacheBytes = BIG): Promise<Recovered> {
  const recovered = await openDurable(dir, cacheBytes)
  opened.push(recovered)
  return recovered
}

async function closeAll(): Promise<void> {
  for (const r of opened.splice(0)) await r.persister.close().catch(() => {})
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'foundkit-durable-'))
})

afterEach(async () => {
  await closeAll()
  await rm(dir, { recursive: true, force: true })
})

describe('reopening a durable database', () => {
  it('starts an empty directory at version 1 with no keys', async () => {
    const { live, version } = await openAt()
    expect(version).toBe(1)
    expect(live.size).toBe(0)
  })

  it('recovers every written key (the empty key and low bytes too) with its value, and the version; deleted keys are gone', async () => {
    const first = await openAt()
    await first.persister.write(new Map([['', bytes('empty')], ['\x00', bytes('zero')], ['A', bytes('a')], ['b', bytes('bb')], ['gone', bytes('x')]]), 7)
    await first.persister.write(new Map([['gone', null], ['\xff\x00', bytes('system')]]), 9)
    await closeAll()
    const { live, version } = await openAt()
    expect(version).toBe(9)
    // Only the data: the stored version is not a key.
    expect(live.keysIn('', '\xff\xff')).toEqual(['', '\x00', 'A', 'b', '\xff\x00'])
    expect(live.value('')).toEqual(bytes('empty'))
    expect(live.value('\x00')).toEqual(bytes('zero'))
    expect(live.value('b')).toEqual(bytes('bb'))
    expect(live.value('\xff\x00')).toEqual(bytes('system'))
    expect(live.value('gone')).toBeNull()
  })
})

describe('the in-memory value budget (cacheBytes)', () => {
  async function reopenWith(cacheBytes: number): Promise<Recovered> {
    const first = await openAt()
    await first.persister.write(new Map([['a', bytes('111')], ['b', bytes('222')], ['c', bytes('333')]]), 2)
    await closeAll()
    return openAt(cacheBytes)
  }

  it('loads values in key order while they fit, up to exactly the budget; the rest stay on disk and read back from it', async () => {
    const { live } = await reopenWith(6)
    expect(live.hotBytes).toBe(6) // a and b: 3 + 3 bytes fit in 6
    expect(typeof live.entry('c')!.value).toBe('number') // on disk only
    expect(live.value('a')).toEqual(bytes('111'))
    expect(live.value('c')).toEqual(bytes('333'))
  })

  it('keeps no value in memory with a budget of 0, and still reads every value', async () => {
    const { live } = await reopenWith(0)
    expect(live.hotBytes).toBe(0)
    expect(live.value('b')).toEqual(bytes('222'))
  })

  it('keeps a value that does not fit on disk even when later ones would', async () => {
    const first = await openAt()
    await first.persister.write(new Map([['a', bytes('1')], ['b', bytes('22222')], ['c', bytes('3')]]), 2)
    await closeAll()
    const { live } = await openAt(3)
    expect(typeof live.entry('a')!.value).toBe('string')
    expect(typeof live.entry('b')!.value).toBe('number')
    expect(live.hotBytes).toBe(2) // a and c
    expect(live.value('b')).toEqual(bytes('22222'))
  })
})

describe('opening a directory that cannot be opened', () => {
  it('refuses a directory already open (its lock) with databaseInUse (9003), naming the path', async () => {
    await openAt()
    const err = await openDurable(dir, BIG).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FoundError)
    expect((err as FoundError).code).toBe(ErrorCode.databaseInUse)
    expect((err as FoundError).message).toContain(dir)
    expect((err as FoundError).cause).toBeDefined()
  })

  it('refuses a path that is a file with internalError (4100), keeping the cause', async () => {
    const file = join(dir, 'not-a-directory')
    await writeFile(file, 'x')
    const err = await openDurable(file, BIG).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(FoundError)
    expect((err as FoundError).code).toBe(ErrorCode.internalError)
    expect((err as FoundError).message).toContain(file)
    expect((err as FoundError).cause).toBeDefined()
  })
})

describe('disk snapshots', () => {
  it('read the disk as it was when taken, while referenced', async () => {
    const { persister } = await openAt()
    await persister.write(new Map([['k', bytes('old')]]), 2)
    const snapshot = persister.snapshot()
    snapshot.ref()
    await persister.write(new Map([['k', bytes('new')], ['later', bytes('x')]]), 3)
    expect(snapshot.read('k')).toEqual(bytes('old'))
    expect(snapshot.read('later')).toBeUndefined()
    snapshot.unref()
  })

  it('stay open until the last reference goes, then refuse reads with a FoundError', async () => {
    const { persister } = await openAt()
    await persister.write(new Map([['k', bytes('v')]]), 2)
    const snapshot = persister.snapshot()
    snapshot.ref()
    snapshot.ref()
    snapshot.unref()
    expect(snapshot.read('k')).toEqual(bytes('v')) // one reference left
    snapshot.unref()
    let err: unknown
    try {
      snapshot.read('k')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(FoundError)
    expect((err as FoundError).code).toBe(ErrorCode.internalError)
    expect((err as FoundError).cause).toBeDefined()
  })
})
