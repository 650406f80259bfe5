// Bad input: what pack, packWithVersionstamp, unpack and compareTuples refuse, and how.
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { Versionstamp, compareTuples, pack, packWithVersionstamp, unpack } from './index.js'
import type { TupleItem } from './index.js'

const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex')
const ff = (n: number) => 'ff'.repeat(n)

function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (e) {
    return e as Error
  }
  return expect.unreachable('expected an error') as never
}

function expectTypeError(fn: () => unknown, message: string | RegExp): void {
  const e = thrown(fn)
  expect(e).toBeInstanceOf(TypeError)
  if (typeof message === 'string') expect(e.message).toBe(message)
  else expect(e.message).toMatch(message)
}

function expectCorrupt(input: Buffer, message: RegExp): void {
  const e = thrown(() => unpack(input))
  expect(e).toBeInstanceOf(FoundError)
  expect((e as FoundError).code).toBe(ErrorCode.corruptData)
  expect(e.message).toMatch(message)
}

const bad = (items: unknown[]) => items as TupleItem[]

describe('pack: bad items', () => {
  it('names undefined and its position', () => {
    expectTypeError(() => pack(bad([1, 2, undefined])), 'pack: item 2 is undefined')
    expectTypeError(() => pack(bad([0, ['a', 'b', undefined]])), 'pack: item 2 (of nested tuple at 1) is undefined')
    expectTypeError(() => pack(bad([[0, [undefined]]])), 'pack: item 0 (of nested tuple at 0/1) is undefined')
    // eslint-disable-next-line no-sparse-arrays
    expectTypeError(() => pack(bad([1, , 3])), 'pack: item 1 is undefined')
  })

  it('names objects, symbols and functions', () => {
    expectTypeError(() => pack(bad([{}])), 'pack: item 0 is an object (Object), which is not a tuple item')
    expectTypeError(() => pack(bad([1, new Date(0)])), /item 1 is an object \(Date\), which is not a tuple item/)
    expectTypeError(() => pack(bad([new Map()])), /an object \(Map\)/)
    expectTypeError(() => pack(bad([Object.create(null)])), /item 0 is an object/)
    expectTypeError(() => pack(bad([new Uint16Array(2)])), /an object \(Uint16Array\)/)
    expectTypeError(() => pack(bad([new ArrayBuffer(2)])), /an object \(ArrayBuffer\)/)
    expectTypeError(() => pack(bad([Symbol('x')])), 'pack: item 0 is a symbol, which is not a tuple item')
    expectTypeError(() => pack(bad([['a', () => 1]])), 'pack: item 1 (of nested tuple at 0) is a function, which is not a tuple item')
  })

  it('refuses integers over 255 bytes', () => {
    pack([2n ** 2040n - 1n]) // 255 bytes: fine
    expectTypeError(() => pack([2n ** 2040n]), 'pack: item 0 is a bigint of 256 bytes; the tuple encoding holds integers of at most 255 bytes')
    expectTypeError(() => pack([1, [-(2n ** 2040n)]]), /item 0 \(of nested tuple at 1\) is a bigint of 256 bytes/)
  })

  it('refuses strings with lone surrogates', () => {
    expectTypeError(() => pack(['a\ud800b']), /item 0 is a string with a lone surrogate \(\\ud800\) at index 1/)
    expectTypeError(() => pack(['\udc00']), /lone surrogate \(\\udc00\) at index 0/)
    expectTypeError(() => pack(['x'.repeat(100) + '\ud83d']), /lone surrogate/)
    expectTypeError(() => pack(['\ud83d' + 'x'.repeat(100)]), /lone surrogate/)
  })

  it('refuses nesting deeper than 1000 and cyclic arrays', () => {
    let deep: TupleItem[] = []
    for (let i = 0; i < 999; i++) deep = [deep]
    expect(unpack(pack([deep]))).toHaveLength(1) // 1000 levels: fine
    expectTypeError(() => pack([[deep]]), /nested more than 1000 tuples deep/)
    const cyclic: unknown[] = [1]
    cyclic.push(cyclic)
    expectTypeError(() => pack(bad([cyclic])), /is nested more than 1000 tuples deep \(is the array cyclic\?\)/)
  })

  it('refuses a non-array', () => {
    expectTypeError(() => pack('abc' as unknown as TupleItem[]), 'pack: items must be an array of tuple items, got a string ("abc")')
    expectTypeError(() => pack(undefined as unknown as TupleItem[]), /items must be an array/)
    expectTypeError(() => pack(null as unknown as TupleItem[]), /got null/)
    expectTypeError(() => pack(5 as unknown as TupleItem[]), /got number 5/)
    expectTypeError(() => pack([1], 'x' as unknown as Uint8Array), /pack: prefix must be a Uint8Array/)
  })

  it('refuses an incomplete versionstamp with a FoundError', () => {
    const e = thrown(() => pack(['a', [Versionstamp.incomplete()]]))
    expect(e).toBeInstanceOf(FoundError)
    expect((e as FoundError).code).toBe(ErrorCode.invalidArgument)
    expect(e.message).toMatch(/pack: item 0 \(of nested tuple at 1\) is an incomplete versionstamp.*packWithVersionstamp/)
  })

  it('keeps working after an error', () => {
    expect(() => pack(bad(['x'.repeat(5000), undefined]))).toThrow(TypeError)
    expect(Buffer.from(pack(['ok'])).toString('hex')).toBe('026f6b00')
  })
})

describe('packWithVersionstamp: bad input', () => {
  it('requires exactly one incomplete versionstamp', () => {
    const none = thrown(() => packWithVersionstamp(['a', 1]))
    expect(none).toBeInstanceOf(FoundError)
    expect((none as FoundError).code).toBe(ErrorCode.invalidArgument)
    expect(none.message).toMatch(/holds no incomplete versionstamp/)
    const complete = Versionstamp.complete(Buffer.alloc(10, 1))
    expect(() => packWithVersionstamp([complete])).toThrow(/no incomplete versionstamp/)
    const two = thrown(() => packWithVersionstamp([Versionstamp.incomplete(1), [Versionstamp.incomplete(2)]]))
    expect(two).toBeInstanceOf(FoundError)
    expect((two as FoundError).code).toBe(ErrorCode.invalidArgument)
    expect(two.message).toBe(
      'packWithVersionstamp: item 0 (of nested tuple at 1) is a second incomplete versionstamp; a tuple may hold only one',
    )
    expect(() => packWithVersionstamp([[Versionstamp.incomplete()], [Versionstamp.incomplete()]])).toThrow(/second incomplete/)
  })

  it('refuses bad items and non-arrays like pack', () => {
    expectTypeError(() => packWithVersionstamp(bad([Versionstamp.incomplete(), undefined])), 'packWithVersionstamp: item 1 is undefined')
    expectTypeError(() => packWithVersionstamp({} as unknown as TupleItem[]), /packWithVersionstamp: items must be an array/)
  })
})

describe('unpack: malformed bytes', () => {
  it('refuses a non-Uint8Array', () => {
    expectTypeError(() => unpack('15 01' as unknown as Uint8Array), /unpack: bytes must be a Uint8Array \(or Buffer\), got a string/)
    expectTypeError(() => unpack([0x15, 1] as unknown as Uint8Array), /got an array/)
    expectTypeError(() => unpack(undefined as unknown as Uint8Array), /got undefined/)
    expectTypeError(() => unpack(new ArrayBuffer(2) as unknown as Uint8Array), /ArrayBuffer/)
  })

  it('refuses unknown type codes, naming the offset', () => {
    expectCorrupt(bytes('ff'), /unknown type code 0xff at offset 0 \(0xff is the escape byte/)
    expectCorrupt(bytes('1501 03'), /unknown type code 0x03 at offset 2 \(a deprecated type code\)/)
    expectCorrupt(bytes('40'), /unknown type code 0x40 at offset 0 \(a reserved type code/)
    expectCorrupt(bytes('1501 1501 99'), /unknown type code 0x99 at offset 4$/)
    expectCorrupt(bytes('05 ff 00'), /unknown type code 0xff at offset 1/)
    expectCorrupt(bytes('00 ff'), /unknown type code 0xff at offset 1/) // 00 ff is a null only inside a nested tuple
  })

  it('says what an unknown type code is: deprecated, reserved, the escape byte, or nothing known', () => {
    // From FoundationDB's design/tuple.md: the codes no binding writes any more, and those kept for future types.
    const deprecated = [0x03, 0x04, 0x25]
    const reserved = [0x0a, 0x1e, 0x22, 0x23, 0x24, 0x31, 0x32, ...Array.from({ length: 16 }, (_, i) => 0x40 + i)]
    const known = [0x00, 0x01, 0x02, 0x05, 0x0b, ...Array.from({ length: 0x1d - 0x0c + 1 }, (_, i) => 0x0c + i), 0x20, 0x21, 0x26, 0x27, 0x30, 0x33]
    for (let code = 0; code < 0x100; code++) {
      if (known.includes(code)) continue
      const hint = deprecated.includes(code)
        ? ' (a deprecated type code)'
        : reserved.includes(code)
          ? ' (a reserved type code no binding writes)'
          : code === 0xff
            ? ' (0xff is the escape byte; is this a nested-tuple null outside a nested tuple?)'
            : ''
      const at = `unknown type code 0x${code.toString(16).padStart(2, '0')} at offset 2`
      expect(thrown(() => unpack(Buffer.from([0x15, 0x01, code]))).message, at).toBe(`unpack: ${at}${hint}`)
    }
    // Inside a nested tuple, 0xff follows 0x00 as a null; alone it is refused with that hint.
    expect(thrown(() => unpack(bytes('05 ff 00'))).message).toBe(
      'unpack: unknown type code 0xff at offset 1 (0xff only follows 0x00 as the null of a nested tuple)',
    )
  })

  it('refuses truncated elements, saying how many bytes each needs and how many are left', () => {
    // Each after a 2-byte integer (offset 2), so that a count taken from the wrong end of the input shows.
    expectCorrupt(bytes('16 01'), /truncated integer at offset 0: it needs 2 more bytes, 1 left$/)
    expectCorrupt(bytes('1501 16 01'), /truncated integer at offset 2: it needs 2 more bytes, 1 left$/)
    expectCorrupt(bytes('1501 12 01'), /truncated integer at offset 2: it needs 2 more bytes, 1 left$/)
    expectCorrupt(bytes('1501 1d 09 0102030405060708'), /truncated big integer at offset 2: it needs 10 more bytes, 9 left$/)
    expectCorrupt(bytes('1501 0b f6 0102030405060708'), /truncated big integer at offset 2: it needs 10 more bytes, 9 left$/)
    expectCorrupt(bytes('1501 1d'), /truncated big integer at offset 2: it needs 1 more bytes, 0 left$/)
    expectCorrupt(bytes('1501 20 010203'), /truncated float at offset 2: it needs 4 more bytes, 3 left$/)
    expectCorrupt(bytes('1501 21 01020304050607'), /truncated double at offset 2: it needs 8 more bytes, 7 left$/)
    expectCorrupt(bytes('1501 30 0102030405060708090a0b0c0d0e'), /truncated UUID at offset 2: it needs 16 more bytes, 14 left$/)
    expectCorrupt(bytes('1501 33 0102030405060708090a0b'), /truncated versionstamp at offset 2: it needs 12 more bytes, 11 left$/)
  })

  it('refuses unterminated strings and nested tuples', () => {
    expectCorrupt(bytes('01 deadc0de'), /the byte string at offset 0 is not terminated/)
    expectCorrupt(bytes('01 dead 00ff c0de'), /the byte string at offset 0 is not terminated/)
    expectCorrupt(bytes('1501 02 68656c6c6f'), /the string at offset 2 is not terminated/)
    expectCorrupt(bytes('02 68656c 00ff 6c6f'), /the string at offset 0 is not terminated/)
    expectCorrupt(bytes('02' + '61'.repeat(100)), /the string at offset 0 is not terminated/)
    expectCorrupt(bytes('02' + '61'.repeat(100) + '00ff'), /not terminated/)
    expectCorrupt(bytes('05 02 68656c6c6f 00'), /the nested tuple at offset 0 is not terminated/)
    expectCorrupt(bytes('05 02 68656c6c6f00 00ff 02 7468657265 00'), /the nested tuple at offset 0 is not terminated/)
    expectCorrupt(bytes('05 05 00'), /the nested tuple at offset 0 is not terminated/)
    expectCorrupt(bytes('05 1501 05 1502 00'), /the nested tuple at offset 0 is not terminated/)
  })

  it('refuses invalid UTF-8', () => {
    expectCorrupt(bytes('02 757466 80 00'), /the string at offset 0 is not valid UTF-8/) // bad start byte
    expectCorrupt(bytes('02 80 00'), /the string at offset 0 is not valid UTF-8/) // no other bits set: still not ASCII
    expectCorrupt(bytes('02 757466 c001 00'), /not valid UTF-8/) // bad continuation
    expectCorrupt(bytes('02 757466 eda0bd 00'), /not valid UTF-8/) // a high surrogate
    expectCorrupt(bytes('02 757466 edb4a5 00'), /not valid UTF-8/) // a low surrogate
    expectCorrupt(bytes('02 757466 eda0bdedb4a5 00'), /not valid UTF-8/) // CESU-8 pair
    expectCorrupt(bytes('02 c0af 00'), /not valid UTF-8/) // overlong
    expectCorrupt(bytes('02 f4908080 00'), /not valid UTF-8/) // beyond U+10FFFF
    expectCorrupt(bytes('1501 02' + '61'.repeat(50) + 'ff 00'), /the string at offset 2 is not valid UTF-8/)
    expectCorrupt(bytes('02 e282 00ff ac 00'), /not valid UTF-8/) // escape inside a sequence
  })

  it('refuses non-minimal integers (they would not sort or re-pack right)', () => {
    expectCorrupt(bytes('15 00'), /non-minimal integer at offset 0 \(a leading 0x00 byte/)
    expectCorrupt(bytes('16 0001'), /non-minimal integer/)
    expectCorrupt(bytes('13 ff'), /non-minimal integer at offset 0 \(a leading 0xff byte/)
    expectCorrupt(bytes('0c ff' + ff(7)), /non-minimal integer/)
    expectCorrupt(bytes('1d 09 00' + ff(8)), /non-minimal big integer at offset 0 \(a leading 0x00 byte/)
    expectCorrupt(bytes('0b f6 ff' + '00'.repeat(8)), /non-minimal big integer/)
    expectCorrupt(bytes('1d 01 05'), /non-minimal big integer at offset 0 \(1 bytes; type code 0x1d is for 9 to 255 bytes\)/)
    expectCorrupt(bytes('1d 00'), /non-minimal big integer/)
    expectCorrupt(bytes('0b ff'), /non-minimal big integer/)
    expectCorrupt(bytes('1d 08 ' + ff(7) + 'fe'), /non-minimal big integer/)
  })

  it('refuses nesting deeper than 1000', () => {
    expect(unpack(bytes('05'.repeat(1000) + '00'.repeat(1000)))).toHaveLength(1)
    expectCorrupt(bytes('05'.repeat(1001) + '00'.repeat(1001)), /nested tuples deeper than 1000 at offset 1000/)
    expectCorrupt(Buffer.alloc(1_000_000, 0x05), /deeper than 1000/)
  })

  it('decodes the well-formed sequences next to the malformed ones', () => {
    expect(unpack(bytes('01 0102 00'))).toEqual([Buffer.from([1, 2])])
    expect(unpack(bytes('02 68656c6c00ff 00'))).toEqual(['hell\0'])
    expect(unpack(bytes('05 00ff 00 1501'))).toEqual([[null], 1])
  })
})

describe('compareTuples: bad input', () => {
  it('refuses non-arrays and non-items', () => {
    expectTypeError(() => compareTuples('a' as unknown as TupleItem[], []), /compareTuples: a must be an array/)
    expectTypeError(() => compareTuples([], 1 as unknown as TupleItem[]), /compareTuples: b must be an array/)
    expectTypeError(() => compareTuples(bad([undefined]), [1]), /compareTuples: undefined is not a tuple item/)
    expectTypeError(() => compareTuples(bad([Symbol('s')]), [1]), /compareTuples: a symbol is not a tuple item/)
    expectTypeError(() => compareTuples([1], bad([() => 1])), /compareTuples: a function is not a tuple item/)
    expectTypeError(() => compareTuples(bad([{ a: 1 }]), [1]), /compareTuples: an object \(Object\) is not a tuple item/)
  })
})
