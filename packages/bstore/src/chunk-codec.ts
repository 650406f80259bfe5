/**
 * One chunk as stored: a format byte, an 8-byte checksum of the chunk's
 * content, then the payload (the content, or its zlib compression when that
 * is smaller).
 *
 * ```
 * [format: 0 raw | 1 zlib] [checksum: 8 bytes] [payload]
 * checksum = first 8 bytes of SHA-256(uint32be(index) ‖ content)
 * ```
 *
 * The checksum binds the chunk to its position, so a range read can verify
 * each chunk it returns without hashing the whole blob. Compression uses
 * fflate's `zlibSync` (the zlib format, readable by any zlib); decompression
 * uses Node's own zlib, which reads the same format 3–5 times faster here.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { inflateSync } from 'node:zlib'
import { ErrorCode, FoundError } from '@foundkit/core'
import { zlibSync } from 'fflate'

/** The chunk's payload is its content. @internal */
export const FORMAT_RAW = 0
/** The chunk's payload is the zlib compression of its content. @internal */
export const FORMAT_ZLIB = 1
/** Bytes before the payload: format byte and checksum. @internal */
export const HEADER_BYTES = 9

/** The compression setting a handle keeps: a zlib level, or null for none. @internal */
export type CompressionLevel = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9

function checksum(index: number, content: Uint8Array): Buffer {
  const position = Buffer.alloc(4)
  position.writeUInt32BE(index)
  return createHash('sha256').update(position).update(content).digest().subarray(0, 8)
}

/**
 * Encodes chunk `index` of a blob: compressed when that makes it smaller
 * (text), as is otherwise (random bytes, already-compressed media).
 * @internal
 */
export function encodeChunk(index: number, content: Uint8Array, level: CompressionLevel | null): Uint8Array {
  let payload: Uint8Array = content
  let format = FORMAT_RAW
  if (level !== null && content.length > 0) {
    const compressed = zlibSync(content, { level })
    if (compressed.length < content.length) {
      payload = compressed
      format = FORMAT_ZLIB
    }
  }
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length)
  out[0] = format
  checksum(index, content).copy(out, 1)
  out.set(payload, HEADER_BYTES)
  return out
}

/** Where a chunk comes from, for the corruptData message. @internal */
export interface ChunkOrigin {
  /** The blob's id. */
  readonly id: string
  /** The chunk's index in the blob. */
  readonly index: number
  /** The operation, first in the message. */
  readonly what: string
}

/**
 * Decodes and verifies a stored chunk: its content, or corruptData naming the
 * blob and the chunk when the value is malformed or its checksum does not match.
 * @internal
 */
export function decodeChunk(stored: Uint8Array, expectedLength: number, origin: ChunkOrigin): Buffer {
  const corrupt = (why: string, cause?: unknown): FoundError =>
    new FoundError(ErrorCode.corruptData, `${origin.what}: blob ${origin.id}, chunk ${origin.index}: ${why}`, cause === undefined ? {} : { cause })
  if (stored.length < HEADER_BYTES) throw corrupt(`the stored value is ${stored.length} bytes, shorter than a chunk header`)
  const view = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength)
  const format = view[0]
  const payload = view.subarray(HEADER_BYTES)
  let content: Buffer
  if (format === FORMAT_RAW) {
    content = payload
  } else if (format === FORMAT_ZLIB) {
    try {
      content = inflateSync(payload)
    } catch (cause) {
      throw corrupt('the compressed payload does not inflate', cause)
    }
  } else {
    throw corrupt(`unknown chunk format ${format}`)
  }
  if (content.length !== expectedLength) throw corrupt(`holds ${content.length} bytes, expected ${expectedLength}`)
  if (!checksum(origin.index, content).equals(view.subarray(1, HEADER_BYTES))) throw corrupt('checksum mismatch (the stored bytes were altered)')
  return content
}
