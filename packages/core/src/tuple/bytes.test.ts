// Byte strings in the tuple encoding: 0x00 escaped as 00 ff, on the short (byte by byte) and long (run by run) paths.
import { describe, expect, it } from 'vitest'
import { pack, unpack } from './index.js'

describe('pack of byte strings with 0x00 bytes, short and long (long ones are copied run by run)', () => {
  /** The tuple spec's encoding, written out: 0x01, each 0x00 as 00 ff, then the terminating 0x00. */
  const specEncoding = (bytes: readonly number[]): Buffer => Buffer.from([0x01, ...bytes.flatMap((c) => (c === 0 ? [0x00, 0xff] : [c])), 0x00])

  it('escapes every 0x00 (first, last, runs of them) and unpacks back, at every length around the long path', () => {
    for (let n = 0; n <= 130; n++) {
      for (const zeros of [[0], [n - 1], [0, 1, 2], [Math.floor(n / 2), Math.floor(n / 2) + 1], [0, Math.floor(n / 3), n - 1]]) {
        const bytes = Array.from({ length: n }, (_, i) => (i % 251) + 1)
        for (const z of zeros) if (z >= 0 && z < n) bytes[z] = 0
        const packed = pack([Uint8Array.from(bytes)])
        expect(Buffer.from(packed).equals(specEncoding(bytes)), `n=${n} zeros at ${zeros.join(',')}`).toBe(true)
        expect(unpack(packed)).toEqual([Buffer.from(bytes)])
      }
    }
  })
})
