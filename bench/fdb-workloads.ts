/**
 * `pnpm bench:fdb` (or `pnpm bench fdb`): FoundationDB's published
 * single-core benchmark (documentation/sphinx/source/benchmarking.rst),
 * through foundkit's public API on the embedded engine.
 *
 * A database of FOUNDKIT_BENCH_ROWS (default 1,000,000) rows with 16-byte
 * keys and random 8–100-byte values is loaded (large transactions under the
 * 10 MB limit, several at once), then each workload runs for
 * FOUNDKIT_BENCH_SECONDS (default 5) with "parallel clients" = concurrent
 * async `transactional` loops in one process. Each result is printed next to
 * FoundationDB's figure and the ratio, for the durable engine (`open({ path })`,
 * the comparable one: FoundationDB's figures are fully durable), for the
 * durable engine with a small value cache (`durable-small-cache`:
 * FOUNDKIT_FDB_CACHE_MB, default 8 MB, so most values are read from disk, as
 * in a database larger than memory) and for the memory engine (reference).
 * Resident memory after gc is reported next to the raw data size.
 *
 * Each engine runs in a child process of its own, so that its memory figures
 * are not mixed with the other's. FOUNDKIT_FDB_ENGINES=durable,durable-small-cache,memory
 * picks the engines. One engine in this process (e.g. for --cpu-prof):
 * `node --expose-gc --import tsx bench/fdb-workloads.ts --child durable`
 * (FOUNDKIT_FDB_WORKLOADS=4,5 runs only those workloads, numbered from 1;
 * FOUNDKIT_BENCH_PROFILE=<dir> writes a .cpuprofile of each workload there).
 */
import { spawn } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'
import { open, transactional, get, getMany, set, query, type Database, type QueryResult, type Transaction } from '../packages/core/src/index.js'
import {
  benchRows,
  benchSeconds,
  countTransactions,
  fmt,
  gc,
  keyBytes,
  latencyText,
  mb,
  memoryAfterGc,
  profiled,
  progress,
  rng,
  row,
  runClients,
  table,
  tempDir,
  valuePool,
  type BenchRow,
} from './peers/harness.js'
import { batchWrites, chainedBatchWrites, openRaw } from './peers/classic-level.js'
import type { Row } from './run.js'

type EngineName = 'durable' | 'durable-small-cache' | 'memory'

/** The value cache of the `durable-small-cache` run: FOUNDKIT_FDB_CACHE_MB (default 8 MB, ~15% of the values). */
const smallCacheBytes = (): number => Number(process.env.FOUNDKIT_FDB_CACHE_MB ?? 8) * 2 ** 20

/** FoundationDB's published figures (1 core, fully durable, 1,000,000 rows). */
interface Workload {
  readonly name: string
  readonly clients: number
  readonly unit: string
  readonly fdb: number | null
  /** One transaction; returns the operations it counts (writes, reads, keys). */
  readonly body: (ctx: Context) => Promise<number>
  /** It commits writes: the next workload starts once their old versions are dropped. */
  readonly writes?: boolean
}

interface Context {
  readonly db: Database
  readonly rows: number
  readonly random: () => number
  readonly value: () => Buffer
  /** Reads that found no value (all keys exist, so this must stay 0). */
  misses: number
}

const randomKey = (ctx: Context): Buffer => keyBytes((ctx.random() * ctx.rows) | 0)

function writeKeys(n: number): (ctx: Context) => Promise<number> {
  const body = (tx: Transaction, ctx: Context): void => {
    for (let i = 0; i < n; i++) set(tx, randomKey(ctx), ctx.value())
  }
  return (ctx) => transactional(ctx.db, body, ctx).then(() => n)
}

async function read10(tx: Transaction, ctx: Context): Promise<number> {
  let misses = 0
  for (let i = 0; i < 10; i++) if ((await get(tx, randomKey(ctx))) === null) misses++
  return misses
}

async function read10Many(tx: Transaction, ctx: Context): Promise<number> {
  const keys: Buffer[] = []
  for (let i = 0; i < 10; i++) keys.push(randomKey(ctx))
  let misses = 0
  for (const v of await getMany(tx, keys)) if (v === null) misses++
  return misses
}

async function read9Write1(tx: Transaction, ctx: Context): Promise<number> {
  let misses = 0
  for (let i = 0; i < 9; i++) if ((await get(tx, randomKey(ctx))) === null) misses++
  set(tx, randomKey(ctx), ctx.value())
  return misses
}

/** The first key of a random 1,000-key range. */
const rangeStart = (ctx: Context): number => (ctx.random() * (ctx.rows - 1000)) | 0

/** A read of a random 1,000-key range. */
function randomRange(tx: Transaction, ctx: Context): QueryResult {
  const start = rangeStart(ctx)
  return query(tx, keyBytes(start), keyBytes(start + 1000))
}

async function range1000(tx: Transaction, ctx: Context): Promise<number> {
  let n = 0
  for await (const _kv of randomRange(tx, ctx)) n++
  return n
}

async function range1000ToArray(tx: Transaction, ctx: Context): Promise<number> {
  return (await randomRange(tx, ctx).toArray()).length
}

async function range1000ByBatch(tx: Transaction, ctx: Context): Promise<number> {
  let n = 0
  for await (const batch of randomRange(tx, ctx).byBatch()) n += batch.length
  return n
}

async function range1000Packed(tx: Transaction, ctx: Context): Promise<number> {
  let n = 0
  for await (const batch of randomRange(tx, ctx).byPackedBatch()) n += batch.length
  return n
}

/** A workload of 10 reads per transaction: counts the reads that found nothing (all keys exist). */
function readBody(read: (tx: Transaction, ctx: Context) => Promise<number>): (ctx: Context) => Promise<number> {
  return async (ctx) => {
    ctx.misses += await transactional(ctx.db, read, ctx)
    return 10
  }
}

/**
 * No database: what `for await` over 1,000 fresh pairs costs by itself (a
 * copied 16-byte key and a copied 8–100-byte value per pair, from an
 * iterator like query()'s). The ceiling of the for-await range row.
 */
async function bareForAwait(ctx: Context): Promise<number> {
  const start = rangeStart(ctx)
  let i = 0
  const pairs: AsyncIterable<[Buffer, Buffer]> = {
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (i >= 1000) return { done: true, value: undefined }
        const key = keyBytes(start + i)
        const value = ctx.value()
        i++
        return { done: false, value: [key, Buffer.from(value)] }
      },
    }),
  }
  let n = 0
  for await (const _kv of pairs) n++
  return n
}

/** A range workload: counts a miss when the range did not hold 1,000 keys. */
function rangeBody(read: (tx: Transaction, ctx: Context) => Promise<number>): (ctx: Context) => Promise<number> {
  return async (ctx) => {
    const n = await transactional(ctx.db, read, ctx)
    if (n !== 1000) ctx.misses++
    return n
  }
}

const WORKLOADS: readonly Workload[] = [
  { name: '1 client: tx writes 1 random key, commit', clients: 1, unit: 'writes/s', fdb: 917, body: writeKeys(1), writes: true },
  { name: '1 client: tx writes 10 random keys, commit', clients: 1, unit: 'writes/s', fdb: 8_650, body: writeKeys(10), writes: true },
  { name: '100 clients: write 10 random keys, commit', clients: 100, unit: 'writes/s', fdb: 46_000, body: writeKeys(10), writes: true },
  {
    name: '100 clients: read 10 random keys',
    clients: 100,
    unit: 'reads/s',
    fdb: 305_000,
    body: readBody(read10),
  },
  {
    name: '100 clients: read 9 keys, write 1, commit',
    clients: 100,
    unit: 'ops/s',
    fdb: 107_000,
    body: readBody(read9Write1),
    writes: true,
  },
  {
    name: '100 clients: one random 1,000-key range read',
    clients: 100,
    unit: 'keys/s',
    fdb: 3_600_000,
    body: rangeBody(range1000),
  },
  {
    name: '(extra) 100 clients: read 10 random keys with one getMany',
    clients: 100,
    unit: 'reads/s',
    fdb: 305_000,
    body: readBody(read10Many),
  },
  {
    name: '(extra) 100 clients: one random 1,000-key range read with toArray()',
    clients: 100,
    unit: 'keys/s',
    fdb: 3_600_000,
    body: rangeBody(range1000ToArray),
  },
  {
    name: '(extra) 100 clients: one random 1,000-key range read with byBatch()',
    clients: 100,
    unit: 'keys/s',
    fdb: 3_600_000,
    body: rangeBody(range1000ByBatch),
  },
  {
    name: '(extra) 100 clients: one random 1,000-key range read with byPackedBatch()',
    clients: 100,
    unit: 'keys/s',
    fdb: 3_600_000,
    body: rangeBody(range1000Packed),
  },
  {
    name: '(reference, no database) 100 clients: for await over 1,000 fresh copied pairs',
    clients: 100,
    unit: 'pairs/s',
    fdb: 3_600_000,
    body: bareForAwait,
  },
]

/** Rows per loading transaction: 40,000 × (16 + ≤100 + 16) bytes < 5.3 MB, under the 10 MB limit. */
const LOAD_ROWS_PER_TX = 40_000
const LOADERS = 4

interface MemoryFigures {
  readonly rss: number
  readonly heapUsed: number
  readonly arrayBuffers: number
  readonly external: number
}

interface WorkloadResult {
  readonly name: string
  readonly unit: string
  readonly fdb: number | null
  readonly rate: number
  readonly transactions: number
  readonly retries: number
  readonly misses: number
  readonly rssAfter: number
  readonly latency: string
}

/** What one engine's run reports (the child's JSON). */
interface EngineReport {
  readonly engine: EngineName
  readonly rows: number
  readonly seconds: number
  readonly rawBytes: number
  readonly loadSeconds: number
  readonly memory: { readonly baseline: MemoryFigures; readonly loaded: MemoryFigures; readonly settled: MemoryFigures }
  readonly results: readonly WorkloadResult[]
  /** Durable only: raw classic-level rates measured in this run, next to the workloads. */
  readonly rawDisk: readonly { readonly name: string; readonly rate: number }[]
}

const pickMemory = (m: NodeJS.MemoryUsage): MemoryFigures => ({ rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external })

/** Runs the workloads on one engine in this process. */
export async function runEngine(engine: EngineName): Promise<EngineReport> {
  const rows = benchRows()
  const seconds = benchSeconds()
  const random = rng(7)
  const values = valuePool(4096, 8, 100, random)
  const only = (process.env.FOUNDKIT_FDB_WORKLOADS ?? '')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number)

  const baseline = pickMemory(memoryAfterGc())
  const dir = engine === 'memory' ? null : tempDir('fdb')
  const db = await open(dir === null ? {} : engine === 'durable-small-cache' ? { path: dir.path, cacheBytes: smallCacheBytes() } : { path: dir.path })
  const counts = countTransactions(db)

  // ---- load
  progress(`fdb/${engine}: loading ${rows.toLocaleString('en-US')} rows (${LOAD_ROWS_PER_TX.toLocaleString('en-US')} per transaction, ${LOADERS} at once)`)
  const loadStart = performance.now()
  let rawBytes = 0
  let nextChunk = 0
  const loadChunk = (tx: Transaction, start: number, end: number): number => {
    let bytes = 0
    for (let i = start; i < end; i++) {
      const v = values[(random() * values.length) | 0]!
      set(tx, keyBytes(i), v)
      bytes += 16 + v.length
    }
    return bytes
  }
  await Promise.all(
    Array.from({ length: LOADERS }, async () => {
      for (;;) {
        const start = nextChunk
        if (start >= rows) return
        nextChunk += LOAD_ROWS_PER_TX
        const bytes = await transactional(db, loadChunk, start, Math.min(rows, start + LOAD_ROWS_PER_TX))
        rawBytes += bytes
      }
    }),
  )
  const loadSeconds = (performance.now() - loadStart) / 1000
  progress(`fdb/${engine}: loaded in ${loadSeconds.toFixed(1)} s`)
  const loaded = pickMemory(memoryAfterGc())
  // Old versions are kept for the 5-second transaction lifetime; they are
  // dropped when a later commit or read retains a new snapshot.
  const settle = async (): Promise<void> => {
    await new Promise((r) => setTimeout(r, 5_500))
    await transactional(db, (tx) => set(tx, keyBytes(0), values[0]!))
    await transactional(db, (tx) => get(tx, keyBytes(1)))
  }
  await settle()
  const settled = pickMemory(memoryAfterGc())

  // ---- what the disk gives at this minute: raw classic-level sync batches
  const rawDisk: Array<{ name: string; rate: number }> = []
  if (engine === 'durable') {
    const rawDir = tempDir('fdb-raw')
    const raw = await openRaw(rawDir.path)
    const kv = (): [Buffer, Buffer] => [randomKeyRaw(), values[(random() * values.length) | 0]!]
    const randomKeyRaw = (): Buffer => keyBytes((random() * rows) | 0)
    const s = Math.min(2, seconds)
    rawDisk.push({ name: 'classic-level, 1 put per sync batch, sequential (puts/s)', rate: (await batchWrites(raw, 1, s, kv)).rate })
    rawDisk.push({ name: 'classic-level, 10 puts per sync batch, sequential (puts/s)', rate: (await batchWrites(raw, 10, s, kv)).rate })
    rawDisk.push({ name: 'classic-level, 1,000 puts per sync array batch, sequential (puts/s)', rate: (await batchWrites(raw, 1000, s, kv)).rate })
    rawDisk.push({ name: 'classic-level, 1,000 puts per sync chained batch, sequential (puts/s)', rate: (await chainedBatchWrites(raw, 1000, s, kv)).rate })
    await raw.close()
    rawDir.remove()
  }

  // ---- workloads
  const results: WorkloadResult[] = []
  const ctx: Context = { db, rows, random, value: () => values[(random() * values.length) | 0]!, misses: 0 }
  let afterWrites = false
  for (let w = 0; w < WORKLOADS.length; w++) {
    const wl = WORKLOADS[w]!
    if (only.length > 0 && !only.includes(w + 1)) continue
    // Each workload starts from a settled database: the old versions that the
    // last writes left are dropped first, not collected during the next workload.
    if (afterWrites) await settle()
    afterWrites = wl.writes === true
    progress(`fdb/${engine}: ${wl.name}`)
    gc()
    ctx.misses = 0
    const a0 = counts.attempts
    const c0 = counts.commits
    const t = await profiled(`fdb-${engine}-w${w + 1}`, () => runClients(wl.clients, seconds, () => wl.body(ctx)))
    results.push({
      name: wl.name,
      unit: wl.unit,
      fdb: wl.fdb,
      rate: t.rate,
      transactions: t.calls,
      retries: counts.attempts - a0 - (counts.commits - c0),
      misses: ctx.misses,
      rssAfter: process.memoryUsage().rss,
      latency: latencyText(t),
    })
  }
  await db.close()
  dir?.remove()
  return { engine, rows, seconds, rawBytes, loadSeconds, memory: { baseline, loaded, settled }, results, rawDisk }
}

const MARK = 'FOUNDKIT_FDB_REPORT '

/** Runs one engine in a child node process and returns its report. */
function runChild(engine: EngineName): Promise<EngineReport> {
  const self = fileURLToPath(import.meta.url)
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', engine], {
      cwd: join(dirname(self), '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    })
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (d: string) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(MARK))
      if (code !== 0 || line === undefined) reject(new Error(`fdb benchmark child (${engine}) exited with ${code}:\n${out}`))
      else resolve(JSON.parse(line.slice(MARK.length)) as EngineReport)
    })
  })
}

function reportRows(r: EngineReport): BenchRow[] {
  return r.results.map((w) =>
    row(`${r.engine}: ${w.name}`, w.rate, w.unit, w.fdb === null ? '–' : 'FoundationDB, published (1 core)', w.fdb, {
      notes:
        `${w.transactions.toLocaleString('en-US')} tx, ${w.retries.toLocaleString('en-US')} retries` +
        `${w.misses > 0 ? `, ${w.misses} MISSING READS` : ''}; ${w.latency}; rss after ${mb(w.rssAfter)}`,
    }),
  )
}

function memoryTable(reports: readonly EngineReport[]): string {
  const lines = [
    '### fdb: memory of the loaded database (after gc)',
    '',
    '| engine | rows | raw data (keys + values) | when | rss | heapUsed | arrayBuffers | rss − baseline | (heapUsed + arrayBuffers) − baseline | ÷ raw data |',
    '|---|---:|---:|---|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of reports) {
    const b = r.memory.baseline
    for (const [when, m] of [
      ['baseline (before open)', b],
      ['after load', r.memory.loaded],
      ['after load + 5.5 s (old versions dropped)', r.memory.settled],
    ] as const) {
      const dRss = m.rss - b.rss
      const dJs = m.heapUsed + m.arrayBuffers - (b.heapUsed + b.arrayBuffers)
      lines.push(
        `| ${r.engine} | ${r.rows.toLocaleString('en-US')} | ${mb(r.rawBytes)} | ${when} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${mb(m.arrayBuffers)} | ${mb(dRss)} | ${mb(dJs)} | ${m === b ? '–' : `${(dRss / r.rawBytes).toFixed(1)}× rss, ${(dJs / r.rawBytes).toFixed(1)}× js`} |`,
      )
    }
  }
  lines.push('', `load time: ${reports.map((r) => `${r.engine} ${r.loadSeconds.toFixed(1)} s (${fmt(r.rows / r.loadSeconds)} rows/s)`).join(', ')}`)
  return lines.join('\n')
}

/** Runs the fdb suite (each engine in its own process), prints the tables, returns the rows. */
export async function runFdb(): Promise<BenchRow[]> {
  const engines = (process.env.FOUNDKIT_FDB_ENGINES ?? 'durable,durable-small-cache,memory').split(',').map((s) => s.trim()) as EngineName[]
  const reports: EngineReport[] = []
  for (const engine of engines) {
    if (engine !== 'durable' && engine !== 'durable-small-cache' && engine !== 'memory') throw new Error(`FOUNDKIT_FDB_ENGINES: unknown engine ${engine}`)
    reports.push(await runChild(engine))
  }
  const rows = reports.flatMap(reportRows)
  const first = reports[0]
  console.log(
    table(
      `fdb: FoundationDB's single-core benchmark (${first?.rows.toLocaleString('en-US')} rows, 16-byte keys, 8–100-byte values, ${first?.seconds} s per workload; Node ${process.version}, this machine has 2 cores)`,
      rows,
    ),
  )
  for (const r of reports) {
    if (r.rawDisk.length === 0) continue
    console.log('')
    console.log(`Raw LevelDB on this disk in the same run (before the ${r.engine} workloads; FoundationDB's figures come from other hardware):`)
    for (const d of r.rawDisk) console.log(`- ${d.name}: ${fmt(d.rate)}`)
  }
  console.log('')
  console.log(memoryTable(reports))
  console.log('')
  return rows
}

/** The `fdb` suite for bench/run.ts: the rows in the registry's shape. */
export async function benchFdb(): Promise<Row[]> {
  return (await runFdb()).map((r) => ({ workload: `${r.name} [${r.unit}]`, ours: r.value, peerName: r.peerValue === null ? null : r.peer, peer: r.peerValue }))
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--child')
  if (i >= 0) {
    const engine = process.argv[i + 1] as EngineName
    const report = await runEngine(engine)
    // The same table for a direct run, then the machine-readable line.
    console.error(table(`fdb/${engine}`, reportRows(report)))
    for (const d of report.rawDisk) console.error(`- ${d.name}: ${fmt(d.rate)}`)
    console.error(memoryTable([report]))
    console.log(MARK + JSON.stringify(report))
  } else {
    await runFdb()
  }
}

