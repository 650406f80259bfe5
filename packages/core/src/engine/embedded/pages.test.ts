import { describe, expect, it } from 'vitest'
import { Pages } from './pages.js'

// Pages: the size classes of the flat leaves' pages (256 B to 8 KiB, powers of two, a bigger page a Buffer of its own),
// slabs of 1 MiB cut into pages of one size with no page out of the slab and none left out, and pages given back reused.

describe('pages of the flat leaves', () => {
  it('a page holds `size` bytes in the smallest power of two from 256 up; past 8 KiB, exactly `size`', () => {
    expect([0, 1, 255, 256, 257, 512, 513, 4096, 4097, 8191, 8192].map((size) => Pages.capacityFor(size))).toEqual([
      256, 256, 256, 256, 512, 512, 1024, 4096, 8192, 8192, 8192,
    ])
    expect(Pages.capacityFor(8193)).toBe(8193)
    expect(Pages.capacityFor(300_000)).toBe(300_000)
  })

  it('cuts a 1 MiB slab into every page of one size, each inside the slab, before it makes another', () => {
    for (const size of [256, 8192]) {
      const pages = new Pages()
      const count = 2 ** 20 / size
      const starts = new Set<number>()
      const slab = pages.take(size)
      starts.add(pages.at)
      let outside = 0
      for (let i = 1; i < count; i++) {
        const bytes = pages.take(size)
        // One slab for all of them, each page inside it.
        if (bytes !== slab || pages.at % size !== 0 || pages.at < 0 || pages.at + size > bytes.length) outside++
        starts.add(pages.at)
      }
      expect(outside).toBe(0)
      expect(starts.size).toBe(count) // every page once, the one at 0 too
      expect(pages.slabBytes).toBe(2 ** 20)
      expect(pages.take(size) === slab).toBe(false) // the slab is used up: a new one (compared as booleans: expect on Buffers is slow)
      expect(pages.slabBytes).toBe(2 ** 21)
    }
  })

  it('takes a page given back before it cuts another, for every slab size class (8 KiB too); a bigger page is a Buffer of its own', () => {
    for (const size of [256, 1024, 8192]) {
      const pages = new Pages()
      const first = pages.take(size)
      const at = pages.at
      pages.take(size)
      pages.give(first, at, size)
      expect(pages.take(size) === first).toBe(true)
      expect(pages.at).toBe(at)
    }
    const pages = new Pages()
    const big = pages.take(10_000)
    expect(big.length).toBe(10_000)
    expect(pages.at).toBe(0)
    expect(pages.slabBytes).toBe(0)
    pages.give(big, 0, 10_000) // left to the collector: no free list, no slab
    expect(pages.take(10_000) === big).toBe(false)
    expect(pages.slabBytes).toBe(0)
  })
})
