import { spawnSync } from 'node:child_process'

/** Options of {@link optimizationAcrossCollection}. */
export interface OptimizationProbeOptions {
  /**
   * The directory the child process runs in: the probe's bare imports
   * (`import('@foundkit/core')`) resolve as that package's own do.
   * @example
   * ```ts
   * { cwd: fileURLToPath(new URL('../', import.meta.url)) }
   * ```
   */
  readonly cwd: string
  /**
   * More Node flags for the child, such as a TypeScript loader. Default: none.
   * @example
   * ```ts
   * { cwd, nodeArgs: ['--import', 'tsx'] }
   * ```
   */
  readonly nodeArgs?: readonly string[]
}

/** Which watched functions had optimized code before and after a full garbage collection. */
export interface OptimizationAcrossCollection {
  /** Per watched function: optimized before the collection. */
  readonly before: Record<string, boolean>
  /** Per watched function: optimized after it. */
  readonly after: Record<string, boolean>
  /** The functions optimized before and not after: what the collection threw away. */
  readonly lost: string[]
}

/**
 * Runs a probe in a child Node process and says which of the functions it
 * watches V8 had optimized before a full garbage collection, and which
 * still are after it (V8's own status bit, `--allow-natives-syntax`). A
 * hidden class that no live object holds dies at such a collection, and
 * V8 throws away the code compiled against it: `lost` names those
 * functions (see `keepShape`).
 *
 * `setup` is an ES module's source that defines `async function
 * probeRound()` (one round of the workload) and `const watched` (name →
 * function). The probe runs a round, collects, runs two more rounds, reads
 * the status, collects again and reads it again.
 *
 * @throws TypeError for arguments of the wrong type; Error (with the
 *   child's stderr) when the probe fails
 * @example
 * ```ts
 * const { lost } = optimizationAcrossCollection(
 *   `const core = await import('@foundkit/core')
 *    const db = await core.open()
 *    async function probeRound() { for (let i = 0; i < 5000; i++) await core.transactional(db, (tx) => core.get(tx, core.pack([i]))) }
 *    const watched = { get: core.get }`,
 *   { cwd: process.cwd() },
 * )
 * expect(lost).toEqual([])
 * ```
 */
export function optimizationAcrossCollection(setup: string, options: OptimizationProbeOptions): OptimizationAcrossCollection {
  if (typeof setup !== 'string') throw new TypeError(`optimizationAcrossCollection: setup must be a string, got ${typeof setup}`)
  if (typeof options?.cwd !== 'string') throw new TypeError('optimizationAcrossCollection: options.cwd must be a string')
  const nodeArgs = options.nodeArgs ?? []
  if (!Array.isArray(nodeArgs) || nodeArgs.some((a) => typeof a !== 'string')) throw new TypeError('optimizationAcrossCollection: options.nodeArgs must be an array of strings')
  const probe = `${setup}
// Bit 16 of V8's optimization status: the function has optimized code.
const probeOptimized = () => Object.fromEntries(Object.entries(watched).map(([name, f]) => [name, (%GetOptimizationStatus(f) & 16) !== 0]))
await probeRound(); gc(); await probeRound(); await probeRound()
console.log('PROBE_BEFORE ' + JSON.stringify(probeOptimized()))
gc()
console.log('PROBE_AFTER ' + JSON.stringify(probeOptimized()))
`
  const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--expose-gc', ...nodeArgs, '--input-type=module', '-e', probe], { cwd: options.cwd, encoding: 'utf8' })
  const line = (tag: string): Record<string, boolean> | null => {
    const found = run.stdout?.split('\n').find((l) => l.startsWith(tag + ' '))
    return found === undefined ? null : (JSON.parse(found.slice(tag.length + 1)) as Record<string, boolean>)
  }
  const before = line('PROBE_BEFORE')
  const after = line('PROBE_AFTER')
  if (run.status !== 0 || before === null || after === null) {
    throw new Error(`optimizationAcrossCollection: the probe failed (exit ${run.status}): ${run.stderr ?? run.error?.message}`)
  }
  return { before, after, lost: Object.keys(before).filter((name) => before[name] && !after[name]) }
}
