// Helpers shared by the test suites: the conformance tests (test/conformance)
// and the unit tests next to the source (src/**/*.test.ts, which import this
// file as `../../test/harness.js`).
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { FoundError, query, transactional, type Database } from '../src/index.js'
import { testEngines, type EngineUnderTest } from '../src/testing/index.js'

/** What each test of a `forEachEngine` suite gets: a fresh database on the engine under test. */
export interface EngineContext {
  readonly engine: EngineUnderTest
  /** The database opened for the current test. */
  db(): Database
}

/** Options of `forEachEngine`. */
export interface ForEachEngineOptions {
  /**
   * How a skipped engine shows up in the report: `'suite'` (the default), as
   * one skipped test whose name says why; `'tests'`, as every test of the
   * suite, skipped, under a suite whose name says why.
   */
  readonly skipAs?: 'suite' | 'tests'
}

/**
 * Declares a suite that runs once per engine (memory, durable, and
 * FoundationDB when FDB_CLUSTER_FILE is set). A skipped engine shows up in
 * the report as `options.skipAs` says.
 */
export function forEachEngine(title: string, body: (ctx: EngineContext) => void, options: ForEachEngineOptions = {}): void {
  for (const engine of testEngines()) {
    if (engine.skipReason !== null && options.skipAs !== 'tests') {
      describe(`${title} [${engine.name}]`, () => {
        it.skip(`skipped: ${engine.skipReason}`, () => {})
      })
      continue
    }
    const skipped = engine.skipReason === null ? '' : ` (skipped: ${engine.skipReason})`
    // In a skipped suite the body only declares its tests: no hook or test runs.
    describe.skipIf(engine.skipReason !== null)(`${title} [${engine.name}]${skipped}`, () => {
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

/**
 * Awaits `p` and asserts that it rejected with the expected error:
 *
 * - `expected` a number: a `FoundError` whose `code` is that number
 *   (pass an `ErrorCode` member);
 * - `expected` `'TypeError'`: a `TypeError` (a value of the wrong type).
 *
 * In both cases the error's message must match `message`. Fails when `p`
 * resolves.
 */
export async function rejectsWith(p: Promise<unknown>, expected: number | 'TypeError', message: RegExp): Promise<void> {
  const outcome = await p.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  )
  if (!outcome.rejected) {
    const want = expected === 'TypeError' ? 'a TypeError' : `a FoundError with code ${expected}`
    expect.fail(`expected ${want} matching ${message}, but the promise resolved`)
  }
  const err = outcome.error
  if (expected === 'TypeError') {
    expect(err).toBeInstanceOf(TypeError)
  } else {
    expect(err).toBeInstanceOf(FoundError)
    expect((err as FoundError).code).toBe(expected)
  }
  expect((err as Error).message).toMatch(message)
}

/** One pair of the database, key and value hex-encoded. */
export type HexPair = [key: string, value: string]

/**
 * Every pair of the database's normal keyspace, `[0x00.., 0xff)`, read in one
 * transaction, in key order, as `[hexKey, hexValue]` tuples. Comparing two
 * dumps with `toEqual` checks that the data is byte for byte the same; a file
 * that wants one string per pair can map them: `.map(([k, v]) => `${k}=${v}`)`.
 * Meant for small databases: the whole keyspace must fit one transaction.
 */
export async function dumpAll(db: Database): Promise<HexPair[]> {
  const pairs = await transactional(db, (tx) => query(tx, Buffer.alloc(0), Buffer.from([0xff])).toArray())
  return pairs.map(([k, v]): HexPair => [Buffer.from(k).toString('hex'), Buffer.from(v).toString('hex')])
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
