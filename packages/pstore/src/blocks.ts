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
import { CHUNK_BYTES, blockEntryLength, eachBlockEntry, encodeBlock, type BlockEntry, type FieldRecord } from './codec.js'
import type { Internals } from './store.js'

/** The postings of one write, gathered in memory and written as blocks at the end. @internal */
export class BlockWriter {
  /** The block this write's postings go to (drawn per write: a re-run of a body draws a new one). */
  readonly block: Uuid = Uuid.random()
  /** Its text, as document records keep it. */
  readonly blockText: string = this.block.toString()
  /** field → term → the entries added, with the number of the document they came from. */
  readonly #postings = new Map<number, Map<string, Array<{ entry: BlockEntry; doc: number }>>>()
  /** The documents added, numbered in order: latin1 docKey → number (the latest, for a repeated docId). */
  readonly #docs = new Map<string, number>()
  /** Numbers of documents dropped again (a docId repeated in one batch: the last text wins). */
  readonly #dropped = new Set<number>()
  #current = -1
  #currentKey: Buffer | null = null

  /** Adds a document's posting of (term, field); a document's postings are added one after another. */
  add(field: number, term: string, docKey: Buffer, posting: Uint8Array): void {
    if (docKey !== this.#currentKey) {
      this.#currentKey = docKey
      this.#current = this.#docs.size + this.#dropped.size
      this.#docs.set(docKey.toString('latin1'), this.#current)
    }
    let terms = this.#postings.get(field)
    if (terms === undefined) this.#postings.set(field, (terms = new Map()))
    let entries = terms.get(term)
    if (entries === undefined) terms.set(term, (entries = []))
    entries.push({ entry: [docKey, posting], doc: this.#current })
  }

  /** Forgets a document added to this write (a docId repeated in one batch: the last text wins). */
  drop(docKey: Buffer): void {
    const key = docKey.toString('latin1')
    const doc = this.#docs.get(key)
    if (doc === undefined) return
    this.#docs.delete(key)
    this.#dropped.add(doc)
    if (doc === this.#current) this.#currentKey = null
  }

  /** Writes the blocks: per (term, field), its documents' entries in parts of at most CHUNK_BYTES. */
  write(tx: Transaction, ix: Internals): void {
    for (const [field, terms] of this.#postings) {
      for (const [term, added] of terms) {
        const entries = this.#dropped.size === 0 ? added.map((a) => a.entry) : added.filter((a) => !this.#dropped.has(a.doc)).map((a) => a.entry)
        if (entries.length > 0) writeParts(tx, ix, term, field, this.block, entries)
      }
    }
    this.#postings.clear()
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
