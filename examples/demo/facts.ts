// nstore: triples and a three-pattern join.
import { directory, transactional } from '@foundkit/core'
import * as nstore from '@foundkit/nstore'
import { DEFAULT_DIRECTORIES } from '@foundkit/cli'
import type { Step } from './tour.js'

const FACTS: [string, string, string | number][] = [
  ['ada', 'wrote', 'notes on the analytical engine'],
  ['grace', 'wrote', 'the A-0 compiler'],
  ['edsger', 'wrote', 'go to statement considered harmful'],
  ['barbara', 'wrote', 'CLU'],
  ['notes on the analytical engine', 'about', 'programming'],
  ['the A-0 compiler', 'about', 'compilers'],
  ['go to statement considered harmful', 'about', 'programming'],
  ['CLU', 'about', 'abstraction'],
  ['ada', 'born', 1815],
  ['grace', 'born', 1906],
  ['edsger', 'born', 1930],
  ['barbara', 'born', 1939],
]

export const factTour: Step = async (db, say) => {
  const dir = await transactional(db, (tx) => directory.createOrOpen(tx, [DEFAULT_DIRECTORIES.nstore]))
  const facts = nstore.make('facts', dir, 3)
  await transactional(db, async (tx) => {
    for (const fact of FACTS) await nstore.add(tx, facts, fact)
  })
  say(`${FACTS.length} triples added (each written to ${facts.indexes.length} indexes)`)
  const [who, work, year] = [nstore.v('who'), nstore.v('work'), nstore.v('year')]
  const patterns = [
    [who, 'wrote', work],
    [work, 'about', 'programming'],
    [who, 'born', year],
  ] as const
  say('who wrote about programming, and when were they born?')
  say("  [?who, 'wrote', ?work]  [?work, 'about', 'programming']  [?who, 'born', ?year]")
  const plan = await nstore.explain(db, facts, ...patterns)
  say(`  the planner runs the patterns in this order: ${plan.map((p) => JSON.stringify(p.map((item) => (nstore.isVariable(item) ? `?${item.name}` : item)))).join(' ')}`)
  for await (const row of nstore.query(db, facts, ...patterns)) say(`  -> ${row['who']} (born ${row['year']}) wrote "${row['work']}"`)
}
