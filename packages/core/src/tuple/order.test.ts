// compareTuples against the definition of tuple order: the byte order of the packed keys.
import { describe, expect, it } from 'vitest'
import { Uuid, Versionstamp, compareTuples, float32, float64, pack, unpack } from './index.js'
import type { TupleItem } from './index.js'

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0)

/** Every ordered pair of `items`, each as a one-item tuple: compareTuples agrees with Buffer.compare of pack. */
function expectSameOrderAsPacked(items: readonly TupleItem[]): void {
  for (const a of items) {
    for (const b of items) {
      const packed = sign(Buffer.compare(pack([a]), pack([b])))
      expect(sign(compareTuples([a], [b])), `${String(a)} vs ${String(b)}`).toBe(packed)
    }
  }
}

describe('compareTuples orders as the packed bytes do', () => {
  it('strings at the UTF-16 / UTF-8 boundaries: code points, not code units (U+E000..U+FFFF sort before astral ones)', () => {
    // UTF-16 puts surrogates (astral code points) below U+E000; UTF-8, and so tuple order, puts them last.
    const boundaries = ['\u0000', 'a', '\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\ud800\udc00', '\udbff\udfff']
    const strings = ['', ...boundaries, ...boundaries.map((s) => `a${s}`), ...boundaries.map((s) => `${s}a`), 'ab', 'ac', 'abc']
    expectSameOrderAsPacked(strings)
  })

  it('byte strings that share a prefix are ordered by their first differing byte, then by length', () => {
    const items = [[], [0], [0, 0], [0, 1], [1], [1, 2], [1, 3], [1, 2, 0], [0xff], [0xff, 0]].map((b) => Uint8Array.from(b))
    expectSameOrderAsPacked(items)
  })
})

describe('compareTuples orders two items of every kind as the packed bytes do', () => {
  it('within each kind and across kinds', () => {
    const stamp = (hex: string, user: number) => Versionstamp.complete(Buffer.from(hex, 'hex'), user)
    const items: TupleItem[] = [
      null,
      Uint8Array.from([1]),
      Uint8Array.from([2]),
      'a',
      'b',
      [],
      [null],
      [1, 'a'],
      [1, 'b'],
      -(2n ** 70n),
      -1,
      0,
      1,
      2n ** 70n,
      float32(-1),
      float32(0.5),
      float32(2),
      -Infinity,
      -0,
      0.5,
      float64(1),
      2.5,
      NaN,
      false,
      true,
      Uuid.fromString('00000000-0000-0000-0000-000000000001'),
      Uuid.fromString('00000000-0000-0000-0000-000000000002'),
      Uuid.fromString('ff000000-0000-0000-0000-000000000000'),
      stamp('00000000000000000001', 1),
      stamp('00000000000000000001', 2),
      stamp('00000000000000000002', 0),
    ]
    expectSameOrderAsPacked(items)
  })
})

describe('unpack of ASCII strings', () => {
  it('decodes every length, alone and between other items (each short length has its own path)', () => {
    for (let n = 0; n <= 20; n++) {
      // distinct characters, so a byte taken from the wrong offset shows
      const s = Array.from({ length: n }, (_, i) => String.fromCharCode(0x41 + i)).join('')
      expect(unpack(pack([s]))).toEqual([s])
      expect(unpack(pack([1, s, 'z']))).toEqual([1, s, 'z'])
    }
  })
})
