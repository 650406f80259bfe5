// LiveData's per-entry flags: `fresh` (a creation the resolver keeps no log for: it must end with the first
// change) and `used` (the eviction clock's second chance: values written since the sweep passed get one).
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { LiveData } from './live.js'

const value = (n: number, fill = 1): Buffer => Buffer.alloc(n, fill)

function withDisk(): { live: LiveData; disk: Map<string, Buffer> } {
  const disk = new Map<string, Buffer>()
  return { live: new LiveData((key) => disk.get(key)), disk }
}

describe('fresh creations', () => {
  it('a key is fresh only when created as fresh; freshAt gives its creation version', () => {
    const live = new LiveData()
    live.write('plain', value(1), 5)
    live.write('fresh', value(1), 6, true)
    expect(live.freshAt('plain')).toBe(0)
    expect(live.freshAt('fresh')).toBe(6)
    expect(live.freshAt('absent')).toBe(0)
  })

  it('the first change of a fresh key ends its freshness and reports the creation it replaced', () => {
    const live = new LiveData()
    live.write('k', value(1), 5, true)
    live.write('k', value(2), 7, true) // an overwrite is never a creation
    expect(live.replacedFreshAt).toBe(5)
    expect(live.freshAt('k')).toBe(0)
    live.write('k', value(3), 8)
    expect(live.replacedFreshAt).toBe(0)
  })
})

describe('the eviction clock', () => {
  it('gives values written (created or overwritten) since the sweep passed a second chance', () => {
    const { live, disk } = withDisk()
    const put = (k: string, n: number, version: number) => {
      live.write(k, value(n), version)
      disk.set(k, value(n))
    }
    put('a', 3, 1)
    put('b', 3, 1)
    put('c', 3, 1)
    live.evict(6, 10) // the sweep clears every mark once, then evicts a
    expect(typeof live.entry('a')!.value).toBe('number')
    put('b', 6, 2) // overwritten behind the hand: marked again
    live.evict(6, 10) // b keeps its value (second chance), c goes
    expect(typeof live.entry('b')!.value).toBe('string')
    expect(typeof live.entry('c')!.value).toBe('number')
    put('d', 3, 3) // created where the hand comes next: marked
    live.evict(6, 10) // d keeps its value (second chance), b goes
    expect(typeof live.entry('d')!.value).toBe('string')
    expect(typeof live.entry('b')!.value).toBe('number')
    expect(live.hotBytes).toBe(3)
  })
})

describe('an evicted value missing on disk', () => {
  it('is corrupt data (9002) whose message says which value is missing', () => {
    const { live } = withDisk()
    live.addOnDisk('gone', 9)
    let err: unknown
    try {
      live.value('gone')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(FoundError)
    expect((err as FoundError).code).toBe(ErrorCode.corruptData)
    expect((err as FoundError).message).toMatch(/^the value of a key evicted from memory is missing on disk/)
  })
})
