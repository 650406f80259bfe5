/**
 * A field's postings, built straight from its term ids: the distinct terms in
 * order of first occurrence and, for each, its posting (the bytes
 * {@link encodePosting} gives) in one shared byte array. Indexing makes one
 * posting per (term, document); building them in place, with scratch arrays
 * reused from one field to the next, keeps the collector out of the way (no
 * map, position array or buffer per term).
 *
 * @module
 */
import { varintLength, writeVarint } from './codec.js'
import type { Analyzer } from './analyzer.js'

/** One field of a document, analyzed. @internal */
export interface AnalyzedField {
  /** The field's number. */
  readonly field: number
  /** Its length in terms. */
  readonly length: number
  /** Its distinct terms, in order of first occurrence. */
  readonly terms: readonly string[]
  /** Their postings, one after another: the i-th term's ends at `ends[i]` (and starts where the previous one ends). */
  readonly postings: Uint8Array
  readonly ends: Int32Array
  /** The text, kept for highlighting (null from found's `index`). */
  readonly text: string | null
}

/** Scratch arrays reused by every call (calls are synchronous, so they never overlap). */
let seen = new Int32Array(1024) // term id → the call that last saw it
let slotOfId = new Int32Array(1024) // term id → its slot (distinct term number) in that call
let idOfSlot = new Int32Array(256)
let counts = new Int32Array(256)
let at = new Int32Array(256) // per slot: its size, then where its next byte goes
let last = new Int32Array(256) // per slot: its previous position
let call = 0

/** `array`, or a copy at least `size` long (at least twice as long) when it is shorter. @internal */
export function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  if (array.length >= size) return array
  const bigger = new Int32Array(Math.max(size, array.length * 2))
  bigger.set(array)
  return bigger
}

/** Analyzes `text` as field `field`: its terms, their positions and frequencies, as postings. @internal */
export function analyzeField(analyzer: Analyzer, field: number, text: string): AnalyzedField {
  const { ids, count: length } = analyzer.termIds(text)
  if (++call === 0x40000000) {
    seen.fill(0)
    call = 1
  }
  seen = grown(seen, analyzer.idCount)
  slotOfId = grown(slotOfId, analyzer.idCount)
  // Distinct terms get slots in order of first occurrence; `ids` then holds slots.
  let distinct = 0
  for (let p = 0; p < length; p++) {
    const id = ids[p]!
    if (seen[id] !== call) {
      seen[id] = call
      slotOfId[id] = distinct
      if (distinct === idOfSlot.length) {
        idOfSlot = grown(idOfSlot, distinct + 1)
        counts = grown(counts, distinct + 1)
      }
      idOfSlot[distinct] = id
      counts[distinct++] = 0
    }
    const slot = slotOfId[id]!
    counts[slot] = counts[slot]! + 1
    ids[p] = slot
  }
  at = grown(at, distinct)
  last = grown(last, distinct)
  // Sizes: length, frequency, then each position as the gap to the previous one.
  const head = varintLength(length)
  for (let s = 0; s < distinct; s++) {
    at[s] = head + varintLength(counts[s]!)
    last[s] = 0
  }
  for (let p = 0; p < length; p++) {
    const s = ids[p]!
    at[s] = at[s]! + (p - last[s]! < 0x80 ? 1 : varintLength(p - last[s]!))
    last[s] = p
  }
  const ends = new Int32Array(distinct)
  const terms = new Array<string>(distinct)
  let total = 0
  for (let s = 0; s < distinct; s++) {
    const start = total
    total += at[s]!
    ends[s] = total
    terms[s] = analyzer.termOfId(idOfSlot[s]!)
    at[s] = start
    last[s] = 0
  }
  const postings = new Uint8Array(total)
  for (let s = 0; s < distinct; s++) at[s] = writeVarint(postings, writeVarint(postings, at[s]!, length), counts[s]!)
  for (let p = 0; p < length; p++) {
    const s = ids[p]!
    at[s] = writeVarint(postings, at[s]!, p - last[s]!)
    last[s] = p
  }
  return { field, length, terms, postings, ends, text }
}

/** A field from term counts, without positions (found's `index`). @internal */
export function countedField(field: number, counter: ReadonlyMap<string, number>): AnalyzedField {
  let length = 0
  for (const count of counter.values()) length += count
  const terms = [...counter.keys()]
  const ends = new Int32Array(terms.length)
  let total = 0
  terms.forEach((term, i) => (ends[i] = total += varintLength(length) + varintLength(counter.get(term)!)))
  const postings = new Uint8Array(total)
  let offset = 0
  for (const term of terms) offset = writeVarint(postings, writeVarint(postings, offset, length), counter.get(term)!)
  return { field, length, terms, postings, ends, text: null }
}
