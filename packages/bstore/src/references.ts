/**
 * References and the tokens that make them exact when a transaction body
 * runs twice.
 *
 * A reference is a record `(4, id, token)` plus one atomic increment of the
 * count `(3, id)`, written together only when the record is absent. The
 * token is chosen once per call, so a body re-run after a commit that was
 * applied but reported as `commit_unknown_result` (1021) finds its record
 * and adds nothing: counts stay exact.
 *
 * A call made with a `Transaction` gets its token from {@link callToken},
 * which remembers, per transaction object, the tokens of the previous
 * attempt: {@link transactional} reuses one `Transaction` across retries and
 * counts them in `tx.stats.retries`, so the nth call for a blob in an
 * attempt gets the token of the nth call of the attempt before.
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { ErrorCode, FoundError, add, clear, get, littleEndian, pack, set, unpack, type Transaction } from '@foundkit/core'
import { LAYOUT_VERSION } from './layout.js'
import type { BStore } from './store.js'

const EMPTY = new Uint8Array(0)
const PLUS_ONE = littleEndian(1)
const MINUS_ONE = littleEndian(-1)

interface Attempts {
  retries: number
  readonly calls: Map<string, number>
  readonly tokens: Map<string, Uint8Array>
}
const attemptsOf = new WeakMap<Transaction, Attempts>()

/** A fresh 16-byte token. @internal */
export function newToken(): Uint8Array {
  return randomBytes(16)
}

/**
 * The token of this call: the same for the nth call of `kind` on blob `id`
 * of `store` in every attempt of one transaction.
 * @internal
 */
export function callToken(tx: Transaction, store: BStore, kind: string, id: string): Uint8Array {
  let attempts = attemptsOf.get(tx)
  if (attempts === undefined) {
    attempts = { retries: tx.stats.retries, calls: new Map(), tokens: new Map() }
    attemptsOf.set(tx, attempts)
  }
  if (attempts.retries !== tx.stats.retries) {
    attempts.retries = tx.stats.retries
    attempts.calls.clear()
  }
  const call = `${Buffer.from(store.subspace.key()).toString('hex')}/${kind}/${id}`
  const n = attempts.calls.get(call) ?? 0
  attempts.calls.set(call, n + 1)
  const key = `${call}#${n}`
  let token = attempts.tokens.get(key)
  if (token === undefined) {
    token = newToken()
    attempts.tokens.set(key, token)
  }
  return token
}

/**
 * Adds the reference `token` to blob `id` unless it is already there.
 * Reads only the reference's own key, so concurrent references to one blob
 * do not conflict.
 * @internal
 */
export async function addReference(tx: Transaction, store: BStore, id: Uint8Array, token: Uint8Array): Promise<void> {
  const key = store.keys.reference(id, token)
  if ((await get(tx, key)) !== null) return
  set(tx, key, EMPTY)
  add(tx, store.keys.refcount(id), PLUS_ONE)
}

/** Whether the reference `token` to blob `id` is there (a call that wrote it was applied). @internal */
export async function hasReference(tx: Transaction, store: BStore, id: Uint8Array, token: Uint8Array): Promise<boolean> {
  return (await get(tx, store.keys.reference(id, token))) !== null
}

/** Drops the reference record `key` of blob `id` and decrements its count. @internal */
export function dropReference(tx: Transaction, store: BStore, id: Uint8Array, key: Uint8Array): void {
  clear(tx, key)
  add(tx, store.keys.refcount(id), MINUS_ONE)
}

/**
 * Checks the layout version: refuses a store written by a newer major
 * version, and writing to one of a newer minor; records the version when a
 * writer finds none.
 * @internal
 */
export async function checkLayout(tx: Transaction, store: BStore, writing: boolean, what: string): Promise<void> {
  const stored = await get(tx, store.keys.version)
  if (stored === null) {
    if (writing) set(tx, store.keys.version, pack([...LAYOUT_VERSION]))
    return
  }
  const [major, minor] = unpack(stored) as [number, number]
  const [ourMajor, ourMinor] = LAYOUT_VERSION
  if (major !== ourMajor || (writing && minor > ourMinor)) {
    throw new FoundError(
      ErrorCode.unsupported,
      `${what}: store "${store.name}" has layout version ${major}.${minor}; this bstore ${writing ? 'writes' : 'reads'} ${ourMajor}.${writing ? ourMinor : 'x'}`,
    )
  }
}
