// What a fragment of a guide runs with: the names a reader is assumed to hold
// (typecheck.ts declares the same names for the compiler). One environment per
// Markdown file, so that a guide's fragments continue from one another like a
// reader's session: a directory created in one block is there in the next.
import * as bstore from '@foundkit/bstore'
import * as core from '@foundkit/core'
import * as eavstore from '@foundkit/eavstore'
import * as nstore from '@foundkit/nstore'
import * as pstore from '@foundkit/pstore'

/** The names besides core's exports and the layers: a database, a transaction, a range, a key, a value. */
export const HELD_NAMES = ['db', 'tx', 'begin', 'end', 'key', 'value'] as const

/** A guide's session: its in-memory database and the range its fragments read. */
export interface Environment {
  readonly db: core.Database
  readonly begin: Uint8Array
  readonly end: Uint8Array
  readonly key: Uint8Array
  readonly value: Uint8Array
}

/**
 * A fresh in-memory database holding three events, `('events', 1..3)`: `begin`
 * and `end` cover them, `key` is the first and `value` its value, so that a
 * fragment's loop over `query(tx, begin, end)` has something to read.
 */
export async function openEnvironment(): Promise<Environment> {
  const db = await core.open()
  const { begin, end } = core.range(core.pack(['events']))
  await core.transactional(db, (tx) => {
    for (const i of [1, 2, 3]) core.set(tx, core.pack(['events', i]), Buffer.from(`event ${i}`))
  })
  return { db, begin, end, key: core.pack(['events', 1]), value: Buffer.from('event 1') }
}

/**
 * Runs `body` with the environment's names set on `globalThis` (a module's
 * own `const db` shadows them), and a fresh `tx` on its database, committed
 * when `body` succeeds and cancelled when it fails. The names are removed after.
 */
export async function withEnvironment<T>(environment: Environment, body: () => Promise<T>): Promise<T> {
  const tx = core.transaction(environment.db)
  const names: Record<string, unknown> = { ...core, bstore, nstore, eavstore, pstore, ...environment, tx }
  const clashes = Object.keys(names).filter((name) => name in globalThis)
  if (clashes.length > 0) throw new Error(`the environment would hide globals: ${clashes.join(', ')}`)
  Object.assign(globalThis, names)
  try {
    const result = await body()
    await core.commit(tx)
    return result
  } catch (error) {
    core.cancel(tx)
    throw error
  } finally {
    for (const name of Object.keys(names)) delete (globalThis as Record<string, unknown>)[name]
  }
}
