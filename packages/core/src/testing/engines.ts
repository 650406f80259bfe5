import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { open, type Database, type OpenOptions } from '../api/database.js'
import { requireKnownOptions } from '../options/known.js'
import type { FaultKind } from '../engine/faults/index.js'
import { faultPlanOf, type FaultPlan } from '../engine/faults/options.js'
import { transactionalWith } from '../api/transactional.js'
import { clear } from '../api/writes.js'

/** One engine a conformance suite runs against. */
export interface EngineUnderTest {
  /** `'memory'`, `'durable'`, `'durable-cold'` or `'fdb'`. */
  readonly name: string
  /** Why this engine is skipped here, or null when it runs. */
  readonly skipReason: string | null
  /** Opens a fresh, empty database on this engine. */
  open(): Promise<Database>
  /** Closes the database and removes what `open` created. */
  dispose(db: Database): Promise<void>
  /** The faults this engine injects (`open({ faults })`), or null for a plain engine. */
  readonly faults: EngineFaults | null
}

/** The faults a fault-injecting engine of {@link testEngines} injects (its `open({ faults })`). */
export interface EngineFaults {
  /** The probability that one attempt of a transaction meets a fault. */
  readonly rate: number
  /** The seed: the same seed injects the same faults. */
  readonly seed: number
  /** The kinds injected. */
  readonly kinds: readonly FaultKind[]
}

/** Options of {@link testEngines}. */
export interface TestEnginesOptions {
  /**
   * The fault-injecting variants to add (see {@link TestFaultOptions}), or
   * `false` for none. Default: the memory engine with every fault kind at
   * rate 0.1, on seeds 1 and 2 (or the seeds `FOUNDKIT_FAULT_SEEDS` names).
   * @example
   * ```ts
   * const engines = testEngines({ faults: { seeds: 20, kinds: ['unknownApplied'] } })
   * ```
   */
  readonly faults?: TestFaultOptions | false
}

/** Which fault-injecting engine variants {@link testEngines} adds. */
export interface TestFaultOptions {
  /**
   * How many seeds (`n`: seeds 1 to n) or which seeds (a list); default 2.
   * The environment variable `FOUNDKIT_FAULT_SEEDS` (`7`, `1-24`, `3,17`,
   * or `none`) overrides it, so that one command can replay one seed.
   * @example
   * ```ts
   * testEngines({ faults: { seeds: [3, 17] } })
   * ```
   */
  readonly seeds?: number | readonly number[]
  /**
   * The fault rate of every variant (default 0.1, or `FOUNDKIT_FAULT_RATE`).
   * @example
   * ```ts
   * testEngines({ faults: { rate: 0.3 } })
   * ```
   */
  readonly rate?: number
  /**
   * The kinds injected (default: all of them).
   * @example
   * ```ts
   * testEngines({ faults: { kinds: ['conflict', 'tooOld', 'delay'] } })
   * ```
   */
  readonly kinds?: readonly FaultKind[]
  /**
   * The embedded engines that get fault variants (default `['memory']`).
   * @example
   * ```ts
   * testEngines({ faults: { engines: ['memory', 'durable'] } })
   * ```
   */
  readonly engines?: readonly FaultyEngineName[]
}

/** The engines {@link TestFaultOptions.engines} may name. */
export type FaultyEngineName = 'memory' | 'durable' | 'durable-cold'

const created = new WeakMap<Database, string>()

/**
 * The engines every conformance suite runs against, and their
 * fault-injecting variants: the embedded engine in
 * memory and durable on disk, always, and durable with no value cache
 * (`cacheBytes: 0`: every value is read back from disk once its commit is
 * durable, the path a database larger than memory takes); a FoundationDB cluster when
 * `FDB_CLUSTER_FILE` names one (the FoundationDB run clears the whole
 * keyspace before each test: point it only at a throwaway cluster). Then
 * the fault variants ({@link TestEnginesOptions.faults}), named like
 * `memory+faults seed=7`: by default the memory engine on seeds 1 and 2;
 * `FOUNDKIT_FAULT_SEEDS=1-24` runs seeds 1 to 24 (`7` only seed 7, `none`
 * none), and `FOUNDKIT_FAULTS_ONLY=1`
 * skips the plain engines (a run of the fault variants only).
 * `FOUNDKIT_ENGINES=memory` (a comma-separated list of `memory`, `durable`,
 * `durable-cold`, `fdb`) runs only the plain engines it names, the others
 * showing as skipped: `pnpm mutate` uses it to run each mutant's tests once
 * instead of once per engine.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest'
 * import { testEngines } from '@foundkit/core/testing'
 * for (const engine of testEngines()) {
 *   describe.skipIf(engine.skipReason !== null)(`my layer on ${engine.name}`, () => { ... })
 * }
 * ```
 */
export function testEngines(options: TestEnginesOptions = {}): EngineUnderTest[] {
  requireKnownOptions('testEngines', options, ['faults'])
  const clusterFile = process.env['FDB_CLUSTER_FILE']
  const faultsOnly = process.env['FOUNDKIT_FAULTS_ONLY'] === '1'
  const plain: EngineUnderTest[] = [
    memoryEngine('memory', null),
    durableEngine('durable', {}, null),
    durableEngine('durable-cold', { cacheBytes: 0 }, null),
    {
      name: 'fdb',
      faults: null,
      skipReason:
        clusterFile === undefined || clusterFile === ''
          ? 'FDB_CLUSTER_FILE is not set, so the FoundationDB run of this suite was skipped'
          : null,
      async open() {
        const db = await open({ engine: 'fdb', ...(clusterFile ? { clusterFile } : {}) })
        await transactionalWith(db, { accessSystemKeys: false }, (tx) => clear(tx, Buffer.alloc(0), Buffer.from([0xff])))
        return db
      },
      dispose: (db) => db.close(),
    },
  ]
  const chosen = enginesFromEnvironment(plain.map((e) => e.name))
  for (const [i, engine] of plain.entries()) {
    if (engine.skipReason !== null) continue
    if (faultsOnly) plain[i] = { ...engine, skipReason: 'FOUNDKIT_FAULTS_ONLY=1: this run covers the fault variants only' }
    else if (chosen !== undefined && !chosen.includes(engine.name)) plain[i] = { ...engine, skipReason: `FOUNDKIT_ENGINES=${chosen.join(',')}: this run leaves out the other engines` }
  }
  return [...plain, ...faultyEngines(options.faults)]
}

/** The fault variants `faults` asks for (the environment's seeds win over `faults.seeds`). */
function faultyEngines(faults: TestFaultOptions | false | undefined): EngineUnderTest[] {
  if (faults === false) return []
  if (faults !== undefined) requireKnownOptions('testEngines: faults', faults, ['seeds', 'rate', 'kinds', 'engines'])
  const { seeds = 2, rate = rateFromEnvironment(), kinds, engines = ['memory'] } = faults ?? {}
  const result: EngineUnderTest[] = []
  for (const seed of seedsFromEnvironment() ?? seedList(seeds)) {
    const plan = faultPlanOf('testEngines', { seed, rate, ...(kinds !== undefined ? { kinds } : {}) })
    for (const name of engines) {
      const variant = `${name}+faults seed=${seed}`
      if (name === 'memory') result.push(memoryEngine(variant, plan))
      else if (name === 'durable') result.push(durableEngine(variant, {}, plan))
      else if (name === 'durable-cold') result.push(durableEngine(variant, { cacheBytes: 0 }, plan))
      else throw new TypeError(`testEngines: faults.engines: unknown engine ${JSON.stringify(name)}; known: memory, durable, durable-cold`)
    }
  }
  return result
}

/** `n` means seeds 1 to n. */
function seedList(seeds: number | readonly number[]): readonly number[] {
  if (typeof seeds !== 'number') return seeds
  if (!Number.isSafeInteger(seeds) || seeds < 0) throw new TypeError(`testEngines: faults.seeds must be a count or a list of integers, got ${seeds}`)
  return Array.from({ length: seeds }, (_, i) => i + 1)
}

/**
 * `FOUNDKIT_FAULT_SEEDS`: seeds and ranges of seeds (`7`, `1-24`, `3,17,40-45`)
 * or `none`; undefined when unset.
 */
function seedsFromEnvironment(): readonly number[] | undefined {
  const text = process.env['FOUNDKIT_FAULT_SEEDS']?.trim()
  if (text === undefined || text === '') return undefined
  if (text === 'none') return []
  const seeds: number[] = []
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part)
    if (match === null) throw new TypeError(`FOUNDKIT_FAULT_SEEDS must list seeds or ranges (7, 1-24, 3,17) or be none, got ${JSON.stringify(text)}`)
    const first = Number(match[1])
    const last = match[2] === undefined ? first : Number(match[2])
    for (let seed = first; seed <= last; seed++) seeds.push(seed)
  }
  return seeds
}

/** `FOUNDKIT_ENGINES`: the plain engines to run (`memory,durable`); undefined when unset. */
function enginesFromEnvironment(known: readonly string[]): readonly string[] | undefined {
  const text = process.env['FOUNDKIT_ENGINES']?.trim()
  if (text === undefined || text === '') return undefined
  const names = text.split(',').map((name) => name.trim())
  const unknown = names.find((name) => !known.includes(name))
  if (unknown !== undefined) throw new TypeError(`FOUNDKIT_ENGINES must list engines among ${known.join(', ')}, got ${JSON.stringify(unknown)}`)
  return names
}

/** `FOUNDKIT_FAULT_RATE`, or the default 0.1. */
function rateFromEnvironment(): number {
  const text = process.env['FOUNDKIT_FAULT_RATE']?.trim()
  return text === undefined || text === '' ? 0.1 : Number(text)
}

/** The in-memory embedded engine, with faults when `plan` is given. */
function memoryEngine(name: string, plan: FaultPlan | null): EngineUnderTest {
  return {
    name,
    faults: plan,
    skipReason: null,
    open: () => open(faultsOption(plan)),
    dispose: (db) => db.close(),
  }
}

function faultsOption(plan: FaultPlan | null): OpenOptions {
  return plan === null ? {} : { faults: plan }
}

/** The durable embedded engine in a fresh temporary directory, with faults when `plan` is given. */
function durableEngine(name: string, options: { cacheBytes?: number }, plan: FaultPlan | null): EngineUnderTest {
  return {
    name,
    faults: plan,
    skipReason: null,
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'foundkit-test-'))
      const db = await open({ path: dir, ...options, ...faultsOption(plan) })
      created.set(db, dir)
      return db
    },
    async dispose(db) {
      await db.close()
      const dir = created.get(db)
      if (dir !== undefined) await rm(dir, { recursive: true, force: true })
    },
  }
}
