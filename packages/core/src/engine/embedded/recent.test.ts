import { describe, expect, it } from 'vitest'
import type { DiskSnapshot } from './disk.js'
import { freshCreationsResolver, points, ranges } from '../../../test/recent-writes.js'
import { RecentWrites, UNCHANGED } from './recent.js'

describe('RecentWrites: the resolver', () => {
  it('a point read conflicts only with a write committed after its read version', () => {
    const recent = new RecentWrites(5000)
    recent.recordWrites(points('a'), 10, 0)
    recent.commitApplied()
    expect(recent.conflicts(points('a'), 9)).toBe(true)
    expect(recent.conflicts(points('a'), 10)).toBe(false)
    expect(recent.conflicts(points('b'), 9)).toBe(false)
  })

  it('range reads against point writes, and point reads against range writes', () => {
    const recent = new RecentWrites(5000)
    recent.recordWrites(points('m'), 5, 0)
    recent.commitApplied()
    recent.recordWrites(ranges('x', 'z'), 6, 0)
    recent.commitApplied()
    expect(recent.conflicts(ranges('a', 'n'), 4)).toBe(true)
    expect(recent.conflicts(ranges('n', 'w'), 4)).toBe(false)
    expect(recent.conflicts(points('y'), 5)).toBe(true)
    expect(recent.conflicts(points('z'), 5)).toBe(false) // the range write ends before z
  })

  it('a change recorded without a write conflict (nextWriteNoWriteConflictRange) conflicts with nothing', () => {
    const recent = new RecentWrites(5000)
    recent.recordChange('k', 7, null, 0)
    expect(recent.conflicts(points('k'), 1)).toBe(false)
    expect(recent.conflicts(ranges('a', 'z'), 1)).toBe(false)
  })
})

describe('RecentWrites: the undo log', () => {
  it('gives the value a key had at a version: the before of the oldest later change', () => {
    const recent = new RecentWrites(5000)
    recent.recordChange('k', 10, null, 0) // created at 10
    recent.recordChange('k', 20, 'v10', 0)
    recent.recordChange('k', 30, 'v20', 1500) // next generation
    expect(recent.valueBefore('k', 5)).toBeNull()
    expect(recent.valueBefore('k', 10)).toBe('v10')
    expect(recent.valueBefore('k', 25)).toBe('v20')
    expect(recent.valueBefore('k', 30)).toBe(UNCHANGED)
    expect(recent.valueBefore('other', 5)).toBe(UNCHANGED)
  })

  it('lists the keys of a range changed after a version, in order and once', () => {
    const recent = new RecentWrites(5000)
    recent.recordChange('c', 10, null, 0)
    recent.recordChange('a', 11, null, 0)
    recent.recordChange('c', 20, 'x', 1500)
    recent.recordChange('b', 21, null, 1500)
    recent.recordChange('z', 22, null, 1500)
    expect(recent.changedKeys('a', 'd', 5)).toEqual(['a', 'b', 'c'])
    expect(recent.changedKeys('a', 'd', 15)).toEqual(['b', 'c'])
    expect(recent.changedKeys('a', 'd', 22)).toEqual([])
  })

  it('drops generations past the lifetime: the floor rises and disk snapshots are released', () => {
    const recent = new RecentWrites(5000)
    let refs = 0
    const snapshot: DiskSnapshot = { read: () => undefined, ref: () => void refs++, unref: () => void refs-- }
    recent.recordChange('k', 10, { snapshot }, 0)
    recent.recordChange('j', 11, { snapshot }, 0)
    expect(refs).toBe(1) // one reference per generation
    expect(recent.floor).toBe(0)
    recent.recordChange('later', 50, null, 7000) // more than lifetime + one generation later
    expect(recent.floor).toBe(11)
    expect(refs).toBe(0)
    expect(recent.valueBefore('k', 5)).toBe(UNCHANGED)
  })
})

describe('RecentWrites: fresh creations, recorded by the live entry alone', () => {
  it('a fresh creation conflicts with point and range reads older than it, and with no others', () => {
    const { recent, create } = freshCreationsResolver()
    create(10, 'k')
    expect(recent.conflicts(points('k'), 9)).toBe(true)
    expect(recent.conflicts(points('k'), 10)).toBe(false)
    expect(recent.conflicts(ranges('a', 'z'), 9)).toBe(true)
    expect(recent.conflicts(ranges('a', 'k'), 9)).toBe(false) // the range ends before k
    expect(recent.conflicts(ranges('a', 'z'), 10)).toBe(false)
    expect(recent.conflicts(points('j'), 1)).toBe(false)
  })

  it('keeps no log for it: the key is listed as changed, its value before is left to the entry', () => {
    const { recent, create } = freshCreationsResolver()
    create(10, 'k')
    expect(recent.valueBefore('k', 5)).toBe(UNCHANGED)
    expect(recent.changedKeys('a', 'z', 5)).toEqual(['k'])
    expect(recent.changedKeys('a', 'z', 10)).toEqual([])
  })

  it('its first change writes the creation into the log first, so older readers see the key absent', () => {
    const { recent, freshAt, create } = freshCreationsResolver()
    create(10, 'k')
    freshAt.delete('k') // the overwrite ends the fresh entry
    recent.recordWrites(points('k'), 20, 1500)
    expect(recent.takePoint('k')).toBe(true)
    recent.recordChange('k', 20, 'v10', 1500, true, 10)
    recent.commitApplied()
    expect(recent.valueBefore('k', 5)).toBeNull()
    expect(recent.valueBefore('k', 15)).toBe('v10')
    expect(recent.valueBefore('k', 20)).toBe(UNCHANGED)
    expect(recent.conflicts(points('k'), 9)).toBe(true)
    expect(recent.conflicts(points('k'), 19)).toBe(true)
    expect(recent.conflicts(points('k'), 20)).toBe(false)
  })

  it('a creation ended by a change without a write conflict still conflicts with reads older than the creation', () => {
    const { recent, freshAt, create } = freshCreationsResolver()
    create(10, 'k')
    freshAt.delete('k')
    recent.recordWrites(points(), 20, 0) // cleared with nextWriteNoWriteConflictRange
    recent.recordChange('k', 20, 'v10', 0, false, 10)
    recent.commitApplied()
    expect(recent.conflicts(points('k'), 9)).toBe(true)
    expect(recent.conflicts(points('k'), 10)).toBe(false) // the clear itself conflicts with nothing
    expect(recent.valueBefore('k', 9)).toBeNull()
    expect(recent.valueBefore('k', 10)).toBe('v10')
  })

  it('records the write conflicts of points no change took (a clear of an absent key)', () => {
    const { recent } = freshCreationsResolver()
    recent.recordWrites(points('a', 'b'), 10, 0)
    expect(recent.takePoint('b')).toBe(false) // out of step: a made no change
    recent.recordChange('b', 10, null, 0)
    recent.commitApplied()
    expect(recent.conflicts(points('a'), 9)).toBe(true)
    expect(recent.conflicts(points('b'), 9)).toBe(true)
    expect(recent.valueBefore('b', 9)).toBeNull()
  })
})
