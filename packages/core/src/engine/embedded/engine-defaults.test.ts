// The embedded engine as opened: its kind, the transaction defaults it applies to every
// transaction (under the options a transaction is given), and its default value cache.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ErrorCode } from '../../errors.js'
import { commitCode } from '../../../test/harness.js'
import { defaultCacheBytes, openEmbeddedEngine } from './index.js'

describe('embedded engine: as opened', () => {
  it('says its kind: memory without a path, durable with one', async () => {
    const memory = await openEmbeddedEngine()
    expect(memory.kind).toBe('memory')
    await memory.close()
    const dir = await mkdtemp(join(tmpdir(), 'foundkit-engine-kind-'))
    try {
      const durable = await openEmbeddedEngine({ path: join(dir, 'db') })
      expect(durable.kind).toBe('durable')
      await durable.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('applies its transaction defaults to every transaction, under the options one is given', async () => {
    const engine = await openEmbeddedEngine({ transaction: { sizeLimit: 1000 } })
    expect(await commitCode(engine)).toBe(ErrorCode.transactionTooLarge)
    expect(await commitCode(engine, { timeout: 60_000 })).toBe(ErrorCode.transactionTooLarge)
    expect(await commitCode(engine, { sizeLimit: 100_000 })).toBe(0)
    await engine.close()
    const plain = await openEmbeddedEngine()
    expect(await commitCode(plain)).toBe(0)
    expect(await commitCode(plain, { sizeLimit: 1000 })).toBe(ErrorCode.transactionTooLarge)
    await plain.close()
  })

  it('caches a quarter of the machine memory by default, at most 1 GiB', () => {
    const bytes = defaultCacheBytes()
    expect(bytes).toBeGreaterThan(0)
    expect(bytes).toBeLessThanOrEqual(2 ** 30)
    expect(bytes).toBeLessThanOrEqual(totalmem() / 4)
  })
})
