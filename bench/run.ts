// `pnpm bench [suite...]`: runs the named benchmark suites (all registered
// ones by default) and prints one markdown table of their rows.
//
// To add a suite: write `bench/<name>.ts` exporting an `async () => Row[]`
// and add one line to `suites` below. A Row is a foundkit figure next to its
// peer's (same run, same machine); `measurePair` and `consume` below help
// with micro-benchmarks.
import { pathToFileURL } from 'node:url'
import { benchTuple } from './tuple.js'
import { benchCore } from './core.js'
import { benchFdb } from './fdb-workloads.js'
import { benchBstore } from './bstore.js'
import { benchEavstore } from './eavstore.js'
import { benchNstore } from './nstore.js'
import { benchPstore } from './pstore.js'

/** One line of the table: a foundkit figure next to its peer's. */
export interface Row {
  /** What was measured, e.g. "pack: mixed 5-element tuples". */
  workload: string
  /** foundkit's operations per second (or the suite's unit, named in `workload`). */
  ours: number
  /** The peer's name (e.g. "fdb-tuple"), or null when there is no peer. */
  peerName: string | null
  /** The peer's figure, or null. */
  peer: number | null
  /** The goal, e.g. `≥ 3× fdb-tuple`, if any. */
  goal?: string
  /** 'yes' / 'NO' when there is a goal. */
  met?: string
}

/** The registered suites: name -> function returning the suite's rows. */
export const suites: Record<string, () => Promise<readonly Row[]>> = {
  tuple: () => benchTuple(),
  core: () => benchCore(),
  fdb: () => benchFdb(),
  bstore: () => benchBstore(),
  eavstore: () => benchEavstore(),
  nstore: () => benchNstore(),
  pstore: () => benchPstore(),
}

// ---------------------------------------------------------------- timing helpers

/** Something to keep the measured work from being optimized away. */
export let sink = 0

/** Keeps `value` alive (call it with each result). */
export function consume(value: { length: number } | null | undefined): void {
  sink = (sink + (value?.length ?? 1)) | 0
}

/** Options of {@link measurePair}. */
export interface MeasureOptions {
  /** How long each side is warmed up before measuring (ms). */
  warmupMs?: number
  /** How many alternating rounds are timed; the median is kept. */
  rounds?: number
  /** How long one round lasts (ms). */
  roundMs?: number
}

/** Calls fn in growing batches until `ms` elapsed; returns operations per second. */
function runFor(fn: (i: number) => void, ms: number): number {
  const start = process.hrtime.bigint()
  const deadline = start + BigInt(Math.round(ms * 1e6))
  let ops = 0
  let batch = 16
  let now = start
  while (now < deadline) {
    for (let i = 0; i < batch; i++) fn(ops + i)
    ops += batch
    if (batch < 4096) batch *= 2
    now = process.hrtime.bigint()
  }
  return ops / (Number(now - start) / 1e9)
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/**
 * Measures two implementations of one operation in alternating rounds (so
 * that machine noise hits both alike) and returns the median ops/s of each.
 * `fn(i)` performs operation number `i` (use it to cycle through a data set).
 */
export function measurePair(
  ours: (i: number) => void,
  peer: ((i: number) => void) | null,
  { warmupMs = 300, rounds = 9, roundMs = 150 }: MeasureOptions = {},
): { ours: number; peer: number | null } {
  const gc = (globalThis as { gc?: () => void }).gc
  runFor(ours, warmupMs)
  if (peer) runFor(peer, warmupMs)
  const a: number[] = []
  const b: number[] = []
  for (let r = 0; r < rounds; r++) {
    gc?.()
    a.push(runFor(ours, roundMs))
    if (peer) {
      gc?.()
      b.push(runFor(peer, roundMs))
    }
  }
  return { ours: median(a), peer: peer ? median(b) : null }
}

// ---------------------------------------------------------------- the table

function fmt(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '–'
  if (n >= 100) return Math.round(n).toLocaleString('en-US')
  return n >= 10 ? n.toFixed(1) : n.toFixed(2)
}

/** Formats rows (each tagged with its suite) as one markdown table. */
export function table(rows: ReadonlyArray<Row & { suite: string }>): string {
  const withGoals = rows.some((r) => r.goal)
  const head = ['suite', 'workload', 'foundkit ops/s', 'peer', 'peer ops/s', 'ratio']
  if (withGoals) head.push('goal', 'met')
  const numeric = new Set([2, 4, 5])
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (numeric.has(i) ? '---:' : '---')).join('|')}|`]
  for (const r of rows) {
    const ratio = r.peer ? `${(r.ours / r.peer).toFixed(2)}×` : '–'
    const cells = [r.suite, r.workload, fmt(r.ours), r.peerName ?? '–', fmt(r.peer), ratio]
    if (withGoals) cells.push(r.goal ?? '', r.met ?? '')
    lines.push(`| ${cells.join(' | ')} |`)
  }
  return lines.join('\n')
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2)
  const names = requested.length > 0 ? requested : Object.keys(suites)
  const unknown = names.filter((n) => !Object.hasOwn(suites, n))
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; registered: ${Object.keys(suites).join(', ')}`)
    process.exitCode = 2
    return
  }
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.error('note: run with node --expose-gc (as `pnpm bench` does) for steadier numbers')
  }
  const rows: Array<Row & { suite: string }> = []
  for (const name of names) {
    console.error(`running ${name}...`)
    for (const row of await suites[name]!()) rows.push({ suite: name, ...row })
  }
  console.log(`\nnode ${process.version}, ${process.platform}/${process.arch}\n`)
  console.log(table(rows))
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
