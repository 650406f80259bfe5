import { describe, expect, it } from 'vitest'
import { bytesCodec, ErrorCode, FoundError, jsonCodec, jsonCodecOf, stringCodec, tupleCodec, type ValueCodec } from '../index.js'

function expectFound(fn: () => unknown, code: number, message: RegExp): void {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(caught).toBeInstanceOf(FoundError)
  expect((caught as FoundError).code).toBe(code)
  expect((caught as FoundError).message).toMatch(message)
}

describe('value codecs', () => {
  it('bytesCodec round-trips bytes and refuses anything else', () => {
    const b = Uint8Array.from([0, 1, 255])
    expect(Buffer.from(bytesCodec.decode(bytesCodec.encode(b)))).toEqual(Buffer.from([0, 1, 255]))
    expect(() => bytesCodec.encode('abc' as unknown as Uint8Array)).toThrow(TypeError)
    expect(() => bytesCodec.decode(null as unknown as Uint8Array)).toThrow(TypeError)
  })

  it('stringCodec is UTF-8, order-preserving, and strict', () => {
    for (const s of ['', 'héllo', 'привет', '😀', 'a\u0000b']) expect(stringCodec.decode(stringCodec.encode(s))).toBe(s)
    expect(Buffer.from(stringCodec.encode('é')).toString('hex')).toBe('c3a9')
    const sorted = ['a', 'é', 'z', '😀', '\uffff'].sort()
    const byBytes = [...sorted].sort((x, y) => Buffer.compare(stringCodec.encode(x), stringCodec.encode(y)))
    expect(byBytes).toEqual(['a', 'z', 'é', '\uffff', '😀']) // code point order
    expect(() => stringCodec.encode(5 as unknown as string)).toThrow(TypeError)
    expect(() => stringCodec.encode('\ud800x')).toThrow(/lone surrogate/)
    expectFound(() => stringCodec.decode(Buffer.from([0xc3])), ErrorCode.corruptData, /not valid UTF-8/)
    expectFound(() => stringCodec.decode(Buffer.from([0xff, 0xfe])), ErrorCode.corruptData, /UTF-8/)
  })

  it('jsonCodec round-trips JSON and refuses what JSON cannot give back', () => {
    const v = { name: 'ada', tags: ['x', 'y'], age: 36, admin: false, boss: null, nested: { deep: [1, [2]] } }
    expect(jsonCodec.decode(jsonCodec.encode(v))).toEqual(v)
    for (const x of [0, -1.5, 'str', true, null, []]) expect(jsonCodec.decode(jsonCodec.encode(x))).toEqual(x)
    const bad: unknown[] = [undefined, () => 1, Symbol('s'), 10n, NaN, Infinity, { a: [1, -Infinity] }]
    for (const x of bad) expect(() => jsonCodec.encode(x as never), String(x)).toThrow(TypeError)
    const cycle: Record<string, unknown> = {}
    cycle['self'] = cycle
    expect(() => jsonCodec.encode(cycle as never)).toThrow(TypeError)
    expectFound(() => jsonCodec.decode(Buffer.from('{"a":')), ErrorCode.corruptData, /not JSON/)
    expectFound(() => jsonCodec.decode(Buffer.from([0xc3])), ErrorCode.corruptData, /UTF-8/)
  })

  it('jsonCodecOf types the JSON codec', () => {
    interface User {
      name: string
      age: number
    }
    const users: ValueCodec<User> = jsonCodecOf<User>()
    expect(users.decode(users.encode({ name: 'ada', age: 36 })).age).toBe(36)
  })

  it('tupleCodec is the tuple encoding', () => {
    const t = ['ada', 36, true, null, [1n << 70n], Buffer.from([1])]
    expect(tupleCodec.decode(tupleCodec.encode(t))).toEqual(t)
    expect(() => tupleCodec.encode('nope' as never)).toThrow(TypeError)
    expect(() => tupleCodec.encode([undefined] as never)).toThrow(TypeError)
    expectFound(() => tupleCodec.decode(Buffer.from([0x02, 0x61])), ErrorCode.corruptData, /./)
  })

  it('the built-in codecs are frozen', () => {
    for (const c of [bytesCodec, stringCodec, jsonCodec, tupleCodec]) expect(Object.isFrozen(c)).toBe(true)
  })
})
