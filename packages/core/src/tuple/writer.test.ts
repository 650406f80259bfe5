// pack writes into one output buffer that it keeps between calls (4 KiB, grown
// on demand, dropped back to 4 KiB once it grew past 64 KiB). These tests put
// every kind of element right across the end of that buffer, and call pack
// from inside pack, where a wrong size or a shared buffer would lose or mix bytes.
import { describe, expect, it } from 'vitest'
import { Uuid, Versionstamp, float32, float64, pack, packWithVersionstamp, unpack } from './index.js'
import type { TupleItem } from './index.js'

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const INITIAL = 4096

/** Leaves pack's kept buffer at its initial 4 KiB (a buffer grown past 64 KiB is not kept). */
function resetWriter(): void {
  pack([Buffer.alloc(70_000, 1)])
}

const withZeros = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i))
const elements: Array<[string, TupleItem]> = [
  ['null', null],
  ['true', true],
  ['empty string', ''],
  ['short ASCII string', 'abc'],
  ['short string with NULs', '\0a\0'],
  ['short non-ASCII string', '\u00e9\u4e2d\ud83d\udd25'],
  ['long ASCII string', 'x'.repeat(40)],
  ['long string with a NUL', 'y'.repeat(40) + '\0'],
  ['long non-ASCII string', '\u4e2d'.repeat(40)],
  ['empty bytes', Buffer.alloc(0)],
  ['short bytes with zeros', withZeros(10)],
  ['long bytes with zeros', withZeros(60)],
  ['bytes of zeros only', new Uint8Array(20)],
  ['1-byte integer', 7],
  ['4-byte negative integer', -0x12345678],
  ['7-byte integer', Number.MAX_SAFE_INTEGER],
  ['8-byte bigint', 2n ** 63n],
  ['big integer', -(2n ** 100n)],
  ['double', 0.5],
  ['float64', float64(1)],
  ['float32', float32(-42)],
  ['uuid', Uuid.fromString('0123456789abcdef0123456789abcdef')],
  ['complete versionstamp', Versionstamp.complete(Buffer.alloc(10, 3), 9)],
  ['nested tuple', [null, 'a', [1]]],
]

describe("pack's kept output buffer", () => {
  it('writes every kind of element across the end of the buffer, at every offset near it', () => {
    for (const [name, item] of elements) {
      const alone = Buffer.from(pack([item]))
      for (let at = INITIAL - alone.length - 2; at <= INITIAL + 1; at++) {
        const prefix = Buffer.alloc(at, 0xab)
        resetWriter()
        const packed = pack([item], prefix)
        expect(hex(packed), `${name} at ${at}`).toBe(hex(Buffer.concat([prefix, alone])))
      }
    }
  })

  it('grows past twice its size for one large element', () => {
    const big = Buffer.alloc(3 * INITIAL, 0x61)
    resetWriter()
    expect(hex(pack([big]))).toBe('01' + '61'.repeat(3 * INITIAL) + '00')
    resetWriter()
    expect(pack(['b'.repeat(3 * INITIAL)])).toEqual(Buffer.from('02' + '62'.repeat(3 * INITIAL) + '00', 'hex'))
  })

  it('appends the versionstamp offset of packWithVersionstamp across the end of the buffer', () => {
    const stamp = Versionstamp.incomplete(5)
    for (let at = INITIAL - 20; at <= INITIAL; at++) {
      resetWriter()
      const packed = packWithVersionstamp(['k', stamp], Buffer.alloc(at, 0xab))
      const offset = Buffer.alloc(4)
      offset.writeUInt32LE(at + 4, 0) // 02 6b 00, then 33: the 10 bytes start 4 bytes into the tuple
      expect(hex(packed), `at ${at}`).toBe('ab'.repeat(at) + '026b0033' + 'ff'.repeat(10) + '0005' + hex(offset))
    }
  })

  it('gives a pack called from inside pack (a getter among the items) its own buffer', () => {
    let inner: Uint8Array | undefined
    const items: TupleItem[] = ['outer', 1]
    Object.defineProperty(items, 1, {
      get() {
        inner = pack(['inner', 2])
        return 3
      },
    })
    const outer = pack(items)
    expect(hex(outer)).toBe(hex(Buffer.concat([pack(['outer']), pack([3])])))
    expect(inner).toBeDefined()
    expect(unpack(inner!)).toEqual(['inner', 2])
    // And the kept buffer still works afterwards.
    expect(hex(pack(['after']))).toBe('02616674657200')
  })
})
