/**
 * Reading postings for one query clause: a range scan per (term, field) of
 * its posting blocks (an AND query's candidates so far filter what is kept);
 * phrase clauses check positions.
 *
 * @module
 */
import { query, type Transaction } from '@foundkit/core'
import { decodePosting, eachBlockEntry, postingHead } from './codec.js'
import type { Clause } from './query-parser.js'
import type { Internals } from './store.js'

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

/**
 * A document as search handles it: its packed docId as a latin1 string
 * (compared as strings, these sort in tuple order; no docId is decoded
 * until a document makes the results).
 */
export type DocKey = string

/** A document's score so far and what matched. */
export interface DocHits {
  readonly key: DocKey
  readonly score: number
  readonly hits: Hit[]
}

/** The documents a clause matched. */
export type ClauseHits = Map<DocKey, DocHits>

/** Scores one posting: field statistics, document frequency, frequency, field length. */
export type PostingScorer = (stats: FieldStats, documentFrequency: number, frequency: number, length: number) => number

/**
 * Calls `visit(key, posting)` for each posting of (term, field), among
 * `restrict`'s documents when given: one range scan of the term's blocks.
 */
export async function eachPosting(
  tx: Transaction,
  ix: Internals,
  term: string,
  field: number,
  restrict: ClauseHits | null,
  visit: (key: DocKey, value: Uint8Array) => void,
): Promise<void> {
  const { begin, end } = ix.postings.range([term, field])
  const keep = restrict === null ? visit : (key: DocKey, value: Uint8Array): void => void (restrict.has(key) && visit(key, value))
  for await (const batch of query(tx, begin, end, { mode: 'want_all' }).byPackedBatch()) {
    for (let i = 0; i < batch.length; i++) eachBlockEntry(batch.value(i), keep)
  }
}

function credit(out: ClauseHits, key: DocKey, score: number, hit: Hit): void {
  const entry = out.get(key)
  if (entry === undefined) out.set(key, { key, score, hits: [hit] })
  else {
    out.set(key, { key, score: entry.score + score, hits: entry.hits })
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
      await eachPosting(tx, ix, term, s.field, restrict, (key, value) => {
        const { length, frequency } = postingHead(value)
        credit(out, key, weight * scoreOf(s, df, frequency, length), hit)
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
  const found = new Map<DocKey, Array<{ positions: Set<number>; frequency: number; length: number }>>()
  let candidates: ClauseHits | null = restrict
  for (const i of order) {
    const seen: ClauseHits = new Map()
    await eachPosting(tx, ix, words[i]!.term, s.field, candidates, (key, value) => {
      const posting = decodePosting(value)
      let slots = found.get(key)
      if (slots === undefined) found.set(key, (slots = []))
      slots[i] = { positions: new Set(posting.positions), frequency: posting.frequency, length: posting.length }
      seen.set(key, { key: key, score: 0, hits: [] })
    })
    candidates = seen
    if (seen.size === 0) return
  }
  for (const key of candidates!.keys()) {
    const slots = found.get(key)!
    const first = slots[0]!
    const consecutive = [...first.positions].some((p) => slots.every((slot, i) => slot.positions.has(p + i)))
    if (!consecutive) continue
    words.forEach(({ term }, i) => credit(out, key, scoreOf(s, dfs[i]!, slots[i]!.frequency, slots[i]!.length), { term, field: s.field }))
  }
}
