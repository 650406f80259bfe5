/**
 * CRC-32 (the zlib / IEEE polynomial) of a chunk's position and content:
 * Node's `zlib.crc32` where it exists (Node 20.15+), else a table-driven
 * version that gives the same numbers.
 *
 * @module
 */
import * as zlib from 'node:zlib'

type Crc32 = (data: Uint8Array, initial?: number) => number

const TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** The portable CRC-32, continuing from `initial` (0 to start). @internal */
export function crc32Portable(data: Uint8Array, initial = 0): number {
  let c = (initial ^ 0xffffffff) >>> 0
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

const native = (zlib as { crc32?: Crc32 }).crc32

/** CRC-32 of `data`, continuing from `initial`. @internal */
export const crc32: Crc32 = typeof native === 'function' ? (data, initial = 0) => native(data, initial) : crc32Portable

/** The checksum stored beside chunk `index`: CRC-32 of uint32be(index) followed by the content. @internal */
export function chunkChecksum(index: number, content: Uint8Array): number {
  const position = Buffer.allocUnsafe(4)
  position.writeUInt32BE(index)
  return crc32(content, crc32(position))
}
