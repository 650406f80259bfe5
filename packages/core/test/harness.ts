// Helpers shared by the test suites: the conformance tests (test/conformance)
// and the unit tests next to the source (src/**/*.test.ts, which import this
// file as `../../test/harness.js`).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, vi } from 'vitest'
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
