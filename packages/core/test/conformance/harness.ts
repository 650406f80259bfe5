import { afterEach, beforeEach, describe, it } from 'vitest'
import type { Database } from '../../src/index.js'
import { testEngines, type EngineUnderTest } from '../../src/testing/index.js'

/** What each conformance test gets: a fresh database on the engine under test. */
export interface EngineContext {
  readonly engine: EngineUnderTest
  /** The database opened for the current test. */
  db(): Database
}

/**
 * Declares a suite that runs once per engine (memory, durable, and
 * FoundationDB when FDB_CLUSTER_FILE is set). A skipped engine shows up in
 * the report as a skipped test whose name says why.
 */
export function forEachEngine(title: string, body: (ctx: EngineContext) => void): void {
  for (const engine of testEngines()) {
    if (engine.skipReason !== null) {
      describe(`${title} [${engine.name}]`, () => {
        it.skip(`skipped: ${engine.skipReason}`, () => {})
      })
      continue
    }
    describe(`${title} [${engine.name}]`, () => {
      let current: Database | null = null
      beforeEach(async () => {
        current = await engine.open()
      })
      afterEach(async () => {
        if (current !== null) await engine.dispose(current)
        current = null
      })
      body({
        engine,
        db: () => {
          if (current === null) throw new Error('no database open')
          return current
        },
      })
    })
  }
}

/** Bytes of a string. */
export const b = (s: string): Buffer => Buffer.from(s)

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

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
