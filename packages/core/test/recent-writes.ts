// A RecentWrites resolver over a tiny live index, driven as the store drives
// it: shared by the engine's recent-writes tests (src/engine/embedded).
import { expect } from 'vitest'
import type { ConflictSet } from '../src/engine/embedded/conflicts.js'
import { RecentWrites } from '../src/engine/embedded/recent.js'

/** A conflict set of point writes or reads. */
export const points = (...keys: string[]): ConflictSet => ({ points: keys, ranges: [] })

/** A conflict set of ranges, given as begin, end, begin, end, ... */
export const ranges = (...pairs: string[]): ConflictSet => ({ points: [], ranges: pairs })

/** A resolver over a tiny live index: key -> the version of its fresh creation (absent: 0). */
export function freshCreationsResolver() {
  const freshAt = new Map<string, number>()
  const recent = new RecentWrites(5000, (key) => freshAt.get(key) ?? 0)
  /** One commit at `version` creating `keys` (each a point write), as the store applies it. */
  const create = (version: number, ...keys: string[]) => {
    recent.recordWrites(points(...keys), version, 0)
    for (const key of keys) {
      expect(recent.takePoint(key)).toBe(true)
      recent.recordFresh(key, version, 0)
      freshAt.set(key, version)
    }
    recent.commitApplied()
  }
  /** One commit at `version` with write conflicts only (no change: e.g. addWriteConflictRange). */
  const conflictOnly = (version: number, writes: ConflictSet) => {
    recent.recordWrites(writes, version, 0)
    recent.commitApplied()
  }
  return { recent, freshAt, create, conflictOnly }
}
