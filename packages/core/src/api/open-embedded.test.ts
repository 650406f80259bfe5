// open's embedded branch hands path, cacheBytes and maxWatches to the embedded engine. A recorder in front of
// that engine shows which options reach it: those given, and no key for an option not given (cacheBytes sizes a
// cache and maxWatches a limit: what the engine receives is the only place they differ from the defaults).
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { suiteTempDir } from '../../test/harness.js'

const passed = vi.hoisted(() => [] as unknown[])
vi.mock('../engine/embedded/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../engine/embedded/index.js')>()
  return {
    ...original,
    openEmbeddedEngine: async (options: Parameters<typeof original.openEmbeddedEngine>[0]) => {
      passed.push(options)
      return original.openEmbeddedEngine(options)
    },
  }
})

const { open } = await import('./database.js')

describe("open: the embedded engine's options", () => {
  const dir = suiteTempDir('foundkit-open-embedded-')

  it('passes path, cacheBytes and maxWatches when given, and no key for those not given', async () => {
    passed.length = 0
    const path = join(dir(), 'db')
    for (const options of [{}, { engine: 'memory' as const, maxWatches: 3 }, { path, cacheBytes: 4096, maxWatches: 5 }, { engine: 'durable' as const, path }]) {
      const db = await open(options)
      await db.close()
    }
    expect(passed).toStrictEqual([{}, { maxWatches: 3 }, { path, cacheBytes: 4096, maxWatches: 5 }, { path }])
  })
})
