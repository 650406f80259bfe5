/**
 * Byte formats of pstore's values: postings (varints, positions
 * delta-encoded) and the blocks that hold them, per-document records,
 * counters, and the chunking that keeps every value under FoundationDB's
 * 100,000-byte limit.
 *
 * @module
 */
import { ErrorCode, FoundError } from '@foundkit/core'

/** Values are cut into chunks of at most this many bytes (FoundationDB allows 100,000). */
export const CHUNK_BYTES = 90_000

/** What a posting stores for one (term, field, document). */
export interface Posting {
  /** The field's length in the document (its number of terms), for BM25's length normalisation. */
  readonly length: number
  /** How many times the term occurs in the field. */
  readonly frequency: number
  /** The term's positions in the field, ascending (empty when indexed from counts only). */
  readonly positions: readonly number[]
}

/**
 * A posting value: varint field length, varint frequency, then the positions
 * as varint gaps (first position, then the difference to the previous one).
 */
export function encodePosting(length: number, frequency: number, positions: readonly number[]): Buffer {
  // (Indexing builds a field's postings all at once, in this form, with analyzeField in field-postings.ts.)
  let size = varintLength(length) + varintLength(frequency)
  let previous = 0
  for (const p of positions) {
    size += varintLength(p - previous)
    previous = p
  }
  const out = Buffer.allocUnsafe(size)
  let at = writeVarint(out, writeVarint(out, 0, length), frequency)
  previous = 0
  for (const p of positions) {
    at = writeVarint(out, at, p - previous)
    previous = p
  }
  return out
}

/** Reads a varint at `state.at`, advancing it. */
function readVarint(bytes: Uint8Array, state: { at: number }): number {
  let n = 0
  let scale = 1
  for (;;) {
    if (state.at >= bytes.length) throw new FoundError(ErrorCode.corruptData, 'pstore: truncated varint in a posting')
    const b = bytes[state.at++]!
    n += (b & 0x7f) * scale
    if (b < 0x80) return n
    scale *= 0x80
  }
}

/** The length and frequency of a posting, without decoding its positions (all that scoring needs). */
export function postingHead(bytes: Uint8Array): { length: number; frequency: number; at: number } {
  const state = { at: 0 }
  const length = readVarint(bytes, state)
  const frequency = readVarint(bytes, state)
  return { length, frequency, at: state.at }
}

/** Decodes a whole posting. */
export function decodePosting(bytes: Uint8Array): Posting {
  const state = { at: 0 }
  const length = readVarint(bytes, state)
  const frequency = readVarint(bytes, state)
  const positions: number[] = []
  let previous = 0
  while (state.at < bytes.length) {
    previous += readVarint(bytes, state)
    positions.push(previous)
  }
  return { length, frequency, positions }
}

/** What a document record keeps for one field: enough to remove its postings and statistics. */
export interface FieldRecord {
  /** The field's number (its index in the store's `fields`). */
  readonly field: number
  /** The field's length in terms. */
  readonly length: number
  /** The field's distinct terms. */
  readonly terms: readonly string[]
}

/** A document record: the posting block its postings are in, and its fields. */
export interface DocumentRecord {
  /** The block (a Uuid's text) holding the document's postings, in every (term, field). */
  readonly block: string
  readonly fields: readonly FieldRecord[]
}

/** A document record as bytes (JSON: `[block, [[field, length, [terms...]], ...]]`). */
export function encodeRecord(record: DocumentRecord): Buffer {
  return Buffer.from(JSON.stringify([record.block, record.fields.map((f) => [f.field, f.length, f.terms])]))
}

/** Decodes a document record, checking its shape. */
export function decodeRecord(bytes: Uint8Array, what: string): DocumentRecord {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'))
  } catch {
    parsed = null
  }
  const bad = (): FoundError => new FoundError(ErrorCode.corruptData, `${what}: a document record is not valid`)
  if (!Array.isArray(parsed) || typeof parsed[0] !== 'string' || !Array.isArray(parsed[1])) throw bad()
  const fields = (parsed[1] as unknown[]).map((entry: unknown) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'number' || typeof entry[1] !== 'number' || !Array.isArray(entry[2])) throw bad()
    return { field: entry[0], length: entry[1], terms: entry[2] as string[] }
  })
  return { block: parsed[0], fields }
}

/** The byte length of `n` as a varint. @internal */
export function varintLength(n: number): number {
  let length = 1
  while (n >= 0x80) {
    n = Math.floor(n / 0x80)
    length++
  }
  return length
}

/** Writes `n` as a varint into `out` at `at`; returns the next offset. @internal */
export function writeVarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    out[at++] = (n % 0x80) | 0x80
    n = Math.floor(n / 0x80)
  }
  out[at++] = n
  return at
}

/** One document's entry in a block: its packed docId and its posting. */
export type BlockEntry = readonly [docKey: Uint8Array, posting: Uint8Array]

/** The bytes an entry takes in a block. */
export function blockEntryLength([docKey, posting]: BlockEntry): number {
  return entryLength(docKey.length, posting.length)
}

/** The bytes an entry of a `docKeyLength`-byte docKey and a `postingLength`-byte posting takes in a block. @internal */
export function entryLength(docKeyLength: number, postingLength: number): number {
  return varintLength(docKeyLength) + docKeyLength + varintLength(postingLength) + postingLength
}

/**
 * A block value: per document, varint docKey length, the packed docId,
 * varint posting length, the posting ({@link encodePosting}).
 */
export function encodeBlock(entries: readonly BlockEntry[]): Buffer {
  let total = 0
  for (const entry of entries) total += blockEntryLength(entry)
  const out = Buffer.allocUnsafe(total)
  let at = 0
  for (const [docKey, posting] of entries) {
    at = writeVarint(out, at, docKey.length)
    out.set(docKey, at)
    at = writeVarint(out, at + docKey.length, posting.length)
    out.set(posting, at)
    at += posting.length
  }
  return out
}

/**
 * Calls `visit(docKey, posting)` for each entry of a block, the docKey as a
 * latin1 string of the packed docId (such strings sort in tuple order).
 */
export function eachBlockEntry(bytes: Uint8Array, visit: (docKey: string, posting: Uint8Array) => void): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const state = { at: 0 }
  while (state.at < buffer.length) {
    const keyLength = readVarint(buffer, state)
    const keyEnd = state.at + keyLength
    const docKey = buffer.toString('latin1', state.at, keyEnd)
    state.at = keyEnd
    const postingLength = readVarint(buffer, state)
    const postingEnd = state.at + postingLength
    if (postingEnd > buffer.length) throw new FoundError(ErrorCode.corruptData, 'pstore: truncated posting block')
    visit(docKey, buffer.subarray(state.at, postingEnd))
    state.at = postingEnd
  }
}

/** `bytes` cut into chunks of at most {@link CHUNK_BYTES}. An empty value is one empty chunk. */
export function chunks(bytes: Buffer): Buffer[] {
  if (bytes.length <= CHUNK_BYTES) return [bytes]
  const out: Buffer[] = []
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) out.push(bytes.subarray(at, at + CHUNK_BYTES))
  return out
}

/** Signed 64-bit little-endian operands for atomic `add`, cached for small values. */
const operands = new Map<number, Buffer>()

/** The little-endian operand of `n` for an atomic add. */
export function counterOperand(n: number): Buffer {
  let b = operands.get(n)
  if (b === undefined) {
    b = Buffer.alloc(8)
    b.writeBigInt64LE(BigInt(n))
    if (operands.size < 4096) operands.set(n, b)
  }
  return b
}

/** The value of a counter written with atomic add (0 when absent). */
export function readCounter(bytes: Uint8Array | null): number {
  if (bytes === null) return 0
  if (bytes.length !== 8) throw new FoundError(ErrorCode.corruptData, `pstore: a counter has ${bytes.length} bytes, expected 8`)
  return Number(Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigInt64LE(0))
}

/** The zero operand: `compareAndClear` with it removes a counter that fell to 0. */
export const ZERO = counterOperand(0)
