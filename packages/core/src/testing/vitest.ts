/**
 * `@foundkit/core/testing/vitest`: run a vitest suite once per engine of
 * {@link testEngines}, with a fresh database for each test. This is how
 * foundkit's own conformance and layer suites are written, and how you can
 * test a layer of your own on every engine.
 *
 * Needs `vitest` (an optional peer dependency of `@foundkit/core`).
 *
 * @example
 * ```ts
 * import { expect, it } from 'vitest'
 * import { forEachEngine } from '@foundkit/core/testing/vitest'
 * import { get, set, transactional } from '@foundkit/core'
 *
 * forEachEngine('my layer', ({ db }) => {
 *   it('reads what it wrote', async () => {
 *     await transactional(db(), (tx) => set(tx, Buffer.from('k'), Buffer.from('v')))
 *     expect(await transactional(db(), (tx) => get(tx, Buffer.from('k')))).toEqual(Buffer.from('v'))
 *   })
 * })
 * ```
 *
 * @packageDocumentation
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FoundError } from '../errors.js'
import { transactional } from '../api/transactional.js'
import { query } from '../api/query.js'
import type { Database } from '../api/database.js'
import { testEngines, type EngineUnderTest } from './engines.js'

/** What each test of a `forEachEngine` suite gets: a fresh database on the engine under test. */
export interface EngineContext {
  /** The engine this suite runs on. */
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

