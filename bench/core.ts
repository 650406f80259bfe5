/**
 * `pnpm bench core`: the embedded engine through the found-style API, each
 * figure next to the raw structure underneath it, measured in the same run
 * in alternating rounds (peer slice, foundkit slice, ...; medians kept).
 *
 * (a) memory engine read-modify-write transactions (get + set + commit via
 *     `transactional`) — next to sorted-btree get+set pairs per second;
 * (b) durable engine commits per second: 1 sequential client, 100 concurrent
 *     clients (set 1 key + commit) — next to classic-level `sync: true`
 *     batches of 1 put and of the group size the engine's group commit
 *     reached;
 * (c) range scans over FOUNDKIT_BENCH_ROWS (default 1,000,000) keys in the
 *     memory engine, `for await` over `query(...)` — next to sorted-btree
 *     `forRange`.
 *
 * Env: FOUNDKIT_BENCH_SECONDS (per measurement and side, split over the
 * rounds; default 5), FOUNDKIT_BENCH_ROUNDS (default 3), FOUNDKIT_BENCH_ROWS,
 * FOUNDKIT_CORE_PARTS (e.g. `a,c`; default `a,b,c`), FOUNDKIT_BENCH_PROFILE=<dir>
 * (a .cpuprofile of each measured foundkit slice; peers are not profiled).
 * Run alone: `node --expose-gc --import tsx bench/core.ts`.
 */
import { pathToFileURL } from 'node:url'
import { open, transactional, get, set, query, type Database, type Transaction } from '../packages/core/src/index.js'
import {
  alternate,
  benchRounds,
  benchRows,
  benchSeconds,
  countTransactions,
  gc,
  keyBytes,
  median,
  profiled,
  progress,
  rng,
  row,
  runClients,
  spread,
  table,
  tempDir,
  valuePool,
  type BenchRow,
  type Timed,
} from './peers/harness.js'
import { newTree, rmwPairs, scanEntries } from './peers/sorted-btree.js'
import { batchWrites, chainedBatchWrites, openRaw } from './peers/classic-level.js'
import type { Row } from './run.js'

/** Keys of the read-modify-write and durable write benchmarks. */
const RMW_KEYS = 100_000
/** Rows per loading transaction: ~50k × (16 + ~54 + 16) bytes stays far under 10 MB. */
const LOAD_ROWS_PER_TX = 50_000

const n0 = (x: number): string => Math.round(x).toLocaleString('en-US')

function readCounter(v: Uint8Array | null): number {
  return v === null ? 0 : (v[0]! | (v[1]! << 8) | (v[2]! << 16)) + v[3]! * 0x1000000
}

/** The transaction body of (a): read a counter, write it back plus one. */
async function increment(tx: Transaction, key: Uint8Array): Promise<number> {
  const v = await get(tx, key)
  const next = Buffer.alloc(8)
  next.writeUInt32LE(readCounter(v) + 1, 0)
  set(tx, key, next)
  return 1
}

/** {@link increment} with an event-loop turn (setImmediate) between the read and the write. */
async function incrementWithTurn(tx: Transaction, key: Uint8Array): Promise<number> {
  const v = await get(tx, key)
  await new Promise<void>((r) => setImmediate(r))
  const next = Buffer.alloc(8)
  next.writeUInt32LE(readCounter(v) + 1, 0)
  set(tx, key, next)
  return 1
}

async function loadRows(db: Database, keys: readonly Buffer[], valueOf: (i: number) => Buffer): Promise<void> {
  for (let start = 0; start < keys.length; start += LOAD_ROWS_PER_TX) {
    const end = Math.min(keys.length, start + LOAD_ROWS_PER_TX)
    await transactional(db, (tx) => {
      for (let i = start; i < end; i++) set(tx, keys[i]!, valueOf(i))
    })
  }
}

/** Sums calls and per-client calls over rounds. */
function mergeRounds(rounds: readonly Timed[]): { calls: number; perClient: number[] } {
  const perClient: number[] = []
  let calls = 0
  for (const t of rounds) {
    calls += t.calls
    t.perClient?.forEach((c, i) => (perClient[i] = (perClient[i] ?? 0) + c))
  }
  return { calls, perClient }
}

// ---------------------------------------------------------------- (a)

async function partA(seconds: number, rounds: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = []
  const keys = Array.from({ length: RMW_KEYS }, (_, i) => keyBytes(i))
  const zero = Buffer.alloc(8)
  const tree = newTree()
  const strKeys = keys.map((k) => k.toString('latin1'))
  for (const k of strKeys) tree.set(k, zero)
  const peerRandom = rng(1)

  const scenario = async (
    name: string,
    clients: number,
    pick: (client: number, random: () => number) => Buffer,
    opts: { goal?: number; turn?: boolean } = {},
  ) => {
    const { goal, turn = false } = opts
    progress(`core (a): memory engine, ${name}`)
    const db = await open()
    await loadRows(db, keys, () => zero)
    const counts = countTransactions(db)
    const random = rng(2)
    const body = turn ? incrementWithTurn : increment
    const m = await alternate(
      rounds,
      seconds / rounds,
      (s, r) => profiled(`core-a-${name}-r${r}`, () => runClients(clients, s, (c) => transactional(db, body, pick(c, random)))),
      (s) => rmwPairs(tree, strKeys, s, peerRandom),
    )
    const { calls, perClient } = mergeRounds(m.oursRounds)
    // Every committed increment (warm-up included) must be in the counters.
    const committed = counts.commits
    let total = 0
    await transactional(db, async (tx) => {
      total = 0
      for (const k of keys) total += readCounter(await get(tx, k))
    })
    const check = total === committed ? 'counters add up' : `COUNTERS WRONG: ${total} != ${committed}`
    const failed = counts.attempts - counts.commits
    gc()
    const heap = process.memoryUsage().heapUsed
    rows.push(
      row(`memory RMW tx (get+set+commit), ${name}`, m.ours, 'tx/s', 'sorted-btree get+set pairs/s', m.peer, {
        ...(goal !== undefined ? { goal: `≥ ${n0(goal)} tx/s`, goalMet: m.ours >= goal } : {}),
        notes:
          `${n0(calls)} commits timed, ${n0(failed)} conflicts → retries (${((100 * failed) / Math.max(1, counts.attempts)).toFixed(1)}% of attempts)` +
          `${clients > 1 ? `; ${spread(perClient)}` : ''}; ${check}; heap after gc at end ${(heap / 1e6).toFixed(0)} MB; ` +
          `rounds ${m.oursRounds.map((t) => `${n0(t.rate)} tx/s in ${t.seconds.toFixed(1)} s`).join(' / ')}; slowest tx ${n0(Math.max(...m.oursRounds.map((t) => t.latency?.max ?? 0)))} ms`,
      }),
    )
    await db.close()
    gc()
  }

  const perClient = RMW_KEYS / 10
  const distinct = (c: number, r: () => number): Buffer => keys[((r() * perClient) | 0) * 10 + c]!
  const hot = (_c: number, r: () => number): Buffer => keys[(r() * 10) | 0]!
  await scenario('1 client', 1, (_c, r) => keys[(r() * RMW_KEYS) | 0]!)
  await scenario('10 clients, distinct keys', 10, distinct, { goal: 100_000 })
  await scenario('10 clients, 10 hot keys', 10, hot)
  // The memory engine never leaves the microtask queue, so the loops above
  // run in lockstep and a client sleeping in the retry backoff (a timer) does
  // not wake until the others stop. With an event-loop turn between the read
  // and the write (as any I/O in a transaction body gives) transactions
  // overlap for real and backed-off clients rejoin.
  await scenario('10 clients, distinct keys, event-loop turn between get and set', 10, distinct, { turn: true })
  await scenario('10 clients, 10 hot keys, event-loop turn between get and set', 10, hot, { turn: true })
  return rows
}

// ---------------------------------------------------------------- (b)

async function partB(seconds: number, rounds: number): Promise<BenchRow[]> {
  const random = rng(3)
  const keys = Array.from({ length: RMW_KEYS }, (_, i) => keyBytes(i))
  const values = valuePool(1024, 8, 100, random)
  const nextKV = (): [Buffer, Buffer] => [keys[(random() * RMW_KEYS) | 0]!, values[(random() * 1024) | 0]!]
  const dirEngine = tempDir('core-durable')
  const dirRaw = tempDir('core-raw')
  const db = await open({ path: dirEngine.path })
  const raw = await openRaw(dirRaw.path)

  // Commits that finish in the same event-loop turn were written by the same
  // batch (the engine resolves a batch's waiters together); that gives the
  // group size through the public API.
  let commits = 0
  let batches = 0
  let marked = false
  db.addHooks({
    onAfterCommit: () => {
      commits++
      if (!marked) {
        marked = true
        batches++
        setImmediate(() => {
          marked = false
        })
      }
    },
  })
  const writeOne = (tx: Transaction, k: Buffer, v: Buffer): void => set(tx, k, v)
  const clientsWriting = (clients: number, s: number): Promise<Timed> =>
    runClients(clients, s, () => {
      const [k, v] = nextKV()
      return transactional(db, writeOne, k, v).then(() => 1)
    })

  progress('core (b): durable engine, 1 client vs classic-level batches of 1 put')
  const seq = await alternate(
    rounds,
    seconds / rounds,
    (s, r) => profiled(`core-b-1-client-r${r}`, () => clientsWriting(1, s)),
    (s) => batchWrites(raw, 1, s, nextKV),
  )
  progress('core (b): durable engine, 100 clients vs classic-level batches of the group size')
  let groupCommits = 0
  let groupBatches = 0
  const engineRates: number[] = []
  const rawRates: number[] = []
  const chainedRates: number[] = []
  const sizes: number[] = []
  for (let r = 0; r < rounds; r++) {
    // The engine first in each round, so the peer uses the group size just measured.
    gc()
    const c0 = commits
    const b0 = batches
    const t = await profiled(`core-b-100-clients-r${r}`, () => clientsWriting(100, seconds / rounds))
    engineRates.push(t.rate)
    groupCommits += commits - c0
    groupBatches += batches - b0
    const size = Math.max(1, Math.round(groupCommits / groupBatches))
    sizes.push(size)
    gc()
    rawRates.push((await batchWrites(raw, size, seconds / rounds, nextKV)).rate)
    gc()
    chainedRates.push((await chainedBatchWrites(raw, size, seconds / rounds, nextKV)).rate)
  }
  await db.close()
  await raw.close()
  dirEngine.remove()
  dirRaw.remove()
  const group = groupCommits / groupBatches
  const e100 = median(engineRates)
  const rG = median(rawRates)
  const rC = median(chainedRates)
  return [
    row('durable: 1 client, set 1 key + commit', seq.ours, 'tx/s', 'classic-level batch of 1 put, sync:true, sequential', seq.peer, {
      goal: '≥ 50% of raw',
      goalMet: seq.ours >= 0.5 * seq.peer,
      notes: `each commit is one fsync'd LevelDB batch (1 put + the version key)`,
    }),
    row('durable: 100 clients, set 1 key + commit', e100, 'tx/s', `classic-level batches of ${Math.round(group)} puts, sync:true, sequential (puts/s)`, rG, {
      goal: '≥ 50% of raw',
      goalMet: e100 >= 0.5 * rG,
      notes: `group commit: ${group.toFixed(1)} commits per fsync'd batch on average (peer batch sizes ${sizes.join(', ')}); the engine writes chained batches`,
    }),
    row('durable: 100 clients, set 1 key + commit (same figure)', e100, 'tx/s', `classic-level chained batch API, ${Math.round(group)} puts, sync:true (puts/s)`, rC, {
      goal: '≥ 50% of raw',
      goalMet: e100 >= 0.5 * rC,
      notes: 'the fastest raw way to write the same batches: db.batch().put()….write()',
    }),
  ]
}

// ---------------------------------------------------------------- (c)

async function partC(seconds: number, rounds: number): Promise<BenchRow[]> {
  const n = benchRows()
  const random = rng(4)
  const values = valuePool(4096, 8, 100, random)
  progress(`core (c): loading ${n0(n)} rows into the memory engine and into a bare sorted-btree`)
  const db = await open()
  const keys = Array.from({ length: n }, (_, i) => keyBytes(i))
  await loadRows(db, keys, (i) => values[i & 4095]!)
  const tree = newTree()
  for (let i = 0; i < n; i++) tree.set(keys[i]!.toString('latin1'), values[i & 4095]!)
  keys.length = 0
  gc()

  const begin = Buffer.from([0x00])
  const end = Buffer.from([0xff])
  const scans: Array<[string, (tx: Transaction) => Promise<number>]> = [
    [
      `memory scan: for await over query(), ${n0(n)} keys`,
      async (tx) => {
        let c = 0
        for await (const _kv of query(tx, begin, end)) c++
        return c
      },
    ],
    [
      'memory scan: for await over query(..., { mode: want_all })',
      async (tx) => {
        let c = 0
        for await (const _kv of query(tx, begin, end, { mode: 'want_all' })) c++
        return c
      },
    ],
    [
      'memory scan: query().byBatch() (arrays of pairs)',
      async (tx) => {
        let c = 0
        for await (const batch of query(tx, begin, end).byBatch()) c += batch.length
        return c
      },
    ],
    [
      'memory scan: query().byPackedBatch() (one Buffer per batch)',
      async (tx) => {
        let c = 0
        for await (const batch of query(tx, begin, end).byPackedBatch()) c += batch.length
        return c
      },
    ],
  ]
  const rows: BenchRow[] = []
  for (const [name, body] of scans) {
    progress(`core (c): ${name}`)
    let wrong = false
    const m = await alternate(
      rounds,
      seconds / rounds,
      (s, r) =>
        profiled(`core-c-${name}-r${r}`, () =>
          runClients(1, s, async () => {
            const c = await transactional(db, body)
            if (c !== n) wrong = true
            return c
          }),
        ),
      (s) => scanEntries(tree, s),
    )
    rows.push(
      row(name, m.ours, 'entries/s', 'sorted-btree forRange entries/s', m.peer, {
        goal: '≥ 1,000,000 entries/s',
        goalMet: m.ours >= 1_000_000,
        notes: `${mergeRounds(m.oursRounds).calls} full scans${wrong ? '; WRONG COUNT' : ''}`,
      }),
    )
  }
  await db.close()
  return rows
}

/** Runs the `core` suite, prints its detailed table, and returns its rows. */
export async function runCore(): Promise<BenchRow[]> {
  const seconds = benchSeconds()
  const rounds = benchRounds()
  const parts = (process.env.FOUNDKIT_CORE_PARTS ?? 'a,b,c').split(',').map((s) => s.trim())
  const rows: BenchRow[] = []
  if (parts.includes('a')) rows.push(...(await partA(seconds, rounds)))
  if (parts.includes('b')) rows.push(...(await partB(seconds, rounds)))
  if (parts.includes('c')) rows.push(...(await partC(seconds, rounds)))
  console.log(
    table(
      `core: embedded engine vs its raw structures (${seconds} s per side and measurement in ${rounds} alternating rounds, medians; Node ${process.version})`,
      rows,
    ),
  )
  console.log('')
  return rows
}

/** The `core` suite for bench/run.ts: the rows in the registry's shape. */
export async function benchCore(): Promise<Row[]> {
  return (await runCore()).map((r) => ({
    workload: `${r.name} [${r.unit}]`,
    ours: r.value,
    peerName: r.peer,
    peer: r.peerValue,
    ...(r.goal !== '' ? { goal: r.goal, met: r.met } : {}),
  }))
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runCore()
