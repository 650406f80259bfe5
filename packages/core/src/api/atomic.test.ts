// The operands of the atomic operations: FoundationDB's add, min and max
// take little-endian two's-complement integers (design: "ADD ... interprets
// both as little-endian integers"). Expected bytes written out by hand.
import { describe, expect, it } from 'vitest'
import { littleEndian, readLittleEndian } from './atomic.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

describe('littleEndian', () => {
  it('writes the low byte first, 8 bytes by default', () => {
    expect(hex(littleEndian(1))).toBe('0100000000000000')
    expect(hex(littleEndian(0x0102))).toBe('0201000000000000')
    expect(hex(littleEndian(0x0102, 2))).toBe('0201')
    expect(hex(littleEndian(0))).toBe('0000000000000000')
  })

  it('writes negative numbers in two’s complement, and wraps to the width', () => {
    expect(hex(littleEndian(-1))).toBe('ffffffffffffffff')
    expect(hex(littleEndian(-2, 4))).toBe('feffffff')
    expect(hex(littleEndian(256, 1))).toBe('00')
    expect(hex(littleEndian(2n ** 63n - 1n))).toBe('ffffffffffffff7f')
    expect(hex(littleEndian(-(2n ** 63n)))).toBe('0000000000000080')
    expect(hex(littleEndian(Number.MAX_SAFE_INTEGER))).toBe('ffffffffffff1f00')
  })

  it('takes widths from 1 to 64 bytes', () => {
    expect(littleEndian(5, 1)).toHaveLength(1)
    expect(hex(littleEndian(5, 64))).toBe('05' + '00'.repeat(63))
    expect(hex(littleEndian(-1, 64))).toBe('ff'.repeat(64))
  })

  it('refuses what is not a safe integer, and widths outside 1..64, with a TypeError', () => {
    expect(() => littleEndian('1' as never)).toThrow(TypeError)
    expect(() => littleEndian(null as never)).toThrow(TypeError)
    expect(() => littleEndian(1.5)).toThrow(/1.5 is not a safe integer/)
    expect(() => littleEndian(2 ** 53)).toThrow(TypeError)
    expect(() => littleEndian(1, 0)).toThrow(/bytes must be an integer from 1 to 64/)
    expect(() => littleEndian(1, 65)).toThrow(/bytes must be an integer from 1 to 64/)
    expect(() => littleEndian(1, 2.5)).toThrow(TypeError)
  })
})

describe('readLittleEndian', () => {
  it('reads a signed little-endian integer of the value’s own width', () => {
    expect(readLittleEndian(Buffer.from('0100000000000000', 'hex'))).toBe(1n)
    expect(readLittleEndian(Buffer.from('ffffffffffffffff', 'hex'))).toBe(-1n)
    expect(readLittleEndian(Buffer.from('ff7f', 'hex'))).toBe(32767n)
    expect(readLittleEndian(Buffer.from('0080', 'hex'))).toBe(-32768n)
    expect(readLittleEndian(Buffer.from('0201', 'hex'))).toBe(0x0102n)
    expect(readLittleEndian(littleEndian(-123456789n))).toBe(-123456789n)
  })

  it('keeps null (an absent key), and refuses what is not bytes', () => {
    expect(readLittleEndian(null)).toBeNull()
    expect(() => readLittleEndian('01' as never)).toThrow(TypeError)
  })
})
