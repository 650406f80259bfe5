/**
 * The eavstore bench's tags lookups (≈ 1,000 ids each) with nothing in the
 * CPU's caches: is the cold-data gap (#15) the engine's layout of leaves, or
 * memory any store finds cold? Not a suite of `pnpm bench` (no goal row): a
 * measurement for the engine's next layout (docs/performance.md, eavstore).
 *
 * One process, built packages (dist/): the bench's 100,000 documents in
 * eavstore (memory engine, integer ids) and in DataScript; 3,000 warm-up
 * lookups per side on a data set of their own (JIT); then every other tag
 * read twice (until session 13 that packed its leaves: the halves show
 * whether an earlier read still matters); then each tag looked up once, on
 * both sides, each lookup after a sweep over a 256 MiB Buffer (one read per
 * 64 bytes), which leaves nothing of either store in the caches. Prints p50
 * / p25 ms: foundkit on tags read before, on tags never read, DataScript;
 * then again with no sweep.
 *
 * Run: `node --expose-gc --import tsx bench/eavstore-cold-cache.ts` (about 2 minutes).
 */
import { createRequire } from 'node:module'
import type * as EavApi from '../packages/eavstore/src/index.js'
import { loadDataScript, loadEavstore, makeDocs } from './eavstore.js'
import { gc } from './peers/harness.js'
import { loadBuilt } from './peers/built.js'

const ds = createRequire(import.meta.url)('datascript') as { datoms(db: unknown, index: string, ...components: unknown[]): unknown[] }
const TAGS = 200
const SWEEP = Buffer.alloc(256 << 20, 1)
let swept = 0

/** Reads one byte per cache line of 256 MiB: afterwards nothing else is in the CPU's caches. */
function sweep(): void {
  for (let i = 0; i < SWEEP.length; i += 64) swept += SWEEP[i]!
}

const built = await loadBuilt<typeof EavApi>('eavstore')
const { core, layer: eavstore } = built
const docs = makeDocs(100_000)
const warmDocs = makeDocs(10_000, 10, 25)
const db = await core.open({})
const store = eavstore.make('bench', ['bench', 'eav'])
const warmStore = eavstore.make('warm-up', ['bench', 'eav-warm-up'])
await loadEavstore(built, db, store, docs, 'integer')
await loadEavstore(built, db, warmStore, warmDocs, 'integer')
const peer = loadDataScript(docs).db
const peerWarm = loadDataScript(warmDocs).db

const ours = async (on: EavApi.EavStore, tag: string): Promise<number> => (await eavstore.query(db, on, { tags: tag }).toArray()).length
const theirs = (on: unknown, tag: string): number => ds.datoms(on, ':avet', 'tags', tag).length
for (let i = 0; i < 3000; i++) {
  const tag = `tag-${i % (TAGS / 10)}`
  if ((await ours(warmStore, tag)) !== theirs(peerWarm, tag)) throw new Error(`warm-up: ${tag}: the two sides disagree`)
}
for (let t = 0; t < TAGS; t += 2) for (let twice = 0; twice < 2; twice++) await ours(store, `tag-${t}`)
gc()

const p = (xs: number[], q: number): string => xs.sort((a, b) => a - b)[Math.floor(q * xs.length)]!.toFixed(3)
for (const flush of [true, false]) {
  const readBefore: number[] = []
  const neverRead: number[] = []
  const peerTimes: number[] = []
  for (let t = 0; t < TAGS; t++) {
    const tag = `tag-${t}`
    if (flush) sweep()
    let start = performance.now()
    const found = await ours(store, tag)
    ;(t % 2 === 0 ? readBefore : neverRead).push(performance.now() - start)
    if (flush) sweep()
    start = performance.now()
    const peerFound = theirs(peer, tag)
    peerTimes.push(performance.now() - start)
    if (found !== peerFound) throw new Error(`${tag}: foundkit found ${found} ids, DataScript ${peerFound}`)
  }
  const how = flush ? 'caches flushed' : 'not flushed (second reads)'
  console.log(`tags lookups, ${how}: p50 / p25 ms`)
  console.log(`  foundkit, tags read before:  ${p(readBefore, 0.5)} / ${p(readBefore, 0.25)}`)
  console.log(`  foundkit, tags never read:   ${p(neverRead, 0.5)} / ${p(neverRead, 0.25)}`)
  console.log(`  DataScript datoms:           ${p(peerTimes, 0.5)} / ${p(peerTimes, 0.25)}`)
}
await db.close()
if (swept === 0) console.log('(sweep read nothing)')
