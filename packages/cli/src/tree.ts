/**
 * The directory tree of a database, read in one transaction, and which
 * directory a key belongs to.
 *
 * @module
 */
import { directory, DirectoryPartition, type Transaction } from '@foundkit/core'

/** One directory of the tree. @internal */
export interface DirectoryEntry {
  readonly path: readonly string[]
  /** Its prefix; null for a partition, whose root holds no keys of its own. */
  readonly prefix: Buffer | null
  readonly layer: Buffer
}

/** Every directory under `path` (itself excluded), parents before children, names in order. @internal */
export async function listTree(tx: Transaction, path: readonly string[] = []): Promise<DirectoryEntry[]> {
  const entries: DirectoryEntry[] = []
  for (const name of await directory.list(tx, [...path])) {
    const child = [...path, name]
    const opened = await directory.open(tx, child)
    const prefix = opened instanceof DirectoryPartition ? null : Buffer.from(opened.key())
    entries.push({ path: child, prefix, layer: Buffer.from(opened.layer) })
    entries.push(...(await listTree(tx, child)))
  }
  return entries
}

/**
 * Finds, for a key, the directory whose prefix it starts with (the longest
 * such prefix, as a partition's directories nest inside its prefix). @internal
 */
export class PrefixIndex<T extends { readonly prefix: Buffer | null }> {
  private readonly sorted: T[]

  constructor(entries: readonly T[]) {
    this.sorted = entries.filter((e) => e.prefix !== null).sort((a, b) => Buffer.compare(a.prefix!, b.prefix!))
  }

  find(key: Uint8Array): T | null {
    const k = Buffer.from(key.buffer, key.byteOffset, key.byteLength)
    // The last prefix <= key, then walk back: a shorter enclosing prefix sorts before it.
    let lo = 0
    let hi = this.sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (Buffer.compare(this.sorted[mid]!.prefix!, k) <= 0) lo = mid + 1
      else hi = mid
    }
    for (let i = lo - 1; i >= 0; i--) {
      const prefix = this.sorted[i]!.prefix!
      if (k.length >= prefix.length && k.subarray(0, prefix.length).equals(prefix)) return this.sorted[i]!
      if (prefix[0] !== k[0]) break
    }
    return null
  }
}
