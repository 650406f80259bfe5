import { describe, expect, it } from 'vitest'
import { FoundError } from '../../errors.js'
import { LiveData } from './live.js'

const value = (n: number, fill = 1): Buffer => Buffer.alloc(n, fill)

/** A LiveData over a fake disk that holds whatever `disk` says. */
function withDisk(): { live: LiveData; disk: Map<string, Buffer>; reads: string[] } {
  const disk = new Map<string, Buffer>()
  const reads: string[] = []
  const live = new LiveData((key) => {
    reads.push(key)
    return disk.get(key)
  })
  return { live, disk, reads }
}

describe('LiveData', () => {
  it('keeps keys in order and values in the index; hotBytes follows every write', () => {
    const live = new LiveData()
    live.write('b', value(10), 1)
    live.write('a', value(5), 2)
    live.write('b', value(3), 3) // overwrite: no new key
    expect(live.keysIn('', '\xff')).toEqual(['a', 'b'])
    expect(live.hotBytes).toBe(8)
    expect(live.write('a', null, 4)).toBe(value(5).toString('latin1')) // the stored form: a latin1 string
    expect(live.keysIn('', '\xff')).toEqual(['b'])
    expect(live.hotBytes).toBe(3)
    expect(live.write('zz', null, 5)).toBeNull() // clearing an absent key changes nothing
    expect(live.size).toBe(1)
  })

  it('created keys reach the tree in batches, and every tree read sees all of them (deletes and re-creates among them)', () => {
    const live = new LiveData()
    const expected = new Set<string>()
    let state = 7
    const random = (): number => (state = (state * 48271) % 2147483647) / 2147483647
    // More than one batch of created keys, in random order, with deletes of keys still waiting for the tree.
    for (let i = 0; i < 20_000; i++) {
      const k = `k${Math.floor(random() * 30_000)}`
      if (random() < 0.2) {
        live.write(k, null, i + 1)
        expected.delete(k)
      } else {
        live.write(k, value(1), i + 1)
        expected.add(k)
      }
      if (i % 4999 === 0) expect(live.keysIn('k', 'l')).toEqual([...expected].sort())
    }
    expect(live.keysIn('k', 'l')).toEqual([...expected].sort())
    expect(live.size).toBe(expected.size)
    // Deleted, then created again before any tree read.
    live.write('new', value(1), 30_001)
    live.write('new', null, 30_002)
    live.write('new', value(2), 30_003)
    expect(live.keysIn('n', 'o')).toEqual(['new'])
  })

  it('evicts only values not newer than the durable version, down to the target', () => {
    const { live, disk } = withDisk()
    for (let i = 0; i < 10; i++) {
      const k = `k${i}`
      live.write(k, value(100, i), i + 1)
      disk.set(k, value(100, i))
    }
    live.evict(0, 5) // versions 1..5 may go; 6..10 are not durable yet
    expect(live.hotBytes).toBe(500)
    for (let i = 0; i < 5; i++) expect(typeof live.entry(`k${i}`)!.value).toBe('number')
    for (let i = 5; i < 10; i++) expect(typeof live.entry(`k${i}`)!.value).toBe('string')
  })

  it('reads an evicted value back from disk, and reports its length without reading it', () => {
    const { live, disk, reads } = withDisk()
    live.write('k', value(42, 7), 1)
    disk.set('k', value(42, 7))
    live.evict(0, 1)
    expect(LiveData.lengthOf(live.entry('k')!)).toBe(42)
    expect(reads).toEqual([])
    expect(live.value('k')).toEqual(value(42, 7))
    expect(reads).toEqual(['k'])
    // Replacing an evicted value reports its length (the caller finds the bytes in a disk snapshot).
    expect(live.write('k', value(1), 2)).toBe(42)
  })

  it('gives a value read since the last sweep a second chance', () => {
    const { live, disk } = withDisk()
    for (const k of ['a', 'b', 'c', 'd']) {
      live.write(k, value(10), 1)
      disk.set(k, value(10))
    }
    live.evict(40, 1) // nothing to do: at target; written values start as used
    for (const k of ['a', 'b', 'c', 'd']) live.entry(k)!.used = false
    live.value('b')
    live.evict(20, 1)
    expect(typeof live.entry('b')!.value).toBe('string')
    expect(typeof live.entry('a')!.value).toBe('number')
    expect(live.hotBytes).toBe(20)
  })

  it('stores values as latin1 strings: every byte survives, and reads hand out new Buffers', () => {
    const live = new LiveData()
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
    live.write('k', bytes, 1)
    bytes.fill(0) // the caller's Buffer changes later: the stored value does not
    const first = live.value('k')!
    expect([...first]).toEqual(Array.from({ length: 256 }, (_, i) => i))
    first.fill(9) // nor does changing what a read returned
    expect(live.value('k')![255]).toBe(255)
    expect(live.value('k')).not.toBe(live.value('k'))
  })

  it('a value missing on disk is corrupt data, not a silent null', () => {
    const { live } = withDisk()
    live.addOnDisk('gone', 9)
    expect(() => live.value('gone')).toThrow(FoundError)
    expect(() => live.value('gone')).toThrow(/missing on disk/)
  })
})
