import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { PackedPairs, packPairs } from './packed.js'

const pairs: Array<[Buffer, Buffer]> = [
  [Buffer.from('a'), Buffer.from('one')],
  [Buffer.from('b'.repeat(40)), Buffer.alloc(0)],
  [Buffer.alloc(0), Buffer.from('three')],
]

describe('PackedPairs', () => {
  it('packs pairs back to back and gives them back as views', () => {
    const packed = PackedPairs.of(pairs)
    expect(packed.length).toBe(3)
    expect(packed.bytes.toString()).toBe('aone' + 'b'.repeat(40) + 'three')
    expect([...packed.offsets]).toEqual([0, 1, 4, 44, 44, 44, 49])
    expect([...packed]).toEqual(pairs)
    expect(packed.keyLength(1)).toBe(40)
    expect(packed.valueLength(1)).toBe(0)
    // Views, not copies: they share the batch's bytes.
    expect(packed.value(0).buffer).toBe(packed.bytes.buffer)
  })

  it('packs latin1 string keys (the embedded engine’s) like their bytes, short and long', () => {
    const keys = ['\x00\xff', 'k'.repeat(33)]
    const values = [Buffer.from([1]), Buffer.from([2, 3])]
    const packed = packPairs(keys, values)
    expect(packed.key(0)).toEqual(Buffer.from([0, 255]))
    expect(packed.key(1)).toEqual(Buffer.from('k'.repeat(33)))
    expect(packed.value(1)).toEqual(Buffer.from([2, 3]))
  })

  it('packs a batch of latin1 strings only (keys and values, joined) like their bytes, every offset in place', () => {
    const keys = ['\x00\xff', 'k'.repeat(45), '', 'z\x01']
    const values = ['', '\x01', 'v'.repeat(30), '\xfe\x00']
    const packed = packPairs(keys, values)
    expect(packed.length).toBe(4)
    expect([...packed]).toEqual(keys.map((k, i) => [Buffer.from(k, 'latin1'), Buffer.from(values[i]!, 'latin1')]))
    expect(packed.bytes.length).toBe(keys.join('').length + values.join('').length)
    expect(packed.offsets[packed.offsets.length - 1]).toBe(packed.bytes.length)
    // One pair of strings packs like a batch of them.
    expect([...packPairs(['\xe9t\xe9'], ['x'])]).toEqual([[Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('x')]])
  })

  it('an empty batch has no pairs', () => {
    const packed = packPairs([], [])
    expect(packed.length).toBe(0)
    expect([...packed]).toEqual([])
  })

  it('rejects bad indexes and malformed offsets', () => {
    const packed = PackedPairs.of(pairs)
    for (const index of [-1, 3, 1.5, Number.NaN]) {
      expect(() => packed.key(index)).toThrow(FoundError)
      expect(() => packed.value(index)).toThrow(/outside 0\.\.2/)
    }
    expect(() => packed.key('0' as unknown as number)).toThrow(TypeError)
    expect(() => new PackedPairs(Buffer.alloc(4), new Uint32Array([0, 2]))).toThrow(TypeError)
    expect(() => new PackedPairs('x' as unknown as Buffer, new Uint32Array([0, 0, 0]))).toThrow(TypeError)
    const past = (() => {
      try {
        new PackedPairs(Buffer.alloc(4), new Uint32Array([0, 2, 5]))
      } catch (error) {
        return error
      }
    })()
    expect(past).toBeInstanceOf(FoundError)
    expect((past as FoundError).code).toBe(ErrorCode.invalidArgument)
    expect(() => new PackedPairs(Buffer.alloc(4), new Uint32Array([0, 3, 2]))).toThrow(/must not decrease/)
  })
})
