import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { open } from './database.js'
import { get } from './reads.js'
import { transactional } from './transactional.js'
import { set } from './writes.js'
import { suiteTempDir } from '../../test/harness.js'

describe('open: arguments', () => {
  const dir = suiteTempDir('foundkit-open-')

  it('wrong argument types are TypeErrors that say what was wrong', async () => {
    await expect(open(null as never)).rejects.toThrow(TypeError)
    await expect(open({ path: '' })).rejects.toThrow(/path must be a non-empty string/)
    await expect(open({ path: 42 as never })).rejects.toThrow(TypeError)
    await expect(open({ path: join(dir(), 'a'), cacheBytes: -1 })).rejects.toThrow(/cacheBytes must be a non-negative integer, got number -1/)
    await expect(open({ path: join(dir(), 'a'), cacheBytes: 1.5 })).rejects.toThrow(TypeError)
    await expect(open({ path: join(dir(), 'a'), cacheBytes: '1' as never })).rejects.toThrow(TypeError)
  })

  it('cacheBytes without a durable database is a FoundError (9001)', async () => {
    for (const options of [{ cacheBytes: 1024 }, { engine: 'memory' as const, cacheBytes: 0 }, { engine: 'fdb' as const, cacheBytes: 0 }]) {
      const error = await open(options).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(FoundError)
      expect((error as FoundError).code).toBe(ErrorCode.invalidArgument)
      expect((error as FoundError).message).toMatch(/cacheBytes applies to a durable/)
    }
  })

  it('a durable database with cacheBytes keeps its data across reopen with another cache size', async () => {
    const path = join(dir(), 'cache')
    let db = await open({ path, cacheBytes: 0 })
    await transactional(db, (tx) => set(tx, Buffer.from('k'), Buffer.from('v')))
    await db.close()
    db = await open({ path, cacheBytes: 1 << 20 })
    expect((await transactional(db, (tx) => get(tx, Buffer.from('k'))))?.toString()).toBe('v')
    await db.close()
  })

  it("engine 'durable' needs a path and engine 'memory' takes none (FoundErrors, invalidArgument); each as it should be opens", async () => {
    const refused: Array<[object, RegExp]> = [
      [{ engine: 'durable' }, /open: engine 'durable' needs a path/],
      [{ engine: 'memory', path: join(dir(), 'memory') }, /open: engine 'memory' takes no path/],
    ]
    for (const [options, message] of refused) {
      const error = await open(options).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(FoundError)
      expect((error as FoundError).code).toBe(ErrorCode.invalidArgument)
      expect((error as FoundError).message).toMatch(message)
    }
    for (const options of [{ engine: 'durable' as const, path: join(dir(), 'durable') }, { engine: 'memory' as const }]) {
      const db = await open(options)
      await transactional(db, (tx) => set(tx, Buffer.from('k'), Buffer.from('v')))
      expect((await transactional(db, (tx) => get(tx, Buffer.from('k'))))?.toString()).toBe('v')
      await db.close()
    }
  })

  it('an Engine object of your own is used as it is, and takes no embedded or cluster settings', async () => {
    const base = await open()
    const db = await open({ engine: base.engine })
    await transactional(db, (tx) => set(tx, Buffer.from('k'), Buffer.from('through the plug-in')))
    expect((await transactional(base, (tx) => get(tx, Buffer.from('k'))))?.toString()).toBe('through the plug-in')
    const refused: Array<[object, RegExp]> = [
      [{ path: join(dir(), 'plug-in') }, /path is for the embedded engine; an Engine object of your own/],
      [{ clusterFile: 'fdb.cluster' }, /clusterFile is for a FoundationDB cluster, not engine object/],
      [{ cacheBytes: 0 }, /cacheBytes applies to a durable/],
    ]
    for (const [options, message] of refused) {
      const error = await open({ engine: base.engine, ...options }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(FoundError)
      expect((error as FoundError).code).toBe(ErrorCode.invalidArgument)
      expect((error as FoundError).message).toMatch(message)
    }
    await base.close()
  })
})
