/**
 * Shared helpers of the `core` and `fdb` benchmark suites: fixed-time client
 * loops, environment knobs, the raw peers' module loading, and a markdown
 * table printer for rows that carry a peer and a ratio.
 */
import { createRequire } from 'node:module'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from '../../packages/core/src/index.js'

/** `require` resolving from packages/core, where sorted-btree and classic-level are installed. */
export const coreRequire = createRequire(new URL('../../packages/core/package.json', import.meta.url))

/** Seconds each timed measurement runs (env FOUNDKIT_BENCH_SECONDS, default 5). */
export function benchSeconds(): number {
  const s = Number(process.env.FOUNDKIT_BENCH_SECONDS ?? 5)
  return Number.isFinite(s) && s > 0 ? s : 5
}

/** Rows of the large databases (env FOUNDKIT_BENCH_ROWS, default 1,000,000). */
export function benchRows(): number {
  const n = Number(process.env.FOUNDKIT_BENCH_ROWS ?? 1_000_000)
  return Number.isSafeInteger(n) && n >= 2_000 ? n : 1_000_000
}

/** Runs a full garbage collection when node was started with --expose-gc. */
export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc
  if (g !== undefined) {
    g()
    g()
  }
}

/** A temporary directory, removed by the returned function. */
export function tempDir(tag: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `foundkit-bench-${tag}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** Result of a fixed-time run of concurrent clients. */
export interface Timed {
  /** Operations counted (what each call of the body returned, summed). */
  readonly ops: number
  /** Calls of the body that completed. */
  readonly calls: number
  /** Seconds from start until the last client stopped. */
  readonly seconds: number
  /** ops / seconds. */
  readonly rate: number
  /** Calls completed by each client (runClients only). */
  readonly perClient?: readonly number[]
  /** Latency of one call in ms (runClients only). */
  readonly latency?: { readonly p50: number; readonly p99: number; readonly max: number }
}

/** p50 / p99 / max of call durations (ms). */
function percentiles(samples: number[]): { p50: number; p99: number; max: number } {
  if (samples.length === 0) return { p50: 0, p99: 0, max: 0 }
  const s = Float64Array.from(samples).sort()
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]!
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1]! }
}

/** `p50 x ms, p99 y ms, max z ms`. */
export function latencyText(t: Timed): string {
  const l = t.latency
  if (l === undefined) return ''
  const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toFixed(2))
  return `latency p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms`
}

/**
 * Runs `clients` concurrent async loops until `seconds` have passed; each
 * loop calls `body(client)` and adds what it returns (operations done) to a
 * counter local to that loop. Loops start no new call after the deadline;
 * the time counted runs until the last one finished.
 */
export async function runClients(clients: number, seconds: number, body: (client: number) => Promise<number>): Promise<Timed> {
  const start = performance.now()
  const deadline = start + seconds * 1000
  const durations: number[] = []
  const loop = async (client: number): Promise<[number, number]> => {
    let ops = 0
    let calls = 0
    let t0 = performance.now()
    while (t0 < deadline) {
      const n = await body(client)
      const t1 = performance.now()
      durations.push(t1 - t0)
      t0 = t1
      ops += n
      calls++
    }
    return [ops, calls]
  }
  const results = await Promise.all(Array.from({ length: clients }, (_, i) => loop(i)))
  const elapsed = (performance.now() - start) / 1000
  let ops = 0
  let calls = 0
  for (const [o, c] of results) {
    ops += o
    calls += c
  }
  return { ops, calls, seconds: elapsed, rate: ops / elapsed, perClient: results.map((r) => r[1]), latency: percentiles(durations) }
}

/** Runs a synchronous body repeatedly for `seconds`; the body returns operations done. */
export function runSync(seconds: number, body: () => number): Timed {
  const start = performance.now()
  const deadline = start + seconds * 1000
  let ops = 0
  let calls = 0
  while (performance.now() < deadline) {
    ops += body()
    calls++
  }
  const elapsed = (performance.now() - start) / 1000
  return { ops, calls, seconds: elapsed, rate: ops / elapsed }
}

/** A benchmark row: a foundkit figure next to its peer's, and their ratio. */
export interface BenchRow {
  /** What was measured. */
  readonly name: string
  /** foundkit's figure. */
  readonly value: number
  /** Unit of both figures, e.g. `tx/s`. */
  readonly unit: string
  /** What foundkit is compared with. */
  readonly peer: string
  /** The peer's figure (null when there is none). */
  readonly peerValue: number | null
  /** value / peerValue (null when there is no peer figure). */
  readonly ratio: number | null
  /** The goal, e.g. `>= 100,000 tx/s`; empty when none. */
  readonly goal: string
  /** 'yes', 'NO' or '' (no goal). */
  readonly met: string
  /** Anything else worth reading next to the figure. */
  readonly notes: string
}

/** Makes a row; `goalMet` decides the `met` column when a goal is given. */
export function row(
  name: string,
  value: number,
  unit: string,
  peer: string,
  peerValue: number | null,
  opts: { goal?: string; goalMet?: boolean; notes?: string } = {},
): BenchRow {
  return {
    name,
    value,
    unit,
    peer,
    peerValue,
    ratio: peerValue === null || peerValue === 0 ? null : value / peerValue,
    goal: opts.goal ?? '',
    met: opts.goal === undefined ? '' : opts.goalMet === true ? 'yes' : 'NO',
    notes: opts.notes ?? '',
  }
}

/** 12,345 / 1.23 M style numbers. */
export function fmt(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '–'
  if (n >= 100) return Math.round(n).toLocaleString('en-US')
  if (n >= 10) return n.toFixed(1)
  return n.toFixed(2)
}

export function fmtRatio(r: number | null): string {
  if (r === null || !Number.isFinite(r)) return '–'
  return r >= 10 ? `${r.toFixed(1)}×` : r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toFixed(3)}×`
}

/** Megabytes with one decimal. */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}

/** A markdown table of rows. */
export function table(title: string, rows: readonly BenchRow[]): string {
  const head = ['benchmark', 'foundkit', 'unit', 'peer', 'peer result', 'ratio', 'goal', 'met', 'notes']
  const lines = [`### ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 1 || i === 4 || i === 5 ? '---:' : '---')).join('|')}|`]
  for (const r of rows) {
    lines.push(`| ${[r.name, fmt(r.value), r.unit, r.peer, fmt(r.peerValue), fmtRatio(r.ratio), r.goal, r.met, r.notes].join(' | ')} |`)
  }
  return lines.join('\n')
}

/** `min–max (n clients)` of per-client call counts. */
export function spread(perClient: readonly number[] | undefined): string {
  if (perClient === undefined || perClient.length < 2) return ''
  const idle = perClient.filter((c) => c === 0).length
  return `per-client commits ${Math.min(...perClient).toLocaleString('en-US')}–${Math.max(...perClient).toLocaleString('en-US')}${idle > 0 ? ` (${idle} of ${perClient.length} clients committed nothing)` : ''}`
}

/** Progress on stderr, so stdout keeps only the tables. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`)
}

/** A small seeded PRNG (xorshift32), so runs pick the same random keys. */
export function rng(seed = 0x9e3779b9): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 4294967296
  }
}

/** A 16-byte key: `i` in 16 ASCII decimal digits (FoundationDB's benchmark uses 16-byte keys). */
export function keyBytes(i: number): Buffer {
  const b = Buffer.allocUnsafe(16)
  for (let p = 15; p >= 0; p--) {
    const q = Math.floor(i / 10)
    b[p] = 48 + (i - q * 10)
    i = q
  }
  return b
}

/** `count` random values of random lengths in [min, max] bytes (seeded). */
export function valuePool(count: number, min: number, max: number, random: () => number): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < count; i++) {
    const len = min + Math.floor(random() * (max - min + 1))
    const v = Buffer.allocUnsafe(len)
    for (let j = 0; j < len; j++) v[j] = (random() * 256) | 0
    out.push(v)
  }
  return out
}

/** process.memoryUsage() after a full gc. */
export function memoryAfterGc(): NodeJS.MemoryUsage {
  gc()
  return process.memoryUsage()
}

/** Alternating rounds (env FOUNDKIT_BENCH_ROUNDS, default 3). */
export function benchRounds(): number {
  const n = Number(process.env.FOUNDKIT_BENCH_ROUNDS ?? 3)
  return Number.isSafeInteger(n) && n >= 1 ? n : 3
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** Medians and totals of alternating rounds of foundkit and its peer. */
export interface Alternated {
  readonly ours: number
  readonly peer: number
  /** foundkit's rounds, in order. */
  readonly oursRounds: readonly Timed[]
  readonly peerRounds: readonly Timed[]
}

/**
 * Runs `rounds` alternating slices of `sliceSeconds`: peer, then foundkit
 * (so machine noise hits both alike), after an unmeasured warm-up slice of
 * each (JIT); returns the median rate of each.
 */
export async function alternate(
  rounds: number,
  sliceSeconds: number,
  ours: (seconds: number, round: number) => Promise<Timed>,
  peer: (seconds: number, round: number) => Timed | Promise<Timed>,
): Promise<Alternated> {
  const a: Timed[] = []
  const b: Timed[] = []
  const warmup = Math.min(0.5, sliceSeconds)
  await peer(warmup, -1)
  await ours(warmup, -1)
  for (let r = 0; r < rounds; r++) {
    gc()
    b.push(await peer(sliceSeconds, r))
    gc()
    a.push(await ours(sliceSeconds, r))
  }
  return { ours: median(a.map((t) => t.rate)), peer: median(b.map((t) => t.rate)), oursRounds: a, peerRounds: b }
}

/**
 * With env FOUNDKIT_BENCH_PROFILE=<dir>, runs `fn` under the V8 CPU
 * profiler (node:inspector) and writes `<dir>/<name>.cpuprofile`; otherwise
 * just runs it. Lets a profile cover one measured slice, not the loading.
 */
export async function profiled<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.FOUNDKIT_BENCH_PROFILE
  if (dir === undefined || dir === '') return fn()
  const { Session } = await import('node:inspector/promises')
  const { writeFileSync, mkdirSync } = await import('node:fs')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 200 })
  await session.post('Profiler.start')
  try {
    return await fn()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    session.disconnect()
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.cpuprofile`), JSON.stringify(profile))
  }
}

/** Counts attempts, commits and retries of every `transactional` call on a database. */
export function countTransactions(db: Database): { attempts: number; commits: number; retries: number } {
  const c = { attempts: 0, commits: 0, retries: 0 }
  db.addHooks({
    onBegin: () => {
      c.attempts++
    },
    onAfterCommit: (_tx, stats) => {
      c.commits++
      c.retries += stats.retries
    },
  })
  return c
}
