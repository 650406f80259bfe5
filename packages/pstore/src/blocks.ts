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
  /** field → term → the postings added and the numbers of the documents they came from (parallel arrays). */
  readonly #postings = new Map<number, Map<string, { postings: Uint8Array[]; docs: number[] }>>()
  /** The packed docIds of the documents added, by number (in order). */
  readonly #docKeys: Buffer[] = []
  /** latin1 docKey → the number of its latest document (a docId repeated in one batch: the last text wins). */
  readonly #latest = new Map<string, number>()
  /** Numbers of documents dropped again. */
  readonly #dropped = new Set<number>()

  /** Adds a document's posting of (term, field); a document's postings are added one after another. */
  add(field: number, term: string, docKey: Buffer, posting: Uint8Array): void {
    let doc = this.#docKeys.length - 1
    if (this.#docKeys[doc] !== docKey) {
      doc = this.#docKeys.push(docKey) - 1
      this.#latest.set(docKey.toString('latin1'), doc)
    }
    let terms = this.#postings.get(field)
    if (terms === undefined) this.#postings.set(field, (terms = new Map()))
    const added = terms.get(term)
    if (added === undefined) terms.set(term, { postings: [posting], docs: [doc] })
    else {
      added.postings.push(posting)
      added.docs.push(doc)
    }
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
    for (const [field, terms] of this.#postings) {
      for (const [term, { postings, docs }] of terms) {
        const entries: BlockEntry[] = []
        for (let i = 0; i < docs.length; i++) if (!this.#dropped.has(docs[i]!)) entries.push([this.#docKeys[docs[i]!]!, postings[i]!])
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
