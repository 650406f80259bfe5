import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FoundError } from '../../errors.js'
import { MAX_VERSION, versionFromBytes, versionToBytes } from './version.js'

describe('fdb version conversion', () => {
  it('encodes versions as 8 big-endian bytes, as the binding expects', () => {
    expect([...versionToBytes(1n)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1])
    expect([...versionToBytes(0x0102030405060708n)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect([...versionToBytes(MAX_VERSION)]).toEqual([0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
  })

  it('reads the 8-byte big-endian buffers the binding returns', () => {
    expect(versionFromBytes(Buffer.from([0, 0, 0, 0, 0, 0, 0x30, 0x39]))).toBe(12345n)
    expect(versionFromBytes(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))).toBe(0x0102030405060708n)
  })

  it('keeps the -1 FoundationDB reports as the committed version of a read-only transaction', () => {
    expect(versionFromBytes(Buffer.alloc(8, 0xff))).toBe(-1n)
  })

  it('reads a version from a view into a larger buffer', () => {
    const backing = Buffer.from([9, 9, 0, 0, 0, 0, 0, 0, 0, 42, 9])
    expect(versionFromBytes(backing.subarray(2, 10))).toBe(42n)
  })

  it('round-trips every valid version', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: MAX_VERSION }), (v) => {
        expect(versionFromBytes(versionToBytes(v))).toBe(v)
      }),
    )
  })

  it('rejects versions FoundationDB does not accept with 2011 (version_invalid)', () => {
    for (const bad of [0n, -1n, MAX_VERSION + 1n]) {
      expect(() => versionToBytes(bad)).toThrow(expect.objectContaining({ code: 2011 }))
    }
  })

  it('rejects a non-bigint with invalidArgument', () => {
    expect(() => versionToBytes(5 as unknown as bigint)).toThrow(FoundError)
    expect(() => versionToBytes(5 as unknown as bigint)).toThrow(expect.objectContaining({ code: 9001 }))
  })

  it('reports a malformed buffer from the binding as an internal error', () => {
    expect(() => versionFromBytes(Buffer.alloc(4))).toThrow(expect.objectContaining({ code: 4100 }))
  })
})
