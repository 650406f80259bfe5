import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ErrorCode, Float32, Float64, FoundError, pack, Uuid, Versionstamp, type TupleItem } from '@foundkit/core'
import { escapeBytes, unescapeBytes } from './escape.js'
import { formatKey, formatValue, parseKey, parseValue } from './keys.js'
import { formatTuple, parseTuple } from './tuple.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('escapeBytes / unescapeBytes', () => {
  it('writes printable ASCII as itself, a backslash doubled, other bytes as \\xNN', () => {
    expect(escapeBytes(Buffer.from([0x61, 0x00, 0x5c, 0x7f, 0xff, 0x20, 0x7e]))).toBe('a\\x00\\\\\\x7f\\xff ~')
  })
  it('escapes a leading character when asked, and only there', () => {
    expect(escapeBytes(Buffer.from('(a(b'), '(')).toBe('\\x28a(b')
  })
  it('reads \\xNN (hex digits in either case), \\\\, and other characters as UTF-8', () => {
    expect(hex(unescapeBytes('a\\x00\\xfF\\\\é'))).toBe('6100ff5cc3a9')
  })
  it('reads back exactly what it wrote, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(hex(unescapeBytes(escapeBytes(bytes, '(')))).toBe(hex(bytes))
      }),
    )
  })
  it('refuses a backslash that starts no escape, naming the argument', () => {
    expect(() => unescapeBytes('ab\\q', 'key')).toThrow(/^key: a backslash must start/)
    expect(() => unescapeBytes('\\x1', 'key')).toThrow(FoundError)
  })
})

describe('formatTuple / parseTuple', () => {
  it('prints as FoundationDB does, one form per kind of item', () => {
    const uuid = Uuid.fromString('6ba7b810-9dad-11d1-80b4-00c04fd430c8')
    const stamp = Versionstamp.fromBytes(Buffer.from('000000000000000100020003', 'hex'))
    expect(formatTuple(['users', 42, -7, 2n ** 70n, null, true, false, Buffer.from([0, 0x22, 0x41])])).toBe(
      '("users", 42, -7, 1180591620717411303424, null, true, false, b"\\x00\\x22A")',
    )
    expect(formatTuple([0.5, new Float64(1), -0, Infinity, NaN, new Float32(2.5), [1, ['a']], []])).toBe('(0.5, 1.0, -0.0, inf, nan, 2.5f, (1, ("a")), ())')
    expect(formatTuple([uuid, stamp, 'tab\t"q"'])).toBe('(Uuid(6ba7b810-9dad-11d1-80b4-00c04fd430c8), Versionstamp(000000000000000100020003), "tab\\t\\"q\\"")')
  })
  it('reads hand-typed tuples: spaces, a trailing comma, signs and exponents', () => {
    expect(hex(pack(parseTuple(' ( "a" ,1,) ')))).toBe(hex(pack(['a', 1])))
    expect(hex(pack(parseTuple('(1e3, -2.5, +3)')))).toBe(hex(pack([new Float64(1000), -2.5, 3])))
    expect(hex(pack(parseTuple('(-inf, 9007199254740993)')))).toBe(hex(pack([-Infinity, 9007199254740993n])))
  })
  it('reads back to the same bytes, for any tuple', () => {
    const item: fc.Arbitrary<TupleItem> = fc.letrec<{ item: TupleItem }>((tie) => ({
      item: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
        fc.double(),
        fc.float().map((f) => new Float32(f)),
        fc.string({ unit: 'grapheme' }),
        fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
        fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => new Uuid(b)),
        fc.array(tie('item'), { maxLength: 3 }),
      ),
    })).item
    fc.assert(
      fc.property(fc.array(item, { maxLength: 5 }), (items) => {
        expect(hex(pack(parseTuple(formatTuple(items))))).toBe(hex(pack(items)))
      }),
      { numRuns: 300 },
    )
  })
  it('refuses what is not a tuple, saying where', () => {
    for (const [text, message] of [
      ['"a"', /expected \( at 0/],
      ['("a" 1)', /expected "," or "\)" at 5/],
      ['("a"', /expected a closing "|expected/],
      ['(1) x', /expected the end of the tuple at 4/],
      ['(users)', /expected a tuple item at 1/],
    ] as const) {
      let thrown: unknown
      try {
        parseTuple(text)
      } catch (error) {
        thrown = error
      }
      expect(thrown, text).toBeInstanceOf(FoundError)
      expect((thrown as FoundError).code).toBe(ErrorCode.invalidArgument)
      expect((thrown as FoundError).message).toMatch(message)
    }
  })
})

describe('formatKey / parseKey', () => {
  it('prints a packed tuple as a tuple and other bytes escaped', () => {
    expect(formatKey(pack(['users', 42]))).toBe('("users", 42)')
    expect(formatKey(Buffer.from('hello\x00'))).toBe('hello\\x00')
  })
  it('prints bytes that only look like a tuple (trailing garbage) as bytes, with a leading ( escaped', () => {
    const almost = Buffer.concat([pack(['a']), Buffer.from([0xff])])
    expect(formatKey(almost)).toBe('\\x02a\\x00\\xff')
    expect(formatKey(Buffer.from('(x'))).toBe('\\x28x')
  })
  it('reads back any key to the same bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 20 }), fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null))).map((t) => pack(t))), (key) => {
        expect(hex(parseKey(formatKey(key)))).toBe(hex(key))
      }),
    )
  })
  it('values: always bytes when printed, a tuple when typed with (', () => {
    expect(formatValue(pack(['a']))).toBe('\\x02a\\x00')
    expect(hex(parseValue('("a")'))).toBe(hex(pack(['a'])))
    expect(hex(parseValue('Ada'))).toBe(hex(Buffer.from('Ada')))
  })
})
