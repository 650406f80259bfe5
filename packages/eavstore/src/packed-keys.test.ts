// Reading index keys in place: the length of a packed item (to find the id after a range value) and byte order of id ranges.
import { describe, expect, it } from 'vitest'
import { ErrorCode, Float32, Float64, FoundError, Uuid, Versionstamp, pack, unpack, type TupleItem } from '@foundkit/core'
import { compareRanges, decodeId, itemLength } from './packed-keys.js'

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

  it('decodeId reads every id as unpack does, from any offset of a shared buffer', () => {
    const ids: TupleItem[] = [
      ...values,
      ...[0, 1, -1, 255, -255, 256, -256, 65_535, 2 ** 32, -(2 ** 32), 2 ** 48 - 1, -(2 ** 48 - 1), 2 ** 48, -(2 ** 48), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
      2n ** 53n,
      new Uuid(Uint8Array.from({ length: 16 }, (_, i) => 255 - i)),
    ]
    for (const id of ids) {
      const item = pack([id])
      // In a larger buffer at an odd offset, with bytes after it: the decoder reads only [start, end).
      const bytes = Buffer.concat([Buffer.from([0x30, 1, 2]), item, Buffer.from([0x14, 0xff])])
      const decoded = decodeId(bytes, 3, 3 + item.length)
      expect(decoded, `id ${String(id)}`).toStrictEqual(unpack(item)[0])
      expect(pack([decoded as TupleItem])).toEqual(item)
    }
    // The Uuid owns its bytes: later changes to the batch do not reach it.
    const bytes = Buffer.from(pack([new Uuid(new Uint8Array(16).fill(9))]))
    const id = decodeId(bytes, 0, bytes.length) as Uuid
    bytes.fill(0)
    expect(id.toBytes()).toEqual(Buffer.alloc(16, 9))
  })

  it('decodeId leaves what is not exactly one item to unpack, which says what is wrong', () => {
    const corrupt = (hex: string): void => {
      const bytes = Buffer.from(hex, 'hex')
      let error: unknown
      try {
        decodeId(bytes, 0, bytes.length)
      } catch (e) {
        error = e
      }
      expect(error, hex).toBeInstanceOf(FoundError)
      expect((error as FoundError).code, hex).toBe(ErrorCode.corruptData)
    }
    corrupt('1500ff') // non-minimal positive integer (leading 00)
    corrupt('13ff00') // non-minimal negative integer (leading ff)
    // The same, exactly as long as their codes say: the shapes the in-place decoder reads, which must refuse them too.
    corrupt('1500') // 0 in two bytes
    corrupt('160001') // 1 in three
    corrupt('13ff') // -0 in two
    corrupt('12ff00') // -255 in three
    corrupt('1601') // truncated integer
    corrupt('30' + '00'.repeat(15)) // truncated Uuid
    // Two items: decodeId gives the first, as unpack(...)[0] does.
    const two = pack([7, 8])
    expect(decodeId(two, 0, two.length)).toBe(7)
  })

  it('compareRanges orders byte ranges as Buffer.compare does', () => {
    const a = new Uint8Array([9, 1, 2, 3, 9])
    const b = new Uint8Array([1, 2, 4, 1, 2])
    expect(compareRanges(a, 1, 4, b, 0, 3)).toBe(Buffer.compare(a.subarray(1, 4), b.subarray(0, 3)))
    expect(compareRanges(a, 1, 3, b, 3, 5)).toBe(0)
    expect(compareRanges(a, 1, 3, b, 0, 3)).toBe(-1)
    expect(compareRanges(b, 0, 3, a, 1, 3)).toBe(1)
    expect(compareRanges(a, 0, 1, b, 2, 3)).toBe(1)
    // A range that is a prefix of the other sorts first, whatever bytes follow it in its buffer.
    const c = new Uint8Array([7, 1, 2, 9])
    const d = new Uint8Array([1, 2, 0, 5])
    expect(compareRanges(c, 1, 3, d, 0, 3)).toBe(-1)
    expect(compareRanges(d, 0, 3, c, 1, 3)).toBe(1)
    expect(compareRanges(d, 0, 2, c, 1, 4)).toBe(-1)
  })
})
