import { describe, expect, it } from 'vitest'
import type { ConflictSet } from './conflicts.js'
import { freshCreationsResolver, points, ranges } from '../../../test/recent-writes.js'
import { RecentWrites } from './recent.js'

// FoundationDB's resolver: a read at read version R conflicts with a write committed at version V only when V > R.
// A write committed AT the read version is part of what the read saw.

describe('the resolver at the read version itself', () => {
  it('a key created exactly at the read version does not conflict, by point or range, while newer creations do', () => {
    const { recent, create } = freshCreationsResolver()
    create(10, 'k')
    create(11, 'x')
    expect(recent.conflicts(points('k'), 10)).toBe(false)
    expect(recent.conflicts(ranges('a', 'm'), 10)).toBe(false)
    expect(recent.conflicts(points('x'), 10)).toBe(true)
    expect(recent.conflicts(ranges('a', 'z'), 10)).toBe(true)
  })

  it('a point write conflict exactly at the read version does not conflict with a range read, a newer one does', () => {
    const { recent, conflictOnly } = freshCreationsResolver()
    conflictOnly(5, points('m'))
    conflictOnly(6, ranges('x', 'z'))
    expect(recent.conflicts(ranges('a', 'n'), 5)).toBe(false)
    expect(recent.conflicts(ranges('a', 'n'), 4)).toBe(true)
  })

  it('a range write conflict exactly at the read version conflicts with nothing, even with newer commits around it', () => {
    const { recent, conflictOnly } = freshCreationsResolver()
    conflictOnly(6, ranges('x', 'z'))
    conflictOnly(7, points('a'))
    expect(recent.conflicts(points('y'), 6)).toBe(false)
    expect(recent.conflicts(ranges('w', 'zz'), 6)).toBe(false)
    expect(recent.conflicts(points('y'), 5)).toBe(true)
  })

  it('a range read ending where a range write begins does not meet it ([a, x) and [x, z))', () => {
    const { recent, conflictOnly } = freshCreationsResolver()
    conflictOnly(6, ranges('x', 'z'))
    expect(recent.conflicts(ranges('a', 'x'), 5)).toBe(false)
    expect(recent.conflicts(ranges('a', 'x\0'), 5)).toBe(true)
  })
})

describe('a fresh creation ended by a change', () => {
  it('keeps a newer write conflict on the key (the creation is older than it)', () => {
    const { recent, freshAt, create, conflictOnly } = freshCreationsResolver()
    create(10, 'k')
    conflictOnly(20, points('k')) // a write conflict on k that changed nothing
    freshAt.delete('k')
    recent.recordWrites(points(), 30, 0) // changed without a write conflict
    recent.recordChange('k', 30, 'v10', 0, false, 10)
    recent.commitApplied()
    expect(recent.conflicts(points('k'), 15)).toBe(true) // the write at 20
    expect(recent.conflicts(points('k'), 20)).toBe(false)
    expect(recent.conflicts(points('k'), 9)).toBe(true)
  })
})

describe('conflictingReads: the read ranges a newer commit wrote to (reportConflictingKeys)', () => {
  it('lists exactly the conflicting point reads and range reads, each once, in the order read', () => {
    const { recent, conflictOnly } = freshCreationsResolver()
    conflictOnly(10, points('b'))
    conflictOnly(11, ranges('p', 'r'))
    const reads: ConflictSet = { points: ['a', 'b', 'q'], ranges: ['c', 'd', 'o', 'pp', 'x', 'y'] }
    expect(recent.conflictingReads(reads, 9)).toEqual([
      ['b', 'b\0'],
      ['q', 'q\0'],
      ['o', 'pp'],
    ])
    expect(recent.conflictingReads(reads, 10)).toEqual([
      ['q', 'q\0'],
      ['o', 'pp'],
    ])
    expect(recent.conflictingReads(reads, 11)).toEqual([])
  })
})

describe('changedKeys across generations', () => {
  it('merges the keys of generations of different lengths, in order and once', () => {
    const recent = new RecentWrites(5000)
    recent.recordChange('a', 10, null, 0)
    recent.recordChange('b', 20, null, 1500) // next generation
    recent.recordChange('c', 21, null, 1500)
    recent.recordChange('a', 30, 'x', 3000) // and the next
    expect(recent.changedKeys('a', 'z', 5)).toEqual(['a', 'b', 'c'])
    expect(recent.changedKeys('b', 'z', 5)).toEqual(['b', 'c'])
    expect(recent.changedKeys('a', 'z', 21)).toEqual(['a']) // a generation whose commits are all at or below the version is left out
  })
})
