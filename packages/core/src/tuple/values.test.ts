// The value classes: Float32, Float64, Uuid, Versionstamp.
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { Float32, Float64, Uuid, Versionstamp, float32, float64 } from './index.js'

const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

const bytes = (h: string) => Buffer.from(h, 'hex')

function expectFound(fn: () => unknown, code: number, message: RegExp): void {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(FoundError)
    expect((e as FoundError).code).toBe(code)
    expect((e as Error).message).toMatch(message)
    return
  }
  expect.unreachable('expected a FoundError')
}

describe('Float32', () => {
  it('rounds to single precision and keeps bits', () => {
    expect(float32(0.1).value).toBe(Math.fround(0.1))
    expect(hexOf(new Float32(1.5).toBytes())).toBe('3fc00000')
    expect(hexOf(float32(NaN).toBytes())).toBe('7fc00000')
    expect(hexOf(Float32.fromBytes(bytes('7fc00001')).toBytes())).toBe('7fc00001')
    expect(String(float32(1.5))).toBe('Float32(1.5)')
  })

  it('compares bitwise and in the IEEE total order', () => {
    expect(float32(0).equals(float32(-0))).toBe(false)
    expect(float32(NaN).equals(float32(NaN))).toBe(true)
    const order = [
      Float32.fromBytes(bytes('ffc00000')), // -NaN
      float32(-Infinity),
      float32(-1),
      float32(-0),
      float32(0),
      float32(1e-45),
      float32(1),
      float32(Infinity),
      float32(NaN),
    ]
    for (let i = 0; i + 1 < order.length; i++) expect(order[i]!.compareTo(order[i + 1]!)).toBeLessThan(0)
  })

  it('refuses bad arguments', () => {
    expect(() => new Float32('1' as unknown as number)).toThrow(TypeError)
    expect(() => Float32.fromBytes([1, 2, 3, 4] as unknown as Uint8Array)).toThrow(TypeError)
    expectFound(() => Float32.fromBytes(bytes('0102')), ErrorCode.invalidArgument, /4 bytes/)
  })
})

describe('Float64', () => {
  it('keeps value and bits', () => {
    expect(float64(2).value).toBe(2)
    expect(hexOf(new Float64(1).toBytes())).toBe('3ff0000000000000')
    expect(hexOf(float64(NaN).toBytes())).toBe('7ff8000000000000')
    // NaN right after a number with a non-zero low word is still canonical (found by mutation testing: no low word left over).
    expect(hexOf(float64(1.1).toBytes())).toBe('3ff199999999999a')
    expect(hexOf(float64(NaN).toBytes())).toBe('7ff8000000000000')
    expect(hexOf(Float64.fromBytes(bytes('7ff0000000000001')).toBytes())).toBe('7ff0000000000001')
    expect(String(float64(1))).toBe('Float64(1)')
  })

  it('compares bitwise and in the IEEE total order', () => {
    expect(float64(1).equals(float64(1))).toBe(true)
    expect(float64(0).equals(float64(-0))).toBe(false)
    // Same high word, different low word (found by mutation testing: equals once ignored the low word).
    expect(float64(1).equals(float64(1 + Number.EPSILON))).toBe(false)
    expect(float64(-Infinity).compareTo(float64(NaN))).toBeLessThan(0)
    expect(float64(-0).compareTo(float64(0))).toBeLessThan(0)
    expect(Float64.fromBytes(bytes('fff8000000000000')).compareTo(float64(-Infinity))).toBeLessThan(0)
    expect(float64(2).compareTo(float64(2))).toBe(0)
    // Same high word, ordered by the low word: positive numbers as it is, negative ones reversed.
    expect(float64(1).compareTo(float64(1 + Number.EPSILON))).toBe(-1)
    expect(float64(1 + Number.EPSILON).compareTo(float64(1))).toBe(1)
    expect(float64(-1).compareTo(float64(-1 - Number.EPSILON))).toBe(1)
    expect(float64(-1 - Number.EPSILON).compareTo(float64(-1))).toBe(-1)
  })

  it('refuses bad arguments', () => {
    expect(() => float64(1n as unknown as number)).toThrow(/Float64: value must be a number/)
    expectFound(() => Float64.fromBytes(bytes('01')), ErrorCode.invalidArgument, /8 bytes/)
  })
})

describe('Uuid', () => {
  const text = '6ba7b810-9dad-11d1-80b4-00c04fd430c8'

  it('parses and prints', () => {
    expect(Uuid.fromString(text).toString()).toBe(text)
    expect(Uuid.fromString(text.toUpperCase()).toString()).toBe(text)
    expect(Uuid.fromString(text.replace(/-/g, '')).toString()).toBe(text)
    expect(hexOf(Uuid.fromString(text).toBytes())).toBe(text.replace(/-/g, ''))
    expect(new Uuid(new Uint8Array(16)).toString()).toBe('00000000-0000-0000-0000-000000000000')
  })

  it('copies its bytes', () => {
    const b = Buffer.alloc(16)
    const u = new Uuid(b)
    b[0] = 1
    expect(u.toBytes()[0]).toBe(0)
    u.toBytes()[1] = 5
    expect(u.toBytes()[1]).toBe(0)
  })

  it('copies 16 bytes from an offset (copyFrom)', () => {
    const key = Buffer.concat([Buffer.from([0x02, 0x61, 0x00, 0x30]), Buffer.from(text.replace(/-/g, ''), 'hex'), Buffer.from([0x14])])
    const u = Uuid.copyFrom(key, 4)
    expect(u.toString()).toBe(text)
    expect(u.equals(Uuid.fromString(text))).toBe(true)
    key[4] = 0
    expect(u.toString()).toBe(text)
    expect(Uuid.copyFrom(new Uint8Array(16).fill(0xff)).toString()).toBe('ffffffff-ffff-ffff-ffff-ffffffffffff')
    // The last 16 bytes of 21: offset 5 is the last that fits.
    expect(Uuid.copyFrom(key, 5).toBytes()).toEqual(key.subarray(5, 21))
  })

  it('compares bytes unsigned', () => {
    const a = Uuid.fromString('00000000-0000-0000-0000-000000000001')
    const b = Uuid.fromString('ff000000-0000-0000-0000-000000000000')
    expect(a.compareTo(b)).toBeLessThan(0)
    expect(b.compareTo(a)).toBeGreaterThan(0)
    expect(a.equals(Uuid.fromString('00000000000000000000000000000001'))).toBe(true)
    expect(a.equals(b)).toBe(false)
    // Equal up to the last byte.
    expect(a.compareTo(Uuid.fromString('00000000-0000-0000-0000-000000000002'))).toBeLessThan(0)
    expect(a.equals(Uuid.fromString('00000000-0000-0000-0000-000000000002'))).toBe(false)
  })

  it('makes random version-4 UUIDs', () => {
    const u = Uuid.random()
    expect(u.toString()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(u.equals(Uuid.random())).toBe(false)
  })

  it('refuses bad arguments', () => {
    expect(() => new Uuid('x' as unknown as Uint8Array)).toThrow(TypeError)
    expectFound(() => new Uuid(new Uint8Array(15)), ErrorCode.invalidArgument, /16 bytes, got 15/)
    expect(() => Uuid.copyFrom([1, 2] as unknown as Uint8Array)).toThrow(/Uuid.copyFrom: bytes must be a Uint8Array/)
    expect(() => Uuid.copyFrom(new Uint8Array(20), 1.5)).toThrow(/Uuid.copyFrom: offset must be an integer, got number 1.5/)
    expect(() => Uuid.copyFrom(new Uint8Array(20), '1' as unknown as number)).toThrow(TypeError)
    expectFound(() => Uuid.copyFrom(new Uint8Array(20), -1), ErrorCode.invalidArgument, /offset must not be negative, got -1/)
    expectFound(() => Uuid.copyFrom(new Uint8Array(20), 5), ErrorCode.invalidArgument, /16 bytes, and 20 bytes have 15 from offset 5/)
    expectFound(() => Uuid.copyFrom(new Uint8Array(20), 30), ErrorCode.invalidArgument, /20 bytes have 0 from offset 30/)
    expectFound(() => Uuid.copyFrom(new Uint8Array(15)), ErrorCode.invalidArgument, /15 bytes have 15 from offset 0/)
    expect(() => Uuid.fromString(5 as unknown as string)).toThrow(TypeError)
    expectFound(() => Uuid.fromString('not-a-uuid'), ErrorCode.invalidArgument, /is not a UUID/)
    expectFound(() => Uuid.fromString(text + '0'), ErrorCode.invalidArgument, /is not a UUID/)
  })
})

describe('Versionstamp', () => {
  const tr = bytes('00000000000000010002')

  it('builds complete and incomplete versionstamps', () => {
    const done = Versionstamp.complete(tr, 7)
    expect(done.isComplete()).toBe(true)
    expect(done.userVersion).toBe(7)
    expect(hexOf(done.transactionVersion!)).toBe('00000000000000010002')
    expect(hexOf(done.toBytes())).toBe('000000000000000100020007')
    const open = Versionstamp.incomplete(3)
    expect(open.isComplete()).toBe(false)
    expect(open.transactionVersion).toBeNull()
    expect(hexOf(open.toBytes())).toBe('ffffffffffffffffffff0003')
    expect(Versionstamp.incomplete().userVersion).toBe(0)
    expect(Versionstamp.complete(tr).userVersion).toBe(0)
    expect(String(done)).toBe('Versionstamp(00000000000000010002, 7)')
    expect(String(open)).toBe('Versionstamp(incomplete, 3)')
  })

  it('round-trips through bytes', () => {
    const done = Versionstamp.complete(tr, 65535)
    expect(Versionstamp.fromBytes(done.toBytes()).equals(done)).toBe(true)
    const open = Versionstamp.fromBytes(bytes('ffffffffffffffffffff0102'))
    expect(open.isComplete()).toBe(false)
    expect(open.userVersion).toBe(0x0102)
  })

  it('completes an incomplete versionstamp', () => {
    const done = Versionstamp.incomplete(9).completed(tr)
    expect(done.equals(Versionstamp.complete(tr, 9))).toBe(true)
    expectFound(() => done.completed(tr), ErrorCode.invalidArgument, /already complete/)
  })

  it('copies its transaction version', () => {
    const src = Buffer.from(tr)
    const vs = Versionstamp.complete(src)
    src[0] = 0xaa
    vs.transactionVersion![1] = 0xbb
    expect(hexOf(vs.toBytes())).toBe('000000000000000100020000')
  })

  it('orders by transaction version, then user version, incomplete last', () => {
    const order = [
      Versionstamp.complete(bytes('00000000000000000001'), 5),
      Versionstamp.complete(tr, 0),
      Versionstamp.complete(tr, 1),
      Versionstamp.complete(bytes('fffffffffffffffffffe'), 0),
      Versionstamp.incomplete(0),
      Versionstamp.incomplete(1),
    ]
    for (let i = 0; i + 1 < order.length; i++) {
      expect(order[i]!.compareTo(order[i + 1]!)).toBeLessThan(0)
      expect(order[i + 1]!.compareTo(order[i]!)).toBeGreaterThan(0)
      expect(Buffer.compare(order[i]!.toBytes(), order[i + 1]!.toBytes())).toBe(-1)
    }
    expect(Versionstamp.incomplete(1).equals(Versionstamp.incomplete(1))).toBe(true)
    expect(Versionstamp.incomplete(1).equals(Versionstamp.incomplete(2))).toBe(false)
  })

  it('validates user versions and transaction versions', () => {
    expectFound(() => Versionstamp.incomplete(65536), ErrorCode.invalidArgument, /userVersion must be in 0..65535, got 65536/)
    expectFound(() => Versionstamp.incomplete(-1), ErrorCode.invalidArgument, /0..65535/)
    expect(() => Versionstamp.incomplete(1.5)).toThrow(/userVersion must be an integer/)
    expect(() => Versionstamp.incomplete('1' as unknown as number)).toThrow(TypeError)
    expectFound(() => Versionstamp.complete(tr, 70000), ErrorCode.invalidArgument, /0..65535/)
    expectFound(() => Versionstamp.complete(bytes('0102')), ErrorCode.invalidArgument, /10 bytes long, got 2/)
    expect(() => Versionstamp.complete('x' as unknown as Uint8Array)).toThrow(TypeError)
    expectFound(
      () => Versionstamp.complete(Buffer.alloc(10, 0xff)),
      ErrorCode.invalidArgument,
      /mark an incomplete versionstamp/,
    )
    expectFound(() => Versionstamp.fromBytes(bytes('01')), ErrorCode.invalidArgument, /12 bytes, got 1/)
    expect(() => Versionstamp.fromBytes(null as unknown as Uint8Array)).toThrow(TypeError)
    // Refused by name, not by an accident further on (an array of 12 numbers has the right length).
    expect(() => Versionstamp.fromBytes(null as unknown as Uint8Array)).toThrow(/^Versionstamp.fromBytes: bytes must be a Uint8Array \(or Buffer\), got null$/)
    expect(() => Versionstamp.fromBytes(new Array(12).fill(1) as unknown as Uint8Array)).toThrow(/Versionstamp.fromBytes: bytes must be a Uint8Array/)
  })
})

describe('console.log / util.inspect of the value classes', () => {
  it('shows each value as its toString', () => {
    expect(inspect(float32(1.5))).toBe('Float32(1.5)')
    expect(inspect(float64(1))).toBe('Float64(1)')
    expect(inspect(Uuid.fromString('6ba7b810-9dad-11d1-80b4-00c04fd430c8'))).toBe('Uuid(6ba7b810-9dad-11d1-80b4-00c04fd430c8)')
    expect(inspect(Versionstamp.incomplete(3))).toBe('Versionstamp(incomplete, 3)')
    expect(inspect([Versionstamp.complete(bytes('00000000000000010002'), 7)])).toBe('[ Versionstamp(00000000000000010002, 7) ]')
  })
})
