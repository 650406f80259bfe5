// fast-check: query (planned and written order) against a brute-force join
// over the same tuples kept in a plain array, for random stores (n = 2..5)
// and random multi-pattern queries with shared and repeated variables.
import { expect, it } from 'vitest'
import fc from 'fast-check'
import { transactional } from '@foundkit/core'
import { forEachEngine } from '@foundkit/core/testing/vitest'
import * as nstore from './index.js'

type Item = string | number
type Slot = { variable: string } | { item: Item }

const item = fc.constantFrom<Item>('a', 'b', 'c', 0, 1, 2)
const slot = fc.oneof(
  fc.constantFrom('x', 'y', 'z').map((variable): Slot => ({ variable })),
  item.map((i): Slot => ({ item: i })),
)

const scenario = fc.integer({ min: 2, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    tuples: fc.array(fc.array(item, { minLength: n, maxLength: n }), { maxLength: 30 }),
    patterns: fc.array(fc.array(slot, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 3 }),
  }),
)

/** Every binding of the variables that satisfies every pattern, by trying each stored tuple for each pattern. */
function bruteForce(tuples: readonly Item[][], patterns: readonly Slot[][]): Array<Record<string, Item>> {
  let results: Array<Record<string, Item>> = [{}]
  for (const pattern of patterns) {
    const next: Array<Record<string, Item>> = []
    for (const bindings of results) {
      for (const tuple of tuples) {
        const extended: Record<string, Item> = { ...bindings }
        const fits = pattern.every((s, c) => {
          if ('item' in s) return s.item === tuple[c]
          if (Object.hasOwn(extended, s.variable)) return extended[s.variable] === tuple[c]
          extended[s.variable] = tuple[c]!
          return true
        })
        if (fits) next.push(extended)
      }
    }
    results = next
  }
  return results
}

const canonical = (rows: ReadonlyArray<Record<string, unknown>>): string[] => rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort()
const distinct = (tuples: Item[][]): Item[][] => [...new Map(tuples.map((t) => [JSON.stringify(t), t])).values()]

forEachEngine('nstore query against a brute-force join (fast-check)', ({ db }) => {
  it('gives the same bindings planned, written and by brute force', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(scenario, async ({ n, tuples, patterns }) => {
        const store = nstore.make('prop', ['prop', run++], n)
        await transactional(db(), async (tx) => {
          for (const t of tuples) await nstore.add(tx, store, t)
        })
        const asPatterns = patterns.map((p) => p.map((s) => ('item' in s ? s.item : nstore.v(s.variable))))
        const want = canonical(bruteForce(distinct(tuples), patterns))
        expect(canonical(await nstore.query(db(), store, ...asPatterns).toArray())).toEqual(want)
        expect(canonical(await nstore.queryWith(db(), store, { plan: 'written' }, ...asPatterns).toArray())).toEqual(want)
      }),
      { numRuns: 40 },
    )
  })
})
