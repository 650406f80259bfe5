import { randomBytes } from 'node:crypto'
import * as zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { chunkChecksum, crc32, crc32Portable } from './crc32.js'

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32Portable(Buffer.from('123456789'))).toBe(0xcbf43926)
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926)
    expect(crc32Portable(new Uint8Array(0))).toBe(0)
  })

  it('the portable version agrees with Node’s, whole and continued', () => {
    const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32
    for (const size of [1, 7, 100, 65_536]) {
      const data = randomBytes(size)
      if (native) expect(crc32Portable(data)).toBe(native(data))
      const cut = size >> 1
      expect(crc32Portable(data.subarray(cut), crc32Portable(data.subarray(0, cut)))).toBe(crc32(data))
    }
  })

  it('binds a chunk checksum to the chunk position', () => {
    const content = Buffer.from('hello')
    expect(chunkChecksum(0, content)).toBe(0x163b4535)
    expect(chunkChecksum(1, content)).not.toBe(chunkChecksum(0, content))
  })
})
