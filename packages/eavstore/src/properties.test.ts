// fast-check: random creates, updates, patches and removes, then random queries, compared
// with a brute-force filter over the same documents kept in a plain Map.
import { expect, it } from 'vitest'
import fc from 'fast-check'
import { Subspace, query as rangeQuery, transactional, type Database } from '@foundkit/core'
import { forEachEngine } from '@foundkit/core/testing/vitest'
import * as eavstore from './index.js'

type Doc = { a?: number; b?: string; c?: string[]; d?: { e?: number }; m?: null | boolean | string | number }
type Op = { kind: 'create' | 'update' | 'patch' | 'remove'; id: number; doc: Doc }
type Cond = { path: 'a' | 'b' | 'c' | 'd.e' | 'm'; eq?: unknown; gte?: number | string; lt?: number | string }

const letters = fc.constantFrom('a', 'b', 'c', 'd', 'e')
const number = fc.integer({ min: -6, max: 6 }).map((n) => n / 2) // integers and halves, no -0
const doc: fc.Arbitrary<Doc> = fc.record(
  {
    a: number.map((n) => (Object.is(n, -0) ? 0 : n)),
    b: letters,
    c: fc.array(letters, { maxLength: 3 }),
    d: fc.record({ e: fc.integer({ min: 0, max: 3 }) }, { requiredKeys: [] }),
    m: fc.oneof(fc.constant(null), fc.boolean(), letters, fc.integer({ min: 0, max: 2 })),
  },
  { requiredKeys: [] },
)
const op: fc.Arbitrary<Op> = fc.record({ kind: fc.constantFrom('create', 'create', 'update', 'patch', 'patch', 'remove'), id: fc.integer({ min: 0, max: 7 }), doc })
const bound = (path: Cond['path']): fc.Arbitrary<number | string> => (path === 'b' || path === 'c' ? letters : number.map((n) => (Object.is(n, -0) ? 0 : n)))
const condition: fc.Arbitrary<Cond> = fc.constantFrom<Cond['path']>('a', 'b', 'c', 'd.e', 'm').chain((path) =>
  path === 'm'
    ? fc.oneof(fc.constant(null), fc.boolean(), letters, fc.integer({ min: 0, max: 2 })).map((eq): Cond => ({ path, eq }))
    : fc.oneof(
        bound(path).map((eq): Cond => ({ path, eq })),
        fc.tuple(bound(path), bound(path)).map(([x, y]): Cond => ({ path, gte: x < y ? x : y, lt: x < y ? y : x })),
      ),
)

/** The values a document holds at `path`: each element of an array. */
function valuesAt(d: Doc, path: Cond['path']): unknown[] {
  const v = path === 'd.e' ? d.d?.e : d[path]
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

function matches(d: Doc, c: Cond): boolean {
  return valuesAt(d, c.path).some((v) =>
    'eq' in c ? v === c.eq : typeof v === typeof c.gte && (v as number) >= (c.gte as number) && (v as number) < (c.lt as number),
  )
}

const toConditions = (conds: Cond[]): eavstore.EavConditions =>
  Object.fromEntries(conds.map((c) => [c.path, 'eq' in c ? c.eq : { gte: c.gte, lt: c.lt }])) as eavstore.EavConditions

async function apply(db: Database, store: eavstore.EavStore, model: Map<number, Doc>, o: Op): Promise<void> {
  const exists = model.has(o.id)
  if (o.kind === 'create') {
    if (exists) return
    await eavstore.create(db, store, o.doc, o.id)
    model.set(o.id, structuredClone(o.doc))
  } else if (o.kind === 'update') {
    if (!exists) return
    await eavstore.update(db, store, o.id, o.doc)
    model.set(o.id, structuredClone(o.doc))
  } else if (o.kind === 'patch') {
    if (!exists) return
    // Patch the attributes the random doc has, and remove one it lacks.
    const partial: Record<string, unknown> = { ...o.doc }
    const missing = (['a', 'b', 'c', 'd', 'm'] as const).find((k) => !(k in o.doc))
    if (missing !== undefined) partial[missing] = undefined
    await eavstore.patch(db, store, o.id, partial as eavstore.EavDocument)
    const next: Record<string, unknown> = { ...model.get(o.id), ...structuredClone(o.doc) }
    if (missing !== undefined) delete next[missing]
    model.set(o.id, next as Doc)
  } else {
    expect(await eavstore.remove(db, store, o.id)).toBe(exists)
    model.delete(o.id)
  }
}

forEachEngine('eavstore: query agrees with a brute-force filter (fast-check)', ({ db }) => {
  it('after random creates, updates, patches and removes', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), fc.array(fc.array(condition, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), async (ops, queries) => {
        const where = new Subspace(['prop', run++])
        const store = eavstore.make('prop', where)
        const model = new Map<number, Doc>()
        for (const o of ops) await apply(db(), store, model, o)
        for (const [id, d] of model) expect(await eavstore.get(db(), store, id)).toEqual(d)
        for (const conds of queries) {
          const unique = [...new Map(conds.map((c) => [c.path, c])).values()]
          const expected = [...model].filter(([, d]) => unique.every((c) => matches(d, c))).map(([id]) => id).sort()
          const found: number[] = []
          for await (const id of eavstore.query(db(), store, toConditions(unique))) found.push(id as number)
          expect(found.sort()).toEqual(expected)
          expect(new Set(found).size).toBe(found.length)
        }
        // Removing what is left leaves no key behind.
        for (const id of model.keys()) await eavstore.remove(db(), store, id)
        const { begin, end } = where.range()
        expect(await transactional(db(), (tx) => rangeQuery(tx, begin, end).toArray())).toEqual([])
      }),
      { numRuns: 40 },
    )
  })
})
