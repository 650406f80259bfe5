/**
 * `pnpm bench eavstore`: @foundkit/eavstore next to DataScript (its AVET
 * index), same documents and lookups in the same run.
 *
 * Loads FOUNDKIT_EAV_DOCS (default 100,000) documents of 8 attributes (name
 * string, city string, zip integer, age integer, score double, active boolean,
 * tags: 1–3 strings (multi-valued), joined integer) in transactions of 1,000
 * documents (DataScript: `transact` of 1,000 entity maps), then times
 * FOUNDKIT_EAV_LOOKUPS (default 300) lookups of each kind with random
 * parameters, alternating peer and foundkit in 3 rounds, one collection
 * before each kind's timed lookups and none between rounds, in two regimes,
 * each after FOUNDKIT_EAV_WARMUP (default 3,000) lookups of the same kind
 * per side, so that both sides' code is compiled by the JIT as in a running
 * service (measured: foundkit's lookup path reaches its optimized speed after
 * ≈ 2,000 lookups, DataScript's after ≈ 1,000–2,000):
 * - cold data: the warm-up runs on a data set of its own (a tenth of the
 *   size, in a subspace of its own; DataScript: a database of its own; value
 *   ranges a tenth as wide, so each warm-up lookup finds as many ids as a
 *   timed one): the timed lookups are the first to read the measured data;
 * - re-read: the warm-up runs on the measured data set (other values), then
 *   the same timed lookups run again: data that lookups have read before.
 * The lookups:
 * - equality `zip = z` (≈10 ids), equality on the multi-valued `tags = t` (≈1,000 ids),
 * - AND of two `city = c AND age = a` (≈14 ids),
 * - range `score ∈ [x, x + 0.1)` (≈100 ids).
 * DataScript is given the faster of its two ways per lookup: `q` (Datalog) or
 * its raw index (`datoms` / `index_range`, with a Set intersection for the
 * AND); the row names which. Lookups are reported as lookups/s over the
 * mean (which counts the tail: collector pauses) and as 1000 / p50 ms (the
 * typical lookup), each against DataScript's. Each lookup's ids are counted on both sides
 * (foundkit's read with `query(...).toArray()`) and must agree. foundkit runs on the memory and the durable engine; DataScript
 * is in memory only, so both rows compare with the same DataScript figure.
 *
 * Ids: DataScript numbers its entities with integers; foundkit's documents
 * are given the same (`create(tx, store, doc, i)`), so both sides store and
 * return the same data. foundkit's default id is a random Uuid (an object per
 * id read: ~60 ns each): the memory engine is measured a second time with
 * Uuid ids, in rows of their own.
 *
 * eavstore and core run as built by `tsc` (their dist/), in a child process
 * (bench/peers/built.ts): as users get them from npm, and as DataScript runs.
 *
 * Run alone: `node --expose-gc --import tsx bench/eavstore.ts` (it starts itself again with `--child`).
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type * as Core from '@foundkit/core'
import type * as EavApi from '../packages/eavstore/src/index.js'
import { fmt, fmtRatio, gc, progress, rng, tempDir } from './peers/harness.js'
import { isBuiltChild, loadBuilt, printRows, rowsOfBuiltChild } from './peers/built.js'
import type { Row } from './run.js'

const require = createRequire(import.meta.url)
// DataScript's JS API (no types shipped).
const ds = require('datascript') as {
  create_conn(schema: object): unknown
  transact(conn: unknown, tx: object[]): unknown
  db(conn: unknown): unknown
  q(query: string, ...inputs: unknown[]): unknown[][]
  datoms(db: unknown, index: string, ...components: unknown[]): Array<{ e: number; v: unknown }>
  index_range(db: unknown, attribute: string, start: unknown, end: unknown): Array<{ e: number; v: unknown }>
}

const DOCS = positive(process.env.FOUNDKIT_EAV_DOCS, 100_000)
const LOOKUPS = positive(process.env.FOUNDKIT_EAV_LOOKUPS, 300)
const WARMUP = positive(process.env.FOUNDKIT_EAV_WARMUP, 3000)
/** The warm-up data set is this many times smaller, and its value ranges as many times narrower. */
const WARM_SCALE = 10
const DOCS_PER_TX = 1000
const ROUNDS = 3
const CITIES = 100
const TAGS = 200
const AGES = 72

function positive(text: string | undefined, fallback: number): number {
  const n = Number(text ?? fallback)
  return Number.isSafeInteger(n) && n > 0 ? n : fallback
}

/** A bench document (see the module's comment). */
export interface Doc {
  name: string
  city: string
  zip: number
  age: number
  score: number
  active: boolean
  tags: string[]
  joined: number
}

/**
 * `n` documents; with `scale` > 1, value ranges `scale` times narrower
 * (zips, cities, tags, scores), so that `n / scale` documents give each
 * lookup as many ids as `n` documents with scale 1.
 */
export function makeDocs(n: number, scale = 1, seed = 15): Doc[] {
  const random = rng(seed)
  const pick = (k: number): number => Math.floor(random() * k)
  return Array.from({ length: n }, (_, i) => {
    const tags = new Set<string>()
    const count = 1 + pick(3)
    while (tags.size < count) tags.add(`tag-${pick(TAGS / scale)}`)
    return {
      name: `user-${i}`,
      city: `city-${pick(CITIES / scale)}`,
      zip: pick(10_000 / scale),
      age: 18 + pick(AGES),
      score: Math.round((random() * 100_000) / scale) / 1000,
      active: random() < 0.5,
      tags: [...tags],
      joined: 18_000 + pick(2_000),
    }
  })
}

/** One kind of lookup: its parameters, foundkit's conditions, and DataScript's two ways. */
interface Lookup {
  name: string
  conditions: (i: number) => EavApi.EavConditions
  datalog: (db: unknown, i: number) => number
  index: (db: unknown, i: number) => number
}

/** The lookups of each kind, with `count` random parameters drawn from `seed`, over documents of {@link makeDocs} with `scale`. */
function lookups(seed: number, count: number, scale = 1): Lookup[] {
  const random = rng(seed)
  const params = (make: () => unknown[]): unknown[][] => Array.from({ length: count }, make)
  const zips = params(() => [Math.floor((random() * 10_000) / scale)])
  const tags = params(() => [`tag-${Math.floor((random() * TAGS) / scale)}`])
  const pairs = params(() => [`city-${Math.floor((random() * CITIES) / scale)}`, 18 + Math.floor(random() * AGES)])
  const scores = params(() => [Math.round(random() * (100_000 / scale - 100)) / 1000])
  return [
    {
      name: 'equality zip = z (≈10 ids)',
      conditions: (i) => ({ zip: zips[i]![0] as number }),
      datalog: (db, i) => ds.q('[:find ?e :in $ ?z :where [?e "zip" ?z]]', db, zips[i]![0]).length,
      index: (db, i) => ds.datoms(db, ':avet', 'zip', zips[i]![0]).length,
    },
    {
      name: 'equality on the multi-valued tags = t (≈1,000 ids)',
      conditions: (i) => ({ tags: tags[i]![0] as string }),
      datalog: (db, i) => ds.q('[:find ?e :in $ ?t :where [?e "tags" ?t]]', db, tags[i]![0]).length,
      index: (db, i) => ds.datoms(db, ':avet', 'tags', tags[i]![0]).length,
    },
    {
      name: 'AND city = c, age = a (≈14 ids)',
      conditions: (i) => ({ city: pairs[i]![0] as string, age: pairs[i]![1] as number }),
      datalog: (db, i) => ds.q('[:find ?e :in $ ?c ?a :where [?e "city" ?c] [?e "age" ?a]]', db, pairs[i]![0], pairs[i]![1]).length,
      index: (db, i) => {
        const inCity = new Set(ds.datoms(db, ':avet', 'city', pairs[i]![0]).map((d) => d.e))
        let n = 0
        for (const d of ds.datoms(db, ':avet', 'age', pairs[i]![1])) if (inCity.has(d.e)) n++
        return n
      },
    },
    {
      name: 'range score ∈ [x, x + 0.1) (≈100 ids)',
      conditions: (i) => ({ score: { gte: scores[i]![0] as number, lt: (scores[i]![0] as number) + 0.1 } }),
      datalog: (db, i) =>
        ds.q('[:find ?e :in $ ?lo ?hi :where [?e "score" ?s] [(>= ?s ?lo)] [(< ?s ?hi)]]', db, scores[i]![0], (scores[i]![0] as number) + 0.1).length,
      index: (db, i) => {
        const hi = (scores[i]![0] as number) + 0.1
        // index_range includes its end: drop the values equal to it.
        return ds.index_range(db, 'score', scores[i]![0], hi).filter((d) => (d.v as number) < hi).length
      },
    },
  ]
}

const SCHEMA = {
  name: { ':db/index': true },
  city: { ':db/index': true },
  zip: { ':db/index': true },
  age: { ':db/index': true },
  score: { ':db/index': true },
  active: { ':db/index': true },
  tags: { ':db/index': true, ':db/cardinality': ':db.cardinality/many' },
  joined: { ':db/index': true },
}

/** DataScript's database of `docs`, loaded in transactions of DOCS_PER_TX, and how long that took. */
export function loadDataScript(docs: readonly Doc[]): { db: unknown; seconds: number } {
  const conn = ds.create_conn(SCHEMA)
  const start = performance.now()
  for (let s = 0; s < docs.length; s += DOCS_PER_TX) {
    ds.transact(conn, docs.slice(s, s + DOCS_PER_TX).map((d, j) => ({ ':db/id': -(j + 1), ...d })))
  }
  return { db: ds.db(conn), seconds: (performance.now() - start) / 1000 }
}

/** How the documents are named: integers (as DataScript numbers its entities) or eavstore's default, random Uuids. */
export type Ids = 'integer' | 'Uuid'

/** Core and eavstore as built (dist/): what {@link loadBuilt} gives. */
export interface Built {
  core: typeof Core
  layer: typeof EavApi
}

/** Creates `docs`; integer ids are 0, `step`, 2 × `step`, … (the warm-up data set's ids span the measured one's). Returns the seconds it took. */
export async function loadEavstore(built: Built, db: Core.Database, store: EavApi.EavStore, docs: readonly Doc[], ids: Ids, step = 1): Promise<number> {
  const start = performance.now()
  for (let s = 0; s < docs.length; s += DOCS_PER_TX) {
    await loadBatch(built, db, store, docs.slice(s, s + DOCS_PER_TX), s, ids, step)
  }
  return (performance.now() - start) / 1000
}

/** Creates a batch (its first document is number `first`) in one transaction; on a loaded machine where that passes 5 s (1007), in two halves. */
async function loadBatch(built: Built, db: Core.Database, store: EavApi.EavStore, batch: readonly Doc[], first: number, ids: Ids, step: number): Promise<void> {
  const { core, layer: eavstore } = built
  const create = (tx: Core.Transaction, doc: Doc, i: number): Promise<EavApi.EavId> =>
    ids === 'integer' ? eavstore.create(tx, store, doc as unknown as EavApi.EavDocument, (first + i) * step) : eavstore.create(tx, store, doc as unknown as EavApi.EavDocument)
  try {
    await core.transactional(db, (tx) => Promise.all(batch.map((d, i) => create(tx, d, i))))
  } catch (error) {
    // Nothing of a transaction that grew too old was committed: the halves start afresh.
    if (!(error instanceof core.FoundError && error.code === core.ErrorCode.transactionTooOld) || batch.length < 2) throw error
    const half = batch.length >> 1
    await loadBatch(built, db, store, batch.slice(0, half), first, ids, step)
    await loadBatch(built, db, store, batch.slice(half), first + half, ids, step)
  }
}

interface Latency {
  perSecond: number
  p50: number
  p99: number
  results: number[]
}

function summarize(samples: number[], results: number[]): Latency {
  const s = Float64Array.from(samples).sort()
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]!
  const total = samples.reduce((a, b) => a + b, 0)
  return { perSecond: (samples.length * 1000) / total, p50: at(0.5), p99: at(0.99), results }
}

/**
 * Times each lookup index once per side, in ROUNDS alternating slices (which
 * side goes first alternates too), after WARMUP lookups per side on the
 * warm-up data set (`warmOurs`, `warmPeer`).
 */
async function timeLookups(
  ours: (i: number) => Promise<number>,
  peer: ((i: number) => number) | null,
  warmOurs: (i: number) => Promise<number>,
  warmPeer: ((i: number) => number) | null,
): Promise<{ ours: Latency; peer: Latency | null }> {
  let warmIds = 0
  for (let i = 0; i < WARMUP; i++) {
    const theirs = warmPeer?.(i)
    const found = await warmOurs(i)
    if (theirs !== undefined && theirs !== found) throw new Error(`eavstore bench: warm-up lookup #${i}: foundkit found ${found} ids, DataScript ${theirs}`)
    warmIds += found
  }
  progress(`eavstore: warmed up (${(warmIds / WARMUP).toFixed(1)} ids a lookup)`)
  // One collection before the timed lookups, none between rounds: a forced full collection every 100 lookups is no one's workload.
  gc()
  const a: number[] = []
  const b: number[] = []
  const ra: number[] = new Array(LOOKUPS)
  const rb: number[] = new Array(LOOKUPS)
  const slice = Math.ceil(LOOKUPS / ROUNDS)
  for (let r = 0; r < ROUNDS; r++) {
    const from = r * slice
    const to = Math.min(LOOKUPS, from + slice)
    const timePeer = (): void => {
      if (peer === null) return
      for (let i = from; i < to; i++) {
        const t = performance.now()
        rb[i] = peer(i)
        b.push(performance.now() - t)
      }
    }
    if (r % 2 === 0) timePeer()
    for (let i = from; i < to; i++) {
      const t = performance.now()
      ra[i] = await ours(i)
      a.push(performance.now() - t)
    }
    if (r % 2 === 1) timePeer()
  }
  return { ours: summarize(a, ra), peer: peer === null ? null : summarize(b, rb) }
}

/** The number of ids a lookup finds, read as users read a whole result: `toArray()` (no promise per id; DataScript's `datoms` is an array too). */
async function countIds(db: Core.Database, store: EavApi.EavStore, conditions: EavApi.EavConditions): Promise<number> {
  return (await eavstore.query(db, store, conditions).toArray()).length
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 1 ? x.toFixed(2) : x.toFixed(3))

/** Core and eavstore as built (dist/), loaded by {@link measureAll} in the child process. */
let core: typeof Core
let eavstore: typeof EavApi

/** The suite, measured on the built packages in a child process (see peers/built.ts). */
export async function benchEavstore(): Promise<Row[]> {
  return rowsOfBuiltChild(import.meta.url, 'eavstore')
}

async function measureAll(): Promise<Row[]> {
  const built = await loadBuilt<typeof EavApi>('eavstore')
  ;({ core, layer: eavstore } = built)
  progress(`eavstore: ${DOCS.toLocaleString('en-US')} documents`)
  const docs = makeDocs(DOCS)
  const kinds = lookups(16, LOOKUPS)
  // The warm-up: the same kinds of lookup on a data set of its own, so the measured one stays unread.
  const warmDocs = makeDocs(Math.max(1, Math.round(DOCS / WARM_SCALE)), WARM_SCALE, 25)
  const warmSetKinds = lookups(17, WARMUP, WARM_SCALE)
  // The re-read regime's warm-up: the same kinds of lookup on the measured data set, other values.
  const warmKinds = lookups(18, WARMUP)
  gc()
  const peerLoad = loadDataScript(docs)
  const peerDb = peerLoad.db
  const peerWarmDb = loadDataScript(warmDocs).db
  // The faster of DataScript's two ways, per lookup kind (measured on a few calls).
  const peerWay = kinds.map((k) => {
    const time = (fn: (db: unknown, i: number) => number): number => {
      const t = performance.now()
      for (let i = 0; i < Math.min(30, LOOKUPS); i++) fn(peerDb, i)
      return performance.now() - t
    }
    time(k.datalog)
    time(k.index)
    return time(k.index) <= time(k.datalog) ? { way: 'datoms', fn: k.index } : { way: 'q', fn: k.datalog }
  })

  const rows: Row[] = []
  const lines: string[] = []
  const peerCreates = DOCS / peerLoad.seconds
  // The goal is on the memory engine, with the same data on both sides (integer ids).
  const runs = [
    { engine: 'memory', ids: 'integer', goal: true },
    { engine: 'memory', ids: 'Uuid', goal: false },
    { engine: 'durable', ids: 'integer', goal: false },
  ] as const
  /** The goal columns of a row: only the goal run has them. */
  const metOf = (goal: boolean, yes: boolean): { goal?: string; met?: string } => (goal ? { goal: '> DataScript', met: yes ? 'yes' : 'NO' } : {})
  /** The rows of one kind of lookup timed on one engine, in one regime. */
  const report = (kind: Lookup, k: number, label: string, goal: boolean, { ours, peer }: { ours: Latency; peer: Latency | null }): void => {
    const met = (yes: boolean): { goal?: string; met?: string } => metOf(goal, yes)
    const mismatch = ours.results.findIndex((n, i) => n !== peer!.results[i])
    if (mismatch >= 0) throw new Error(`eavstore bench: ${kind.name} #${mismatch}: foundkit found ${ours.results[mismatch]} ids, DataScript ${peer!.results[mismatch]}`)
    const ratio = ours.perSecond / peer!.perSecond
    rows.push({ workload: `eavstore ${kind.name}, lookups/s, ${label}`, ours: ours.perSecond, peerName: `DataScript ${peerWay[k]!.way}`, peer: peer!.perSecond, ...met(ratio > 1) })
    // The mean counts the tail (collector pauses land on either side); the median is the typical lookup.
    const p50Ratio = peer!.p50 / ours.p50
    rows.push({ workload: `eavstore ${kind.name}, 1000 / p50 ms, ${label}`, ours: 1000 / ours.p50, peerName: `DataScript ${peerWay[k]!.way}`, peer: 1000 / peer!.p50, ...met(p50Ratio > 1) })
    lines.push(`| ${kind.name}, lookups/s | ${label} | ${fmt(ours.perSecond)} | ${fmt(peer!.perSecond)} (${peerWay[k]!.way}) | ${fmtRatio(ratio)} | ${ms(ours.p50)} / ${ms(ours.p99)} | ${ms(peer!.p50)} / ${ms(peer!.p99)} | ${fmtRatio(p50Ratio)} |`)
  }
  for (const { engine, ids, goal } of runs) {
    const dir = engine === 'durable' ? tempDir('eavstore') : null
    const db = await core.open(dir === null ? {} : { path: dir.path })
    const label = `${engine}, ${ids} ids`
    const met = (yes: boolean): { goal?: string; met?: string } => metOf(goal, yes)
    try {
      const store = eavstore.make('bench', ['bench', 'eav'])
      progress(`eavstore: loading on ${label}`)
      gc()
      const seconds = await loadEavstore(built, db, store, docs, ids)
      const creates = DOCS / seconds
      const warmStore = eavstore.make('warm-up', ['bench', 'eav-warm-up'])
      await loadEavstore(built, db, warmStore, warmDocs, ids, WARM_SCALE)
      rows.push({ workload: `eavstore create (docs/s, ${DOCS_PER_TX} per tx), ${label}`, ours: creates, peerName: 'DataScript transact', peer: peerCreates, ...met(creates > peerCreates) })
      lines.push(`| create, docs/s | ${label} | ${fmt(creates)} | ${fmt(peerCreates)} (transact) | ${fmtRatio(creates / peerCreates)} | | | |`)
      for (const [k, kind] of kinds.entries()) {
        const warmSet = warmSetKinds[k]!
        const warm = warmKinds[k]!
        const ours = (i: number): Promise<number> => countIds(db, store, kind.conditions(i))
        const peer = (i: number): number => peerWay[k]!.fn(peerDb, i)
        const peerOn = (lookup: Lookup, on: unknown) => (i: number): number => (peerWay[k]!.fn === kind.index ? lookup.index(on, i) : lookup.datalog(on, i))
        // Cold data: the measured data set read by the timed lookups only (the JIT warmed on the warm-up set).
        progress(`eavstore: ${kind.name} on ${label}, cold data`)
        report(kind, k, `${label}, cold data`, goal, await timeLookups(ours, peer, (i) => countIds(db, warmStore, warmSet.conditions(i)), peerOn(warmSet, peerWarmDb)))
        // Re-read: warm-up lookups on the measured data set itself, then the same timed lookups again.
        progress(`eavstore: ${kind.name} on ${label}, re-read`)
        report(kind, k, `${label}, re-read`, goal, await timeLookups(ours, peer, (i) => countIds(db, store, warm.conditions(i)), peerOn(warm, peerDb)))
      }
    } finally {
      await db.close()
      dir?.remove()
    }
  }
  console.log(`\n### eavstore vs DataScript (${DOCS.toLocaleString('en-US')} documents × 8 attributes, ${LOOKUPS} lookups per kind after ${WARMUP.toLocaleString('en-US')} to warm up: cold data after a warm-up on a data set of its own (${warmDocs.length.toLocaleString('en-US')} documents), re-read after a warm-up on the measured data set; Node ${process.version})\n`)
  console.log('| workload | engine | foundkit | DataScript | ratio (mean) | foundkit p50 / p99 ms | DataScript p50 / p99 ms | ratio (p50) |')
  console.log('|---|---|---:|---:|---:|---:|---:|---:|')
  for (const line of lines) console.log(line)
  console.log('')
  return rows
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (isBuiltChild) printRows(await measureAll())
  else await benchEavstore()
}
