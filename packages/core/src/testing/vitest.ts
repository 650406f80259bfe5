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
import { relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FoundError } from '../errors.js'
import { transactional } from '../api/transactional.js'
import { query } from '../api/query.js'
import type { Database } from '../api/database.js'
import type { FaultKind } from '../engine/faults/index.js'
import { FAULT_KINDS } from '../engine/faults/options.js'
import { requireKnownOptions } from '../options/known.js'
import { testEngines, type EngineUnderTest } from './engines.js'

/** What each test of a `forEachEngine` suite gets: a fresh database on the engine under test. */
export interface EngineContext {
  /** The engine this suite runs on. */
  readonly engine: EngineUnderTest
  /** The database opened for the current test. */
  db(): Database
  /**
   * `it`, except on a fault-injecting engine, where the test shows up as
   * skipped with `reason` in its name: for the few tests that cannot hold
   * under faults (a transaction driven by hand with no retry loop, an exact
   * retry count). Prefer making the test hold.
   * @example
   * ```ts
   * forEachEngine('hooks', ({ db, itWithoutFaults }) => {
   *   itWithoutFaults('counts retries exactly')('a conflict retries once', async () => { ... })
   * })
   * ```
   */
  itWithoutFaults(reason: string): (name: string, fn: () => unknown, timeout?: number) => void
}

/** Options of `forEachEngine`. */
export interface ForEachEngineOptions {
  /**
   * How a skipped engine shows up in the report: `'suite'` (the default), as
   * one skipped test whose name says why; `'tests'`, as every test of the
   * suite, skipped, under a suite whose name says why.
   */
  readonly skipAs?: 'suite' | 'tests'
  /**
   * How the suite runs on the fault-injecting engines (`memory+faults
   * seed=N`, see {@link testEngines}); by default, like on any other engine.
   * A suite that cannot run under faults says why, visibly in the report:
   *
   * - `'skip: <reason>'`: not at all (e.g. `'skip: counts retries exactly'`);
   * - `{ without: ['unknownApplied'], reason }`: without some kinds of fault.
   */
  readonly faults?: `skip: ${string}` | FaultsWithout
}

/** {@link ForEachEngineOptions.faults}: run on the fault variants, but without some kinds of fault. */
export interface FaultsWithout {
  /** The kinds left out (e.g. `['unknownApplied']`). */
  readonly without: readonly FaultKind[]
  /** Why the suite cannot hold under them; shown in the suite's name. */
  readonly reason: string
}

/**
 * Declares a suite that runs once per engine of {@link testEngines} (memory,
 * durable, FoundationDB when FDB_CLUSTER_FILE is set, and the fault-injecting
 * variants `memory+faults seed=N`). A skipped engine shows up in the report as
 * `options.skipAs` says; `options.faults` opts out of fault injection,
 * visibly. A test that fails on a fault variant also fails with the seed and
 * the one command that replays it.
 *
 * @example
 * ```ts
 * forEachEngine('my counter', ({ db }) => {
 *   it('counts', async () => { ... })
 * }, { faults: 'skip: counts retries exactly' })
 * ```
 */
export function forEachEngine(title: string, body: (ctx: EngineContext) => void, options: ForEachEngineOptions = {}): void {
  const { faults } = requireKnownOptions('forEachEngine', options, ['skipAs', 'faults'])
  const skipFaults = typeof faults === 'string' ? faults : null
  if (skipFaults !== null && !/^skip: \S/.test(skipFaults)) throw new TypeError(`forEachEngine: faults must be 'skip: <reason>' or { without, reason }, got ${JSON.stringify(faults)}`)
  const without = typeof faults === 'object' ? requireKnownOptions('forEachEngine: faults', faults, ['without', 'reason']) : null
  if (without !== null && (without.without.length === 0 || without.reason.trim() === '')) {
    throw new TypeError('forEachEngine: faults.without needs at least one kind and a reason')
  }
  const kinds = without === null ? undefined : FAULT_KINDS.filter((k) => !without.without.includes(k))
  const engines = testEngines(kinds === undefined ? {} : { faults: { kinds } })
  const faultNote = without === null ? '' : ` (without ${without.without.join(', ')}: ${without.reason})`
  let skipNoted = false
  for (const engine of engines) {
    if (engine.faults !== null && skipFaults !== null) {
      // One skipped entry stands for every fault variant.
      if (!skipNoted) {
        describe(`${title} [faults]`, () => {
          it.skip(`fault injection ${skipFaults}`, () => {})
        })
      }
      skipNoted = true
      continue
    }
    const name = `${engine.name}${engine.faults === null ? '' : faultNote}`
    if (engine.skipReason !== null && options.skipAs !== 'tests') {
      describe(`${title} [${name}]`, () => {
        it.skip(`skipped: ${engine.skipReason}`, () => {})
      })
      continue
    }
    const skipped = engine.skipReason === null ? '' : ` (skipped: ${engine.skipReason})`
    // In a skipped suite the body only declares its tests: no hook or test runs.
    describe.skipIf(engine.skipReason !== null)(`${title} [${name}]${skipped}`, () => {
      let current: Database | null = null
      beforeEach(async () => {
        current = await engine.open()
      })
      afterEach(async (context) => {
        if (current !== null) await engine.dispose(current)
        current = null
        // The replay command goes into the test's own error: a hook that threw would keep later hooks (mock restores...) from running.
        const result = context.task.result
        if (engine.faults !== null && result?.state === 'fail') {
          const hint = replayHint(engine, context.task)
          const first = result.errors?.[0]
          if (first !== undefined) first.message = `${first.message}\n\n${hint}`
          else result.errors = [{ name: 'Error', message: hint }]
        }
      })
      body({
        engine,
        db: () => {
          if (current === null) throw new Error('no database open')
          return current
        },
        itWithoutFaults: (reason) => {
          if (typeof reason !== 'string' || reason.trim() === '') throw new TypeError('itWithoutFaults: give the reason the test cannot hold under faults')
          return (name, fn, timeout) => {
            if (engine.faults === null) it(name, fn, timeout)
            else it.skip(`${name} (skipped under faults: ${reason})`, fn)
          }
        },
      })
    })
  }
}

/** The test task as far as {@link replayHint} needs it (the file task is the one with a `filepath`). */
interface TaskName {
  readonly name: string
  readonly filepath?: string
  readonly file?: { readonly filepath: string } | undefined
  readonly suite?: TaskName | undefined
}

/** Says which seed failed and the command that replays the failing test on that seed alone. */
function replayHint(engine: EngineUnderTest, task: TaskName): string {
  const names: string[] = []
  for (let t: TaskName | undefined = task; t !== undefined && t.filepath === undefined; t = t.suite) names.unshift(t.name)
  const pattern = names.join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const file = task.file === undefined ? '' : ` ${relative(process.cwd(), task.file.filepath)}`
  const { seed, rate, kinds } = engine.faults!
  return (
    `this test failed under fault injection on ${engine.name} (rate ${rate}, kinds ${kinds.join(', ')}); replay it with:\n` +
    `  FOUNDKIT_FAULT_SEEDS=${seed} npx vitest run${file} -t '${pattern.replace(/'/g, "'\\''")}'`
  )
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

