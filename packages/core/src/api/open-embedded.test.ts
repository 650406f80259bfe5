// open's embedded branch hands path, cacheBytes and maxWatches to the embedded engine, which keeps the
// options it was given (`openedWith`): those given reach it, and no key for an option not given
// (cacheBytes sizes a cache and maxWatches a limit: what the engine receives is the only place where a
// cacheBytes left out would show). No module mock: the mutation runs share modules between test files.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EmbeddedEngine } from '../engine/embedded/index.js'
import { open } from './database.js'
import { suiteTempDir } from '../../test/harness.js'

describe("open: the embedded engine's options", () => {
  const dir = suiteTempDir('foundkit-open-embedded-')

  it('passes path, cacheBytes and maxWatches when given, and no key for those not given', async () => {
    const path = join(dir(), 'db')
    const passed: unknown[] = []
    for (const options of [{}, { engine: 'memory' as const, maxWatches: 3 }, { path, cacheBytes: 4096, maxWatches: 5 }, { engine: 'durable' as const, path }]) {
      const db = await open(options)
      passed.push({ ...(db.engine as EmbeddedEngine).openedWith })
      await db.close()
    }
    expect(passed).toStrictEqual([{}, { maxWatches: 3 }, { path, cacheBytes: 4096, maxWatches: 5 }, { path }])
  })
})
