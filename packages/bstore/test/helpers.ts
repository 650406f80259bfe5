/**
 * Helpers of bstore's own tests (not exported by the package).
 *
 * @module
 */
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import { ErrorCode, FoundError, type Database } from '@foundkit/core'
import { dumpAll } from '@foundkit/core/testing/vitest'

/**
 * Makes the next `times` commits of `db` report `commit_unknown_result`
 * (1021) after they were applied, so that `transactional` runs the body
 * again on top of its own effects. Returns how many were injected so far.
 */
export function reportUnknownAfterCommits(db: Database, times: number): () => number {
  let injected = 0
  db.addHooks({
    onAfterCommit() {
      if (injected >= times) return
      injected++
      throw new FoundError(ErrorCode.commitUnknownResult, 'test: commit applied, reported as unknown')
    },
  })
  return () => injected
}

/** Text that compresses well: repeated words with some variety. */
export function compressibleBytes(size: number): Buffer {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet']
  const out = Buffer.alloc(size)
  let offset = 0
  let i = 0
  while (offset < size) {
    offset += out.write(`${words[i % words.length]} ${words[(i * 7) % words.length]} ${i}\n`, offset)
    i++
  }
  return out
}

/** Bytes that do not compress. */
export function randomData(size: number): Buffer {
  return randomBytes(size)
}

/** Every key of the database other than the store's layout version, as hex pairs. */
export async function keysBesidesVersion(db: Database, versionKey: Uint8Array): Promise<string[]> {
  const version = Buffer.from(versionKey).toString('hex')
  return (await dumpAll(db)).map(([k]) => k).filter((k) => k !== version)
}

/**
 * Asserts that two byte strings are equal, quickly (vitest's deep equality
 * walks a Buffer byte by byte), naming the first offset where they differ.
 */
export function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength)
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength)
  if (a.equals(b)) return
  let at = 0
  while (at < a.length && at < b.length && a[at] === b[at]) at++
  expect.fail(`bytes differ: lengths ${a.length} and ${b.length}, first difference at offset ${at}`)
}

/**
 * Makes the first commit of every transaction of `db` report
 * `commit_unknown_result` (1021) after it was applied, so that every body
 * runs a second time on top of its own effects. Returns how many were injected.
 */
export function reportUnknownOncePerTransaction(db: Database): () => number {
  const seen = new WeakSet<object>()
  let injected = 0
  db.addHooks({
    onAfterCommit(tx) {
      if (seen.has(tx)) return
      seen.add(tx)
      injected++
      throw new FoundError(ErrorCode.commitUnknownResult, 'test: commit applied, reported as unknown')
    },
  })
  return () => injected
}
