/**
 * Reading postings for one query clause: a range scan per (term, field), or
 * point reads when an AND query has already narrowed the candidates to a few
 * documents; phrase clauses check positions.
 *
 * @module
 */
import { getMany, pack, query, unpack, type Transaction } from '@foundkit/core'
import { decodePosting, postingHead } from './codec.js'
import type { Clause } from './query-parser.js'
import type { DocId, Internals } from './store.js'

/** A term a clause stands for, and the weight of its score. */
export interface Expansion {
  readonly term: string
  readonly weight: number
}

/** A searched field's boost and statistics. */
export interface FieldStats {
  readonly field: number
  readonly boost: number
  /** Documents with this field. */
  readonly documents: number
  /** Their average length in terms. */
  readonly averageLength: number
}

/** A term that matched, in a field. */
export interface Hit {
  readonly term: string
  readonly field: number
}

/** A document's score so far and what matched. */
export interface DocHits {
  readonly docId: DocId
  readonly score: number
  readonly hits: Hit[]
}

/** The documents a clause matched. */
export type ClauseHits = Map<DocId, DocHits>

/** Scores one posting: field statistics, document frequency, frequency, field length. */
export type PostingScorer = (stats: FieldStats, documentFrequency: number, frequency: number, length: number) => number

/** Point reads beat a scan when there are this many times fewer candidates than postings. */
const POINT_READ_RATIO = 8

/** Calls `visit(docId, value)` for each posting of (term, field), among `restrict`'s documents when given. */
async function eachPosting(
  tx: Transaction,
  ix: Internals,
  term: string,
  field: number,
  frequency: number,
  restrict: ClauseHits | null,
  visit: (docId: DocId, value: Uint8Array) => void,
): Promise<void> {
  const prefix = ix.postings.pack([term, field])
  if (restrict !== null && restrict.size * POINT_READ_RATIO < frequency) {
    const docIds = [...restrict.keys()]
    const values = await getMany(tx, docIds.map((docId) => Buffer.concat([prefix, pack([docId])])))
    values.forEach((value, i) => value !== null && visit(docIds[i]!, value))
    return
  }
  const { begin, end } = ix.postings.range([term, field])
  for await (const batch of query(tx, begin, end, { mode: 'want_all' }).byPackedBatch()) {
    for (let i = 0; i < batch.length; i++) {
      const docId = unpack(batch.key(i).subarray(prefix.length))[0] as DocId
      if (restrict === null || restrict.has(docId)) visit(docId, batch.value(i))
    }
  }
}

function credit(out: ClauseHits, docId: DocId, score: number, hit: Hit): void {
  const entry = out.get(docId)
  if (entry === undefined) out.set(docId, { docId, score, hits: [hit] })
  else {
    out.set(docId, { docId, score: entry.score + score, hits: entry.hits })
    entry.hits.push(hit)
  }
}

/**
 * The documents that `clause` matches, with the clause's score in each.
 * `restrict` (an AND query's candidates so far, or the results an exclusion
 * may remove) limits the documents considered.
 */
export async function clauseHits(
  tx: Transaction,
  ix: Internals,
  clause: Clause,
  expansions: readonly Expansion[],
  stats: readonly FieldStats[],
  frequencies: ReadonlyMap<string, ReadonlyMap<number, number>>,
  restrict: ClauseHits | null,
  scoreOf: PostingScorer,
): Promise<ClauseHits> {
  const out: ClauseHits = new Map()
  if (clause.kind === 'phrase') {
    for (const s of stats) await phraseInField(tx, ix, expansions, s, frequencies, restrict, scoreOf, out)
    return out
  }
  for (const { term, weight } of expansions) {
    for (const s of stats) {
      const df = frequencies.get(term)?.get(s.field) ?? 0
      if (df === 0) continue
      const hit: Hit = { term, field: s.field }
      await eachPosting(tx, ix, term, s.field, df, restrict, (docId, value) => {
        const { length, frequency } = postingHead(value)
        credit(out, docId, weight * scoreOf(s, df, frequency, length), hit)
      })
    }
  }
  return out
}

/** Adds to `out` the documents where the phrase's terms are consecutive in field `s`. */
async function phraseInField(
  tx: Transaction,
  ix: Internals,
  words: readonly Expansion[],
  s: FieldStats,
  frequencies: ReadonlyMap<string, ReadonlyMap<number, number>>,
  restrict: ClauseHits | null,
  scoreOf: PostingScorer,
  out: ClauseHits,
): Promise<void> {
  const dfs = words.map(({ term }) => frequencies.get(term)?.get(s.field) ?? 0)
  if (dfs.some((df) => df === 0)) return
  // Read the rarest word first; each next word only among the documents that still qualify.
  const order = words.map((_, i) => i).sort((a, b) => dfs[a]! - dfs[b]!)
  const found = new Map<DocId, Array<{ positions: Set<number>; frequency: number; length: number }>>()
  let candidates: ClauseHits | null = restrict
  for (const i of order) {
    const seen: ClauseHits = new Map()
    await eachPosting(tx, ix, words[i]!.term, s.field, dfs[i]!, candidates, (docId, value) => {
      const posting = decodePosting(value)
      let slots = found.get(docId)
      if (slots === undefined) found.set(docId, (slots = []))
      slots[i] = { positions: new Set(posting.positions), frequency: posting.frequency, length: posting.length }
      seen.set(docId, { docId, score: 0, hits: [] })
    })
    candidates = seen
    if (seen.size === 0) return
  }
  for (const docId of candidates!.keys()) {
    const slots = found.get(docId)!
    const first = slots[0]!
    const consecutive = [...first.positions].some((p) => slots.every((slot, i) => slot.positions.has(p + i)))
    if (!consecutive) continue
    words.forEach(({ term }, i) => credit(out, docId, scoreOf(s, dfs[i]!, slots[i]!.frequency, slots[i]!.length), { term, field: s.field }))
  }
}
