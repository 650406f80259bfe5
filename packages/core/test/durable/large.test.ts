// A durable database larger than its value cache (the way to hold more data
// than memory): values over the budget live on disk only and are read back.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { suiteTempDir } from '../harness.js'

const child = fileURLToPath(new URL('./large-child.ts', import.meta.url))

describe('durable engine: data larger than the value cache', () => {
  const dir = suiteTempDir('foundkit-large-')

  it('48 MB of values with a 2 MB cache: memory stays near the cache, every value reads back, also after reopen', () => {
    const cacheBytes = 2 * 2 ** 20
    const out = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', child, join(dir(), 'db'), String(cacheBytes), '3000', '16000'], {
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(out.status, out.stderr).toBe(0)
    const r = JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<string, number>
    expect(r['dataBytes']).toBe(48_000_000)
    expect(r['badBeforeReopen']).toBe(0)
    expect(r['badAfterReopen']).toBe(0)
    // Memory still held (JS heap and Buffers): the cache plus slack (LevelDB
    // reads, the undo log's overwritten tenth), far under the 48 MB written.
    for (const when of ['afterWrite', 'afterRead', 'afterReopen']) {
      expect(r[when], `${when}: ${r[when]} bytes held`).toBeLessThan(12 * 2 ** 20)
    }
  }, 150_000)
})
