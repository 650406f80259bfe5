/**
 * The term dictionary (`S + (2, term, f) → document frequency`): document
 * frequencies for scoring, and the term lookups behind prefix queries, fuzzy
 * matching and `suggest`, all by range scans of the dictionary, never of
 * documents.
 *
 * @module
 */
import { query, type Transaction } from '@foundkit/core'
import { distance } from 'fastest-levenshtein'
import { readCounter } from './codec.js'
import type { Internals } from './store.js'

/** A term's document frequency per field number. */
export type FieldFrequencies = Map<number, number>

/** The document frequencies of `term`, per field (empty when it is not indexed). */
export async function frequencies(tx: Transaction, ix: Internals, term: string): Promise<FieldFrequencies> {
  const out: FieldFrequencies = new Map()
  const { begin, end } = ix.terms.range([term])
  for await (const [key, value] of query(tx, begin, end)) out.set(ix.terms.unpack(key)[1] as number, readCounter(value))
  return out
}

/** The byte range of dictionary keys whose term starts with `prefix` (the tuple string code without its terminator). */
function prefixRange(ix: Internals, prefix: string): { begin: Uint8Array; end: Uint8Array } {
  const packed = ix.terms.pack([prefix])
  const begin = packed.subarray(0, packed.length - 1)
  return { begin, end: Buffer.concat([begin, Buffer.from([0xff])]) }
}

/**
 * Calls `visit(term, frequency)` for every dictionary term in `range` with
 * its total document frequency (over all fields), in term order.
 */
async function eachTerm(tx: Transaction, ix: Internals, range: { begin: Uint8Array; end: Uint8Array }, visit: (term: string, frequency: number) => void): Promise<void> {
  let current: string | null = null
  let total = 0
  for await (const [key, value] of query(tx, range.begin, range.end)) {
    const term = ix.terms.unpack(key)[0] as string
    if (term !== current) {
      if (current !== null) visit(current, total)
      current = term
      total = 0
    }
    total += readCounter(value)
  }
  if (current !== null) visit(current, total)
}

/** Keeps the `limit` most frequent terms (ties: term order). */
function mostFrequent(found: Array<[string, number]>, limit: number): Array<[string, number]> {
  return found.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, limit)
}

/** The `limit` most frequent indexed terms starting with `prefix`, with their document frequency. */
export async function termsWithPrefix(tx: Transaction, ix: Internals, prefix: string, limit: number): Promise<Array<[string, number]>> {
  const found: Array<[string, number]> = []
  await eachTerm(tx, ix, prefixRange(ix, prefix), (term, frequency) => found.push([term, frequency]))
  return mostFrequent(found, limit)
}

/**
 * The indexed terms within edit distance `maxDistance` of `term` (the term
 * itself excluded), the `limit` most frequent. Scans the whole dictionary
 * (one range read; cost grows with the vocabulary, not the documents).
 */
export async function termsNear(tx: Transaction, ix: Internals, term: string, maxDistance: number, limit: number): Promise<Array<[string, number]>> {
  const found: Array<[string, number]> = []
  await eachTerm(tx, ix, ix.terms.range(), (candidate, frequency) => {
    if (candidate === term || Math.abs(candidate.length - term.length) > maxDistance) return
    if (distance(candidate, term) <= maxDistance) found.push([candidate, frequency])
  })
  return mostFrequent(found, limit)
}
