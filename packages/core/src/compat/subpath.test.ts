// The earlier clients' classes live in their own entry point,
// @foundkit/core/compat, so that the main entry (and its API reference)
// is the found-style API alone.
import { describe, expect, it } from 'vitest'

const COMPAT = ['Entries', 'EntryBatch', 'Tree', 'Cursor', 'Elevator', 'ElevatorDb', 'WriteBatch', 'Store', 'Counter']

describe('@foundkit/core/compat', () => {
  it('exports the compat classes, and the main entry none of them', async () => {
    const compat: Record<string, unknown> = await import('@foundkit/core/compat')
    const main: Record<string, unknown> = await import('@foundkit/core')
    expect(Object.keys(compat).sort()).toEqual([...COMPAT].sort())
    for (const name of COMPAT) {
      expect(typeof compat[name]).toBe('function')
      expect(main[name]).toBeUndefined()
    }
    expect(typeof main['open']).toBe('function')
  })
})
