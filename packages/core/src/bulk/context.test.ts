// requireDbOrTx: a layer's check of its first argument, at the call.
import { expect, it } from 'vitest'
import { requireDbOrTx, transactional } from '../index.js'
import { forEachEngine } from '../../test/harness.js'

forEachEngine('requireDbOrTx', ({ db }) => {
  it('returns a Database or a Transaction as given', async () => {
    expect(requireDbOrTx(db(), 'facts.scan')).toBe(db())
    const seen = await transactional(db(), (tx) => requireDbOrTx(tx, 'facts.scan') === tx)
    expect(seen).toBe(true)
  })
})

it('requireDbOrTx refuses anything else with a TypeError naming the operation', () => {
  for (const bad of [{}, null, undefined, 'db', 1, []]) {
    expect(() => requireDbOrTx(bad, 'facts.scan')).toThrow(TypeError)
    expect(() => requireDbOrTx(bad, 'facts.scan')).toThrow(/^facts\.scan: the first argument must be a Database or a Transaction, got /)
  }
})
