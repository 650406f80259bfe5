// Known encodings: the examples of FoundationDB's design/tuple.md and values
// the official bindings' own tests pin down (checked by hand against the spec).
import { describe, expect, it } from 'vitest'
import { Float32, Float64, Uuid, Versionstamp, float32, float64, pack, packWithVersionstamp, unpack } from './index.js'
import type { TupleItem } from './index.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex')
const ff = (n: number) => 'ff'.repeat(n)
const zeros = (n: number) => '00'.repeat(n)

/** [description, tuple, expected bytes (hex)] — `unpack` must give the tuple back exactly. */
const exact: Array<[string, TupleItem[], string]> = [
  ['empty tuple', [], ''],
  ['null', [null], '00'],
  ['zero', [0], '14'],
  ['zero then null (a 0x00 after a zero is not part of it)', [0, null], '1400'],
  ['zero at the end of a nested tuple', [[0], [1, 0]], '051400' + '05150114' + '00'],
  ['1', [1], '1501'],
  ['-1', [-1], '13fe'],
  ['255', [255], '15ff'],
  ['-255', [-255], '1300'],
  ['256', [256], '160100'],
  ['-256', [-256], '12feff'],
  ['65536', [65536], '17010000'],
  ['-65536', [-65536], '11feffff'],
  ['-5551212 (spec)', [-5551212], '11ab4b93'],
  ['0x3019', [0x3019], '163019'],
  ['-(2^32 - 1)', [-(2 ** 32 - 1)], '1000000000'],
  ['2^32', [2 ** 32], '190100000000'],
  ['2^53 - 1', [Number.MAX_SAFE_INTEGER], '1b1fffffffffffff'],
  ['-(2^53 - 1)', [-Number.MAX_SAFE_INTEGER], '0de0000000000000'],
  ['2^63 - 1 (Long.MAX_VALUE)', [2n ** 63n - 1n], '1c7fffffffffffffff'],
  ['2^63', [2n ** 63n], '1c8000000000000000'],
  ['2^64 - 1', [2n ** 64n - 1n], '1c' + ff(8)],
  ['2^64', [2n ** 64n], '1d09010000000000000000'],
  ['-(2^63) + 1', [-(2n ** 63n) + 1n], '0c8000000000000000'],
  ['-(2^63) + 2', [-(2n ** 63n) + 2n], '0c8000000000000001'],
  ['-(2^63) (Long.MIN_VALUE)', [-(2n ** 63n)], '0c7fffffffffffffff'],
  ['-(2^63) - 1', [-(2n ** 63n) - 1n], '0c7ffffffffffffffe'],
  ['-(2^64 - 1)', [-(2n ** 64n - 1n)], '0c' + zeros(8)],
  ['-(2^64)', [-(2n ** 64n)], '0bf6fe' + ff(8)],
  ['2^65 (9 bytes)', [2n ** 65n], '1d0902' + zeros(8)],
  ['-(2^65)', [-(2n ** 65n)], '0bf6fd' + ff(8)],
  ['2^2040 - 1 (255 bytes, the largest)', [2n ** 2040n - 1n], '1dff' + ff(255)],
  ['-(2^2040 - 1) (the smallest)', [-(2n ** 2040n - 1n)], '0b00' + zeros(255)],
  ['2^2032 (255 bytes)', [2n ** 2032n], '1dff01' + zeros(254)],
  ['empty bytes', [Buffer.alloc(0)], '0100'],
  ['bytes 01 02 03', [Buffer.from([1, 2, 3])], '0101020300'],
  ['bytes with NULs', [Buffer.from([0, 0, 0, 4])], '0100ff00ff00ff0400'],
  ['"foo\\x00bar" bytes (spec)', [Buffer.from('foo\x00bar', 'latin1')], '01666f6f00ff62617200'],
  ['empty string', [''], '0200'],
  ['"hello"', ['hello'], '0268656c6c6f00'],
  ['"F\\u00d4O\\u0000bar" (spec)', ['F\u00d4O\u0000bar'], '0246c3944f00ff62617200'],
  ['Chinese (3 bytes a code point)', ['\u4e2d\u6587'], '02e4b8ade6968700'],
  ['Greek (2 bytes a code point)', ['\u03bc\u03ac\u03b8\u03b7\u03bc\u03b1'], '02cebcceacceb8ceb7cebcceb100'],
  ['fire emoji (surrogate pair)', ['\ud83d\udd25'], '02f09f94a500'],
  ['U+10FFFF', ['\udbff\udfff'], '02f48fbfbf00'],
  ['a BOM is kept', ['\ufeffx'], '02efbbbf7800'],
  ['a real U+FFFD is kept', ['\ufffd'], '02efbfbd00'],
  ['long ASCII string', ['x'.repeat(100)], '02' + '78'.repeat(100) + '00'],
  ['long string with a NUL', ['y'.repeat(40) + '\0' + 'z'], '02' + '79'.repeat(40) + '00ff' + '7a' + '00'],
  ['nested (spec)', [[Buffer.from('foo\x00bar', 'latin1'), null, []]], '0501666f6f00ff6261720000ff050000'],
  ['nested with a string', [['foo\x00bar', null, []]], '0502666f6f00ff6261720000ff050000'],
  ['nested null', [[null]], '0500ff00'],
  ['nested null then string', [[null, 'hello']], '0500ff0268656c6c6f0000'],
  ['nested then string', [[null], 'hello'], '0500ff000268656c6c6f00'],
  ['mixed', [[null], 'hello', Buffer.from([1, 0]), Buffer.alloc(0)], '0500ff000268656c6c6f00010100ff000100'],
  ['false', [false], '26'],
  ['true', [true], '27'],
  ['float 3.14', [float32(3.14)], '20c048f5c3'],
  ['float -3.14', [float32(-3.14)], '203fb70a3c'],
  ['float -42 (spec)', [float32(-42)], '203dd7ffff'],
  ['float 0', [float32(0)], '2080000000'],
  ['float -0', [float32(-0)], '207fffffff'],
  ['float Infinity', [float32(Infinity)], '20ff800000'],
  ['float -Infinity', [float32(-Infinity)], '20007fffff'],
  ['float NaN (canonical)', [float32(NaN)], '20ffc00000'],
  ['float bits 7fffffff', [Float32.fromBytes(bytes('7fffffff'))], '20ffffffff'],
  ['float bits ffffffff', [Float32.fromBytes(bytes('ffffffff'))], '2000000000'],
  ['double 3.14', [3.14], '21c0091eb851eb851f'],
  ['double -3.14', [-3.14], '213ff6e147ae147ae0'],
  ['double -0', [-0], '217fffffffffffffff'],
  ['double Infinity', [Infinity], '21fff0000000000000'],
  ['double -Infinity', [-Infinity], '21000fffffffffffff'],
  ['double NaN (canonical: 7ff8000000000000)', [NaN], '21fff8000000000000'],
  ['double 2^53 (not a safe integer)', [2 ** 53], '21c340000000000000'],
  ['double 1e300', [1e300], '21fe37e43c8800759c'],
  ['integral double 0.0', [float64(0)], '218000000000000000'],
  ['integral double 1.0', [float64(1)], '21bff0000000000000'],
  ['integral double -3.0', [float64(-3)], '213ff7ffffffffffff'],
  ['double bits 7fffffffffffffff (a NaN)', [Float64.fromBytes(bytes('7f' + ff(7)))], '21' + ff(8)],
  ['double bits ffffffffffffffff (a NaN)', [Float64.fromBytes(bytes(ff(8)))], '21' + zeros(8)],
  [
    'UUID',
    [Uuid.fromString('ffffffff-ba5e-ba11-0000-00005ca1ab1e')],
    '30ffffffffba5eba11000000005ca1ab1e',
  ],
  [
    'versionstamp',
    [Versionstamp.complete(bytes('aabbccddeeff00010203'))],
    '33aabbccddeeff000102030000',
  ],
  [
    'versionstamp with user version 657',
    [Versionstamp.complete(bytes('0102030405060708090a'), 657)],
    '330102030405060708090a0291',
  ],
]

describe('tuple: known encodings', () => {
  it.each(exact)('%s', (_name, tuple, expected) => {
    const packed = pack(tuple)
    expect(Buffer.isBuffer(packed)).toBe(true)
    expect(hex(packed)).toBe(expected)
    expect(unpack(packed)).toStrictEqual(tuple)
  })

  it('writes a bigint in the safe range exactly like the number', () => {
    for (const n of [0, 1, -1, 255, -256, 65536, 2 ** 40, -(2 ** 48), Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      expect(hex(pack([BigInt(n)]))).toBe(hex(pack([n])))
      expect(unpack(pack([BigInt(n)]))).toStrictEqual([n])
    }
  })

  it('decodes integers as numbers exactly when they are safe', () => {
    expect(unpack(pack([2n ** 53n - 1n]))).toStrictEqual([2 ** 53 - 1])
    expect(unpack(pack([2n ** 53n]))).toStrictEqual([2n ** 53n])
    expect(unpack(pack([-(2n ** 53n) + 1n]))).toStrictEqual([-(2 ** 53) + 1])
    expect(unpack(pack([-(2n ** 53n)]))).toStrictEqual([-(2n ** 53n)])
    expect(unpack(pack([2n ** 56n - 1n]))).toStrictEqual([2n ** 56n - 1n]) // 7 bytes, unsafe
  })

  it('encodes every byte length of big integers, 9 to 255 bytes', () => {
    for (let len = 9; len <= 255; len++) {
      const v = (1n << BigInt(8 * len - 1)) + BigInt(len)
      const packed = pack([v, -v])
      expect(packed[0]).toBe(0x1d)
      expect(packed[1]).toBe(len)
      expect(packed[2 + len]).toBe(0x0b)
      expect(packed[3 + len]).toBe(len ^ 0xff)
      expect(unpack(packed)).toStrictEqual([v, -v])
    }
  })

  it('encodes the integer boundaries of every length', () => {
    for (let len = 1; len <= 8; len++) {
      const top = 2n ** BigInt(8 * len) - 1n
      expect(pack([top])[0]).toBe(0x14 + len)
      expect(pack([-top])[0]).toBe(0x14 - len)
      expect(pack([top + 1n])[0]).toBe(len === 8 ? 0x1d : 0x15 + len)
      expect(pack([-top - 1n])[0]).toBe(len === 8 ? 0x0b : 0x13 - len)
      for (const v of [top, -top, top + 1n, -top - 1n]) {
        const back = unpack(pack([v]))[0]
        expect(BigInt(back as number | bigint)).toBe(v)
      }
    }
  })

  it('decodes plain doubles as numbers, integral ones as Float64', () => {
    expect(unpack(pack([0.5, -0, Infinity, -Infinity, 2 ** 60, NaN]))).toStrictEqual([0.5, -0, Infinity, -Infinity, 2 ** 60, NaN])
    const [one, zero] = unpack(pack([float64(1), float64(0)]))
    expect(one).toBeInstanceOf(Float64)
    expect((one as Float64).value).toBe(1)
    expect(zero).toBeInstanceOf(Float64)
    expect(Object.is((zero as Float64).value, 0)).toBe(true)
    // A Float64 around a non-integral value decodes to a plain number (it packs the same).
    expect(unpack(pack([float64(0.25)]))).toStrictEqual([0.25])
  })

  it('keeps NaN payloads of doubles and floats', () => {
    for (const bits of ['7ff0000000000001', 'fff8000000000000', '7ff8000000000001', 'ffffffffffffffff']) {
      const packed = pack([Float64.fromBytes(bytes(bits))])
      const [back] = unpack(packed)
      expect(back).toBeInstanceOf(Float64)
      expect(hex((back as Float64).toBytes())).toBe(bits)
      expect(Number.isNaN((back as Float64).value)).toBe(true)
      expect(hex(pack([back!]))).toBe(hex(packed))
    }
    for (const bits of ['7f800001', 'ffc00000', '7fc00001']) {
      const [back] = unpack(pack([Float32.fromBytes(bytes(bits))]))
      expect(hex((back as Float32).toBytes())).toBe(bits)
    }
  })

  it('writes every NaN as the canonical one, however it was computed', () => {
    const zero = Number('0')
    const computed = [NaN, zero / zero, -NaN, Math.sqrt(-1), Infinity - Infinity]
    for (const n of computed) {
      expect(hex(pack([n]))).toBe('21fff8000000000000')
      expect(hex(pack([float32(n)]))).toBe('20ffc00000')
      expect(hex(pack([float64(n)]))).toBe('21fff8000000000000')
    }
  })

  it('round-trips long strings of every kind (the native and JS UTF-8 paths)', () => {
    const cases = [
      'x'.repeat(40) + '\ufffd', // a real U+FFFD in a natively written string
      '\u00e9'.repeat(40), // one-byte (latin1) non-ASCII
      '\u4e2d\u6587\ud83d\udd25'.repeat(20), // starts non-ASCII: transcoded in JS
      'ab'.repeat(20) + '\ud83d\udd25\u00e9\u4e2d', // starts ASCII: V8's decoder
      '\u00e9'.repeat(5000), // beyond the initial UTF-16 scratch buffer
      '\u4e2d'.repeat(70_000), // beyond the kept scratch buffer
      '\u4e2d'.repeat(20) + '\0' + '\ud83d\udd25'.repeat(20), // NUL: escaped in JS
    ]
    for (const s of cases) {
      const packed = pack([s, 1])
      const escaped = Buffer.from([...Buffer.from(s)].flatMap((x) => (x === 0 ? [0, 0xff] : [x])))
      expect(hex(packed)).toBe('02' + hex(escaped) + '00' + '1501')
      expect(unpack(packed)).toStrictEqual([s, 1])
    }
    // Invalid UTF-8 far into a long non-ASCII string is still refused.
    const bad = Buffer.concat([bytes('02'), Buffer.from('\u4e2d'.repeat(20)), bytes('c328'), bytes('00')])
    expect(() => unpack(bad)).toThrow(/the string at offset 0 is not valid UTF-8/)
  })

  it('writes each UTF-8 length boundary at the start, second and last place of short and long strings', () => {
    // U+0000 (escaped), the last and first code points of each UTF-8 length, and the surrogate boundaries.
    const boundaries = ['\0', '\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\ud800\udc00', '\udbff\udfff']
    for (const c of boundaries) {
      for (const filler of ['a'.repeat(3), 'a'.repeat(40)]) {
        for (const s of [c + filler, filler[0] + c + filler, filler + c]) {
          const escaped = Buffer.from([...Buffer.from(s)].flatMap((x) => (x === 0 ? [0, 0xff] : [x])))
          const packed = pack([s])
          expect(hex(packed), JSON.stringify(s)).toBe('02' + hex(escaped) + '00')
          expect(unpack(packed)).toStrictEqual([s])
        }
      }
    }
  })

  it('decodes floats as Float32', () => {
    const [f] = unpack(bytes('20c048f5c3'))
    expect(f).toBeInstanceOf(Float32)
    expect((f as Float32).value).toBe(Math.fround(3.14))
  })

  it('decodes bytes as a Buffer copy', () => {
    const src = pack([Buffer.from([1, 2, 3]), Buffer.from('x'.repeat(100))])
    const [a, b] = unpack(src) as [Buffer, Buffer]
    expect(Buffer.isBuffer(a)).toBe(true)
    src[2] = 0x99
    src[10] = 0x99
    expect([...a]).toEqual([1, 2, 3])
    expect(b.toString()).toBe('x'.repeat(100))
  })

  it('accepts any Uint8Array and packs it like a Buffer', () => {
    expect(hex(pack([new Uint8Array([0, 1])]))).toBe('0100ff0100')
    expect(unpack(new Uint8Array(bytes('1501')))).toEqual([1])
    // A view into a larger buffer decodes only its own bytes.
    const big = bytes('ff15020000')
    expect(unpack(big.subarray(1, 3))).toEqual([2])
  })

  it('decodes an incomplete versionstamp (ten 0xff bytes)', () => {
    const [vs] = unpack(bytes('33' + ff(10) + '0007'))
    expect(vs).toBeInstanceOf(Versionstamp)
    expect((vs as Versionstamp).isComplete()).toBe(false)
    expect((vs as Versionstamp).userVersion).toBe(7)
  })

  it("reads Python's legacy encoding of ±(2^64 - 1)", () => {
    expect(unpack(bytes('1d08' + ff(8)))).toStrictEqual([2n ** 64n - 1n])
    expect(unpack(bytes('0bf7' + zeros(8)))).toStrictEqual([-(2n ** 64n - 1n)])
  })

  it('packs with a prefix', () => {
    expect(hex(pack([1], bytes('fe')))).toBe('fe1501')
    expect(hex(pack([], bytes('fe')))).toBe('fe')
  })
})

describe('tuple: packWithVersionstamp', () => {
  it('appends the 4-byte little-endian offset of the transaction version', () => {
    expect(hex(packWithVersionstamp(['log', Versionstamp.incomplete(5)]))).toBe(
      '026c6f6700' + '33' + ff(10) + '0005' + '06000000',
    )
    expect(hex(packWithVersionstamp([Versionstamp.incomplete()]))).toBe('33' + ff(10) + '0000' + '01000000')
  })

  it('finds the versionstamp inside nested tuples', () => {
    const packed = packWithVersionstamp([1, ['a', [Versionstamp.incomplete(2)]]])
    // 15 01 | 05 02 61 00 05 33 <ff x10> 00 02 00 00 | offset
    expect(hex(packed)).toBe('1501' + '0502610005' + '33' + ff(10) + '0002' + '0000' + '08000000')
    expect(Buffer.from(packed).readUInt32LE(packed.length - 4)).toBe(8)
  })

  it('counts the prefix in the offset', () => {
    const packed = packWithVersionstamp([Versionstamp.incomplete()], bytes('aabbcc'))
    expect(hex(packed)).toBe('aabbcc33' + ff(10) + '0000' + '04000000')
  })

  it('packs complete versionstamps alongside the incomplete one', () => {
    const done = Versionstamp.complete(bytes('00000000000000010002'), 1)
    const packed = packWithVersionstamp([done, Versionstamp.incomplete(1)])
    expect(Buffer.from(packed).readUInt32LE(packed.length - 4)).toBe(14)
  })

  it('gives the same bytes as pack for the rest of the tuple', () => {
    const packed = packWithVersionstamp(['a', 1, Versionstamp.incomplete(), 'z'])
    const body = packed.subarray(0, packed.length - 4)
    expect(hex(body)).toBe(hex(Buffer.concat([pack(['a', 1]), bytes('33' + ff(10) + '0000'), pack(['z'])])))
  })
})
