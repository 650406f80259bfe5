// Helpers shared by the test suites: the conformance tests (test/conformance)
// and the unit tests next to the source (src/**/*.test.ts, which import this
// file as `../../test/harness.js`).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, vi } from 'vitest'
import { openEmbeddedEngine, type EmbeddedEngine } from '../src/engine/embedded/index.js'
import type { TransactionOptions } from '../src/engine/types.js'
import { FoundError } from '../src/errors.js'
export {
  forEachEngine,
  rejectsWith,
  dumpAll,
  type EngineContext,
  type ForEachEngineOptions,
  type HexPair,
} from '../src/testing/vitest.js'

/** Bytes of a string. */
export const b = (s: string): Buffer => Buffer.from(s)

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/**
 * Moves the embedded engine's clock (`performance.now`) forward without
 * waiting: call the result with a number of milliseconds. Undo it with
 * `vi.restoreAllMocks()` after the test.
 */
export function fakeClock(): (ms: number) => void {
  let offset = 0
  const real = performance.now.bind(performance)
  vi.spyOn(performance, 'now').mockImplementation(() => real() + offset)
  return (ms) => {
    offset += ms
  }
}

/** Runs `fn` and returns the FoundError code it threw (fails when it does not throw). */
export async function codeOf(fn: () => unknown): Promise<number> {
  try {
    await fn()
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (typeof code === 'number') return code
    throw err
  }
  throw new Error('expected a FoundError, but nothing was thrown')
}

/** A fresh temporary directory for the enclosing suite (removed after it); call the result for its path. */
export function suiteTempDir(prefix: string): () => string {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  return () => dir
}

/**
 * Opens a memory embedded engine, commits `seed` (latin1 key → latin1 value)
 * in one transaction, runs `fn` on the engine and closes it, whatever `fn` does.
 */
export async function withEmbeddedEngine<T>(fn: (engine: EmbeddedEngine) => Promise<T>, seed: Record<string, string> = {}): Promise<T> {
  const engine = await openEmbeddedEngine()
  try {
    const pairs = Object.entries(seed)
    if (pairs.length > 0) {
      const tx = engine.createTransaction()
      for (const [key, value] of pairs) tx.set(Buffer.from(key, 'latin1'), Buffer.from(value, 'latin1'))
      await tx.commit()
    }
    return await fn(engine)
  } finally {
    await engine.close()
  }
}

/** A versionstamp operand: `body` followed by the 4-byte little-endian offset of its 10-byte stamp. */
export function versionstampOperand(body: Buffer, offset: number): Buffer {
  const tail = Buffer.alloc(4)
  tail.writeUInt32LE(offset)
  return Buffer.concat([body, tail])
}

/** Commits one 2,000-byte value with `options` (none: the engine's defaults); returns the FoundError code, or 0. */
export async function commitCode(engine: EmbeddedEngine, options?: TransactionOptions): Promise<number> {
  const tx = engine.createTransaction(options)
  tx.set(Buffer.from('k'), Buffer.alloc(2000))
  try {
    await tx.commit()
    return 0
  } catch (error) {
    if (error instanceof FoundError) return error.code
    throw error
  }
}
