/**
 * Cutting content into chunks: every chunk but the last holds exactly
 * `chunkSize` bytes, so chunk `i` starts at byte `i × chunkSize` and a
 * range read finds its first chunk by division.
 *
 * @module
 */
import { encodeChunk, type CompressionLevel } from './chunk-codec.js'
import type { BlobRecord } from './layout.js'

/** The encoded chunks of a whole blob held in memory. @internal */
export interface EncodedBlob {
  /** The chunk values, in order. */
  readonly values: Uint8Array[]
  /** Their total length. */
  readonly storedBytes: number
}

/** Cuts and encodes `bytes` (a blob that fits in memory). @internal */
export function encodeBlob(bytes: Uint8Array, chunkSize: number, level: CompressionLevel | null): EncodedBlob {
  const values: Uint8Array[] = []
  let storedBytes = 0
  for (let start = 0, index = 0; start < bytes.length; start += chunkSize, index++) {
    const value = encodeChunk(index, bytes.subarray(start, start + chunkSize), level)
    values.push(value)
    storedBytes += value.length
  }
  return { values, storedBytes }
}

/** How many content bytes chunk `index` of a blob holds. @internal */
export function chunkLength(record: Pick<BlobRecord, 'size' | 'chunkSize'>, index: number): number {
  return Math.min(record.chunkSize, record.size - index * record.chunkSize)
}

/** How many chunks a blob of `size` bytes is cut into. @internal */
export function chunkCount(size: number, chunkSize: number): number {
  return Math.ceil(size / chunkSize)
}

/**
 * Turns pieces of any length (a stream's) into chunks of exactly `chunkSize`
 * bytes, the last one shorter. Copies only when a chunk straddles pieces.
 * @internal
 */
export async function* rechunk(pieces: AsyncIterable<Uint8Array>, chunkSize: number): AsyncGenerator<Uint8Array> {
  let pending: Buffer | null = null
  let filled = 0
  for await (const piece of pieces) {
    let offset = 0
    if (pending !== null) {
      const take = Math.min(chunkSize - filled, piece.length)
      pending.set(piece.subarray(0, take), filled)
      filled += take
      offset = take
      if (filled < chunkSize) continue
      yield pending
      pending = null
    }
    while (piece.length - offset >= chunkSize) {
      yield piece.subarray(offset, offset + chunkSize)
      offset += chunkSize
    }
    if (offset < piece.length) {
      pending = Buffer.allocUnsafe(chunkSize)
      filled = piece.length - offset
      pending.set(piece.subarray(offset), 0)
    }
  }
  if (pending !== null && filled > 0) yield pending.subarray(0, filled)
}
