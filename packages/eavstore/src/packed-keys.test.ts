// Reading index keys in place: the length of a packed item (to find the id after a range value) and byte order of id ranges.
import { describe, expect, it } from 'vitest'
import { Float32, Float64, Uuid, Versionstamp, pack, type TupleItem } from '@foundkit/core'
import { compareRanges, itemLength } from './packed-keys.js'

const values: TupleItem[] = [
  null,
  true,
  false,
  '',
  'Paris',
  'a\u0000b\u0000',
  'é🙂',
  new Uint8Array([0, 0xff, 0, 1]),
  new Uint8Array(0),
  new Float32(1.5),
  new Float64(-0),
  new Float64(3),
  ...[0n, 1n, -1n, 255n, -255n, 256n, 65_535n, -65_536n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n, -(2n ** 64n) + 1n, 2n ** 64n, -(2n ** 64n), 2n ** 200n, -(2n ** 200n)],
  new Uuid(new Uint8Array(16).fill(7)),
  Versionstamp.complete(new Uint8Array(10).fill(1), 3),
  [1, 'nested'],
]

describe('eavstore packed keys', () => {
  it('itemLength is the length of each packed item, whatever follows it', () => {
    for (const value of values) {
      const alone = pack([value]).length
      for (const after of [[], ['id'], [new Uuid(new Uint8Array(16))], [0]] as TupleItem[][]) {
        const bytes = pack([value, ...after])
        const at = 3
        const shifted = new Uint8Array(at + bytes.length)
        shifted.set(bytes, at)
        expect(itemLength(shifted, at, shifted.length), `${String(value)} then ${after.length} item(s)`).toBe(alone)
      }
    }
  })

  it('compareRanges orders byte ranges as Buffer.compare does', () => {
    const a = new Uint8Array([9, 1, 2, 3, 9])
    const b = new Uint8Array([1, 2, 4, 1, 2])
    expect(compareRanges(a, 1, 4, b, 0, 3)).toBe(Buffer.compare(a.subarray(1, 4), b.subarray(0, 3)))
    expect(compareRanges(a, 1, 3, b, 3, 5)).toBe(0)
    expect(compareRanges(a, 1, 3, b, 0, 3)).toBe(-1)
    expect(compareRanges(b, 0, 3, a, 1, 3)).toBe(1)
    expect(compareRanges(a, 0, 1, b, 2, 3)).toBe(1)
  })
})
