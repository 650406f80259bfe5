import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { pack, unpack, Versionstamp } from '../tuple/index.js'
import { Subspace } from './subspace.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const h = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

function foundCode(fn: () => unknown): number {
  try {
    fn()
  } catch (err) {
    if (err instanceof FoundError) return err.code
    throw err
  }
  throw new Error('expected a FoundError')
}

describe('Subspace: prefixes (vectors as the official bindings write them)', () => {
  const cases: Array<[string, () => Subspace, string]> = [
    ['no arguments: the empty prefix', () => new Subspace(), ''],
    ["('users',)", () => new Subspace(['users']), '02 7573657273 00'],
    ["raw \\xfe (the directory layer's node subspace)", () => new Subspace([], Buffer.from([0xfe])), 'fe'],
    ["raw 'app' then (1,)", () => new Subspace([1], Buffer.from('app')), '617070 1501'],
    ["('a', 42, None)", () => new Subspace(['a', 42, null]), '026100 152a 00'],
    ["(b'\\x00x',): a byte string with a zero byte", () => new Subspace([Buffer.from([0, 0x78])]), '01 00ff 78 00'],
    ['(-1, True)', () => new Subspace([-1, true]), '13fe 27'],
    ["(('n', None),): a nested tuple", () => new Subspace([['n', null]]), '05 026e00 00ff 00'],
  ]
  for (const [name, make, expected] of cases) {
    it(name, () => {
      expect(hex(make().key())).toBe(expected.replace(/\s+/g, ''))
    })
  }
})

describe('Subspace.pack / unpack', () => {
  const users = new Subspace(['users'])
  it('pack puts the packed tuple after the prefix', () => {
    expect(hex(users.pack([42]))).toBe('027573657273001' + '52a')
    expect(hex(users.pack([42, 'name']))).toBe('0275736572730015' + '2a' + '026e616d6500')
    expect(users.pack([1, 'x'])).toEqual(pack(['users', 1, 'x']))
  })
  it('pack() with no items is the prefix itself', () => {
    expect(users.pack()).toEqual(users.key())
    expect(users.pack([])).toEqual(users.key())
  })
  it('a raw prefix comes first, as Subspace(prefixTuple, rawPrefix) in Python', () => {
    const s = new Subspace(['x'], Buffer.from([0xfe]))
    expect(hex(s.pack([1]))).toBe('fe' + '027800' + '1501')
  })
  it('unpack gives back the tuple after the prefix', () => {
    expect(users.unpack(users.pack([42, 'name', null, [1, 2]]))).toEqual([42, 'name', null, [1, 2]])
    expect(users.unpack(users.key())).toEqual([])
  })
  it('unpack of a key outside the subspace is a FoundError (invalidArgument) naming both', () => {
    expect(foundCode(() => users.unpack(pack(['items', 1])))).toBe(ErrorCode.invalidArgument)
    expect(() => users.unpack(pack(['items', 1]))).toThrow(/not in the subspace with prefix <02757365727300>/)
    // A shorter key (a prefix of the prefix) is outside too.
    expect(foundCode(() => users.unpack(h('0275')))).toBe(ErrorCode.invalidArgument)
  })
  it('unpack of garbage after the prefix is corruptData', () => {
    expect(foundCode(() => users.unpack(Buffer.concat([users.key(), h('ff')])))).toBe(ErrorCode.corruptData)
  })
  it('round-trips many tuples (pack then unpack)', () => {
    const s = new Subspace(['app', 7], Buffer.from([0x15, 0x03]))
    const tuples = [[], [0], [-5551212], ['é'], [Buffer.from([0, 1, 0xff])], [true, false, null], [1.5], [2n ** 70n], [['x', [null]]]]
    for (const t of tuples) expect(s.unpack(s.pack(t))).toEqual(unpack(pack(t)))
  })
  it('packWithVersionstamp counts the prefix in the offset', () => {
    const log = new Subspace([], Buffer.from([0xfe]))
    const key = log.packWithVersionstamp([Versionstamp.incomplete(5)])
    // fe 33 <10 x ff> 00 05, then the offset 2 as little-endian uint32
    expect(hex(key)).toBe('fe33' + 'ff'.repeat(10) + '0005' + '02000000')
    const named = new Subspace(['log'])
    expect(hex(named.packWithVersionstamp(['e', Versionstamp.incomplete()]))).toBe(
      '026c6f6700' + '026500' + '33' + 'ff'.repeat(10) + '0000' + '09000000', // 5 + 3 bytes, then 33: the stamp starts at 9
    )
  })
  it('packWithVersionstamp without an incomplete versionstamp is a FoundError', () => {
    expect(foundCode(() => users.packWithVersionstamp([1]))).toBe(ErrorCode.invalidArgument)
  })
})

describe('Subspace.range / contains', () => {
  const users = new Subspace(['users'])
  it('range() is [prefix + 00, prefix + ff)', () => {
    const { begin, end } = users.range()
    expect(hex(begin)).toBe('0275736572730000')
    expect(hex(end)).toBe('02757365727300ff')
  })
  it('range(items) is [prefix + pack(items) + 00, prefix + pack(items) + ff)', () => {
    const { begin, end } = users.range([42])
    expect(hex(begin)).toBe('02757365727300152a00')
    expect(hex(end)).toBe('02757365727300152aff')
  })
  it('range holds the keys that extend the tuple, not the tuple itself', () => {
    const { begin, end } = users.range([42])
    const inside = [users.pack([42, 0]), users.pack([42, 'z']), users.pack([42, null]), users.pack([42, [1]])]
    for (const k of inside) {
      expect(Buffer.compare(k, begin)).toBeGreaterThanOrEqual(0)
      expect(Buffer.compare(k, end)).toBeLessThan(0)
    }
    expect(Buffer.compare(users.pack([42]), begin)).toBeLessThan(0)
    expect(Buffer.compare(users.pack([43]), end)).toBeGreaterThanOrEqual(0)
  })
  it('the empty subspace ranges over [00, ff)', () => {
    const { begin, end } = new Subspace().range()
    expect(hex(begin)).toBe('00')
    expect(hex(end)).toBe('ff')
  })
  it('contains: the prefix and every longer key starting with it', () => {
    expect(users.contains(users.key())).toBe(true)
    expect(users.contains(users.pack([1, 2]))).toBe(true)
    expect(users.contains(h('0275736572'))).toBe(false)
    expect(users.contains(pack(['usert']))).toBe(false)
    expect(new Subspace().contains(h(''))).toBe(true)
    expect(new Subspace().contains(h('ff'))).toBe(true)
  })
})

describe('Subspace.subspace: nesting', () => {
  it('nests by packing after the prefix', () => {
    const app = new Subspace(['app'])
    expect(app.subspace(['users']).key()).toEqual(new Subspace(['app', 'users']).key())
    expect(app.subspace(['users']).subspace([42]).key()).toEqual(pack(['app', 'users', 42]))
    expect(app.subspace([]).key()).toEqual(app.key())
  })
  it('keeps the raw prefix', () => {
    const s = new Subspace(['x'], Buffer.from([0xfe])).subspace(['y'])
    expect(hex(s.key())).toBe('fe' + '027800' + '027900')
    expect(s.unpack(s.pack([1]))).toEqual([1])
    expect(new Subspace(['x'], Buffer.from([0xfe])).unpack(s.pack([1]))).toEqual(['y', 1])
  })
  it('a nested subspace is contained in its parent', () => {
    const parent = new Subspace(['p'])
    const child = parent.subspace([1])
    expect(parent.contains(child.pack(['a']))).toBe(true)
    expect(child.contains(parent.pack([2]))).toBe(false)
    const { begin, end } = parent.range()
    expect(Buffer.compare(child.range().begin, begin)).toBeGreaterThan(0)
    expect(Buffer.compare(child.range().end, end)).toBeLessThan(0)
  })
})

describe('Subspace: immutability', () => {
  it('copies the raw prefix it is given', () => {
    const raw = Buffer.from([0x01, 0x02])
    const s = new Subspace([], raw)
    raw[0] = 0x09
    expect(hex(s.key())).toBe('0102')
  })
  it('key() returns a copy', () => {
    const s = new Subspace(['a'])
    const k = s.key()
    k[0] = 0x09
    expect(hex(s.key())).toBe('026100')
    expect(hex(s.pack([1]))).toBe('0261001501')
  })
  it('toString shows the prefix', () => {
    expect(String(new Subspace(['a']))).toBe('Subspace(<026100>)')
  })
})

describe('Subspace: argument checks', () => {
  it('the constructor wants an array and a Uint8Array', () => {
    expect(() => new Subspace('users' as never)).toThrow(TypeError)
    expect(() => new Subspace([], 'raw' as never)).toThrow(/rawPrefix must be a Uint8Array/)
    expect(() => new Subspace([undefined as never])).toThrow(TypeError)
    expect(() => new Subspace([{} as never])).toThrow(TypeError)
  })
  it('pack, range and subspace want arrays of tuple items', () => {
    const s = new Subspace(['a'])
    expect(() => s.pack('x' as never)).toThrow(/Subspace.pack: items must be an array/)
    expect(() => s.pack([Symbol('x') as never])).toThrow(TypeError)
    expect(() => s.range(5 as never)).toThrow(/Subspace.range: items must be an array/)
    expect(() => s.subspace(null as never)).toThrow(/Subspace.subspace: items must be an array/)
    expect(() => s.packWithVersionstamp({} as never)).toThrow(TypeError)
  })
  it('unpack and contains want a Uint8Array', () => {
    const s = new Subspace(['a'])
    expect(() => s.unpack('026100' as never)).toThrow(/Subspace.unpack: key must be a Uint8Array/)
    expect(() => s.contains(null as never)).toThrow(/Subspace.contains: key must be a Uint8Array/)
    expect(() => s.contains([2, 0x61, 0] as never)).toThrow(TypeError)
  })
  it('an incomplete versionstamp cannot be packed with pack', () => {
    expect(foundCode(() => new Subspace(['a']).pack([Versionstamp.incomplete()]))).toBe(ErrorCode.invalidArgument)
  })
})
