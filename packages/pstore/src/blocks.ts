/**
 * Posting blocks: the postings that one write (an `add`, an `addMany` batch,
 * an eavstore operation) makes are grouped per (term, field) into one value,
 * keyed `(1, term, f, block, part)` with a random `block` Uuid per write, so a
 * batch of documents writes one key per distinct term instead of one per
 * (term, document), and writers of different documents never write the same
 * key (they draw different blocks). A document's record names its block;
 * removing the document rewrites the block's (term, field) values without it.
 *
 * @module
 */
import { Uuid, clear, query, set, type Transaction } from '@foundkit/core'
import { CHUNK_BYTES, blockEntryLength, eachBlockEntry, encodeBlock, entryLength, writeVarint, type BlockEntry, type FieldRecord } from './codec.js'
import { grown, type AnalyzedField } from './field-postings.js'
import type { Internals } from './store.js'

/**
 * The postings of one write, gathered in memory and written as blocks at the
 * end. Each (term, field) of the write gets a slot; a slot's postings are a
 * chain of entries (which added field, and where its posting lies in that
 * field's posting bytes), kept in typed arrays so that a posting costs no
 * allocation. @internal
 */
export class BlockWriter {
  /** The block this write's postings go to (drawn per write: a re-run of a body draws a new one). */
  readonly block: Uuid = Uuid.random()
  /** Its text, as document records keep it. */
  readonly blockText: string = this.block.toString()
  /** field → term → its slot. */
  readonly #slots = new Map<number, Map<string, number>>()
  readonly #slotTerms: string[] = []
  readonly #slotFields: number[] = []
  /** Per slot: its first and last entries (-1: none yet), and how many postings it was given. */
  #heads = new Int32Array(256)
  #tails = new Int32Array(256)
  #added = new Int32Array(256)
  /** Per entry: its source (an added field), where its posting starts and ends in the source's bytes, the slot's next entry. */
  #entrySources = new Int32Array(256)
  #entryStarts = new Int32Array(256)
  #entryEnds = new Int32Array(256)
  #entryNext = new Int32Array(256)
  #entries = 0
  /** Per source: its posting bytes and its document's number. */
  readonly #sourceBytes: Uint8Array[] = []
  readonly #sourceDocs: number[] = []
  /** The packed docIds of the documents added, by number (in order). */
  readonly #docKeys: Buffer[] = []
  /** latin1 docKey → the number of its latest document (a docId repeated in one batch: the last text wins). */
  readonly #latest = new Map<string, number>()
  /** Numbers of documents dropped again. */
  readonly #dropped = new Set<number>()

  /** Adds the postings of a document's field; a document's fields are added one after another. */
  addField(docKey: Buffer, { field, terms, postings, ends }: AnalyzedField): void {
    let doc = this.#docKeys.length - 1
    if (this.#docKeys[doc] !== docKey) {
      doc = this.#docKeys.push(docKey) - 1
      this.#latest.set(docKey.toString('latin1'), doc)
    }
    const source = this.#sourceBytes.push(postings) - 1
    this.#sourceDocs.push(doc)
    let slots = this.#slots.get(field)
    if (slots === undefined) this.#slots.set(field, (slots = new Map()))
    if (this.#entries + terms.length > this.#entryNext.length) this.#growEntries(this.#entries + terms.length)
    let start = 0
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!
      let slot = slots.get(term)
      if (slot === undefined) slot = this.#newSlot(slots, term, field)
      const entry = this.#entries++
      this.#entrySources[entry] = source
      this.#entryStarts[entry] = start
      this.#entryEnds[entry] = start = ends[i]!
      this.#entryNext[entry] = -1
      if (this.#heads[slot] === -1) this.#heads[slot] = entry
      else this.#entryNext[this.#tails[slot]!] = entry
      this.#tails[slot] = entry
      this.#added[slot] = this.#added[slot]! + 1
    }
  }

  #newSlot(slots: Map<string, number>, term: string, field: number): number {
    const slot = this.#slotTerms.push(term) - 1
    this.#slotFields.push(field)
    slots.set(term, slot)
    if (slot === this.#heads.length) {
      this.#heads = grown(this.#heads, slot + 1)
      this.#tails = grown(this.#tails, slot + 1)
      this.#added = grown(this.#added, slot + 1)
    }
    this.#heads[slot] = -1
    this.#added[slot] = 0
    return slot
  }

  #growEntries(size: number): void {
    this.#entrySources = grown(this.#entrySources, size)
    this.#entryStarts = grown(this.#entryStarts, size)
    this.#entryEnds = grown(this.#entryEnds, size)
    this.#entryNext = grown(this.#entryNext, size)
  }

  /** Calls `visit(field, term, postings)` for every (term, field) given postings (dropped documents' included). */
  eachAdded(visit: (field: number, term: string, postings: number) => void): void {
    for (let slot = 0; slot < this.#slotTerms.length; slot++) visit(this.#slotFields[slot]!, this.#slotTerms[slot]!, this.#added[slot]!)
  }

  /** Forgets a document added to this write (a docId repeated in one batch: the last text wins). */
  drop(docKey: Buffer): void {
    const key = docKey.toString('latin1')
    const doc = this.#latest.get(key)
    if (doc === undefined) return
    this.#latest.delete(key)
    this.#dropped.add(doc)
  }

  /** Writes the blocks: per (term, field), its documents' entries in parts of at most CHUNK_BYTES. */
  write(tx: Transaction, ix: Internals): void {
    const entries: BlockEntry[] = []
    for (let slot = 0; slot < this.#slotTerms.length; slot++) {
      let bytes = 0
      for (let e = this.#heads[slot]!; e !== -1; e = this.#entryNext[e]!) {
        const doc = this.#sourceDocs[this.#entrySources[e]!]!
        if (this.#dropped.size > 0 && this.#dropped.has(doc)) continue
        bytes += entryLength(this.#docKeys[doc]!.length, this.#entryEnds[e]! - this.#entryStarts[e]!)
      }
      if (bytes === 0) continue
      const term = this.#slotTerms[slot]!
      const field = this.#slotFields[slot]!
      if (bytes <= CHUNK_BYTES) {
        set(tx, ix.postings.pack([term, field, this.block, 0]), this.#encodeChain(slot, bytes))
        continue
      }
      // Rare (a term in over ~10,000 documents of one write): cut into parts through the general path.
      entries.length = 0
      for (let e = this.#heads[slot]!; e !== -1; e = this.#entryNext[e]!) {
        const doc = this.#sourceDocs[this.#entrySources[e]!]!
        if (!this.#dropped.has(doc)) entries.push([this.#docKeys[doc]!, this.#sourceBytes[this.#entrySources[e]!]!.subarray(this.#entryStarts[e]!, this.#entryEnds[e]!)])
      }
      writeParts(tx, ix, term, field, this.block, entries)
    }
    this.#slots.clear()
    this.#slotTerms.length = 0
    this.#slotFields.length = 0
    this.#entries = 0
  }

  /** A slot's block value ({@link encodeBlock}'s form), `bytes` long, written straight from its chain. */
  #encodeChain(slot: number, bytes: number): Buffer {
    const out = Buffer.allocUnsafe(bytes)
    let at = 0
    for (let e = this.#heads[slot]!; e !== -1; e = this.#entryNext[e]!) {
      const source = this.#entrySources[e]!
      const doc = this.#sourceDocs[source]!
      if (this.#dropped.size > 0 && this.#dropped.has(doc)) continue
      const docKey = this.#docKeys[doc]!
      const start = this.#entryStarts[e]!
      const end = this.#entryEnds[e]!
      at = writeVarint(out, at, docKey.length)
      out.set(docKey, at)
      at = writeVarint(out, at + docKey.length, end - start)
      // Postings are a few bytes: a loop copies them without a subarray view each.
      const bytes = this.#sourceBytes[source]!
      for (let i = start; i < end; i++) out[at++] = bytes[i]!
    }
    return out
  }
}

/** Writes `entries` as the parts of block `block` of (term, field). */
function writeParts(tx: Transaction, ix: Internals, term: string, field: number, block: Uuid, entries: readonly BlockEntry[]): void {
  let part = 0
  let from = 0
  let bytes = 0
  for (let i = 0; i < entries.length; i++) {
    const length = blockEntryLength(entries[i]!)
    if (i > from && bytes + length > CHUNK_BYTES) {
      set(tx, ix.postings.pack([term, field, block, part++]), encodeBlock(entries.slice(from, i)))
      from = i
      bytes = 0
    }
    bytes += length
  }
  set(tx, ix.postings.pack([term, field, block, part]), encodeBlock(entries.slice(from)))
}

/**
 * Removes a document's postings from its block in the database: per (term,
 * field) of its record, reads the block's parts (one range read; all terms
 * concurrently), and rewrites them without the document (or clears them
 * when it was the last). @internal
 */
export async function removeFromBlock(tx: Transaction, ix: Internals, block: Uuid, docKey: Buffer, fields: readonly FieldRecord[]): Promise<void> {
  const key = docKey.toString('latin1')
  const work: Array<Promise<void>> = []
  for (const { field, terms } of fields) {
    for (const term of terms) {
      work.push(
        (async () => {
          const { begin, end } = ix.postings.range([term, field, block])
          const kept: BlockEntry[] = []
          let found = false
          for await (const [, value] of query(tx, begin, end, { mode: 'want_all' })) {
            eachBlockEntry(value, (doc, posting) => {
              if (doc === key) found = true
              else kept.push([Buffer.from(doc, 'latin1'), posting])
            })
          }
          if (!found) return
          clear(tx, begin, end)
          if (kept.length > 0) writeParts(tx, ix, term, field, block, kept)
        })(),
      )
    }
  }
  await Promise.all(work)
}

/** The Uuid of a block named in a record. @internal */
export function blockOf(text: string): Uuid {
  return Uuid.fromString(text)
}
