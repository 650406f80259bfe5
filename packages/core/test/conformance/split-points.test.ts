// getRangeSplitPoints: keys that divide a range into chunks of about a given size.
import { expect, it } from 'vitest'
import { compareKeys, ErrorCode, getRangeSplitPoints, pack, query, range, set, transactional } from '../../src/index.js'
import { forEachEngine, rejectsWith } from '../harness.js'

forEachEngine('getRangeSplitPoints', ({ db, engine }) => {
  const { begin, end } = range(pack(['rows']))

  it('begins with begin, ends with end, in key order; on the embedded engine each chunk holds about chunkSize bytes', async () => {
    await transactional(db(), (tx) => {
      for (let i = 0; i < 100; i++) set(tx, pack(['rows', i]), Buffer.alloc(1_000, i))
    })
    const points = await transactional(db(), (tx) => getRangeSplitPoints(tx, begin, end, 10_000))
    expect(Buffer.from(points[0]!)).toEqual(begin)
    expect(Buffer.from(points[points.length - 1]!)).toEqual(end)
    for (let i = 1; i < points.length; i++) expect(compareKeys(points[i - 1]!, points[i]!)).toBeLessThan(0)
    // A cluster estimates from a sample of the stored bytes, coarse on so small a range; the embedded engine counts them.
    if (engine.name.startsWith('fdb')) return
    expect(points.length).toBeGreaterThanOrEqual(9)
    expect(points.length).toBeLessThanOrEqual(12)
    const chunks = await transactional(db(), (tx) =>
      Promise.all(points.slice(1).map((to, i) => query(tx, points[i]!, to).toArray())),
    )
    expect(chunks.flat().length).toBe(100)
    for (const chunk of chunks.slice(0, -1)) {
      const bytes = chunk.reduce((sum, [k, v]) => sum + k.length + v.length, 0)
      expect(bytes).toBeGreaterThanOrEqual(10_000)
      expect(bytes).toBeLessThan(12_000)
    }
  })

  it('an empty range gives its two ends', async () => {
    const points = await transactional(db(), (tx) => getRangeSplitPoints(tx, begin, end, 1_000))
    expect(points.map((p) => Buffer.from(p))).toEqual([begin, end])
  })

  it('refuses a chunk size that is not a positive integer, and an inverted range', async () => {
    await rejectsWith(transactional(db(), (tx) => getRangeSplitPoints(tx, begin, end, 0)), ErrorCode.invalidOptionValue, /chunkSize must be a positive integer/)
    await rejectsWith(transactional(db(), (tx) => getRangeSplitPoints(tx, begin, end, 1.5)), ErrorCode.invalidOptionValue, /chunkSize must be a positive integer/)
    // 1 is the smallest chunk size: accepted (an empty range still gives its two ends).
    expect((await transactional(db(), (tx) => getRangeSplitPoints(tx, begin, end, 1))).map((p) => Buffer.from(p))).toEqual([begin, end])
    await rejectsWith(transactional(db(), (tx) => getRangeSplitPoints(tx, begin, end, '10' as never)), 'TypeError', /chunkSize must be a number/)
    await rejectsWith(transactional(db(), (tx) => getRangeSplitPoints(tx, end, begin, 1_000)), ErrorCode.invertedRange, /begin is after end/)
  })
})
