// FoundationDB's byteMax / byteMin compare values as byte strings (lexicographically, a prefix first), unlike
// max / min, which compare little-endian integers; and a versionstamp operand's 4-byte offset must leave room for
// the 10-byte stamp.
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { applyAtomic, splitVersionstampOperand } from './atomic.js'

const b = (s: string): Buffer => Buffer.from(s, 'latin1')

describe('byteMax and byteMin', () => {
  it('byteMax keeps the stored value when it is the larger byte string, else takes the operand', () => {
    expect(applyAtomic('byteMax', b('b'), b('a'))).toEqual(b('b'))
    expect(applyAtomic('byteMax', b('b'), b('ab'))).toEqual(b('b')) // lexicographic, not by length
    expect(applyAtomic('byteMax', b('a'), b('b'))).toEqual(b('b'))
    expect(applyAtomic('byteMax', b('ab'), b('a'))).toEqual(b('ab')) // a prefix is smaller
    expect(applyAtomic('byteMax', null, b('a'))).toEqual(b('a'))
  })

  it('byteMin keeps the stored value when it is the smaller byte string, else takes the operand', () => {
    expect(applyAtomic('byteMin', b('a'), b('b'))).toEqual(b('a'))
    expect(applyAtomic('byteMin', b('b'), b('a'))).toEqual(b('a'))
    expect(applyAtomic('byteMin', b('b'), b('ab'))).toEqual(b('ab'))
    expect(applyAtomic('byteMin', b('a'), b('ab'))).toEqual(b('a')) // a prefix is smaller
    expect(applyAtomic('byteMin', null, b('z'))).toEqual(b('z'))
  })
})

describe('splitVersionstampOperand', () => {
  function refusal(operand: Buffer): FoundError {
    try {
      splitVersionstampOperand(operand, 'setVersionstampedValue')
    } catch (e) {
      return e as FoundError
    }
    throw new Error('not refused')
  }

  it('refuses fewer than 4 bytes as having no offset, and 4 bytes (an empty body) as leaving no room for the stamp', () => {
    const short = refusal(b('\x00\x00\x00'))
    expect(short.code).toBe(ErrorCode.clientInvalidOperation)
    expect(short.message).toMatch(/must end with a 4-byte little-endian versionstamp offset \(it has 3 bytes\)/)
    const emptyBody = refusal(b('\x00\x00\x00\x00'))
    expect(emptyBody).toBeInstanceOf(FoundError)
    expect(emptyBody.code).toBe(ErrorCode.clientInvalidOperation)
    expect(emptyBody.message).toMatch(/versionstamp offset 0 leaves no room for the 10-byte versionstamp in 0 bytes/)
  })

  it('splits a body of exactly 10 bytes with offset 0', () => {
    const { body, offset } = splitVersionstampOperand(Buffer.concat([Buffer.alloc(10, 7), b('\x00\x00\x00\x00')]), 'x')
    expect(offset).toBe(0)
    expect(body).toEqual(Buffer.alloc(10, 7))
  })
})
