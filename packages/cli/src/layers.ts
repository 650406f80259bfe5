/**
 * Where the layer commands keep their stores: a directory each (so `dirs`
 * and `stats` show them), `blobs`, `facts`, `documents` and `search` by
 * default, or the one `--dir PATH` names.
 *
 * @module
 */
import type { Command } from 'commander'
import { directory, transactional, type Database, type DirectorySubspace } from '@foundkit/core'
import { UserError } from './errors.js'
import { formatPath, parsePath } from './text/path.js'

/**
 * The default directory of each layer command's store (`pnpm demo` fills the same ones).
 *
 * @example
 * ```ts
 * const blobs = await transactional(db, (tx) => directory.createOrOpen(tx, [DEFAULT_DIRECTORIES.blob]))
 * ```
 */
export const DEFAULT_DIRECTORIES: {
  /** `blob` commands: `blobs`. */
  readonly blob: string
  /** `nstore` commands: `facts`. */
  readonly nstore: string
  /** `eav` commands: `documents`. */
  readonly eav: string
  /** `search` commands: `search`. */
  readonly search: string
} = Object.freeze({ blob: 'blobs', nstore: 'facts', eav: 'documents', search: 'search' })

/** Adds `--dir PATH` to a layer command. @internal */
export function storeOption(command: Command, layer: keyof typeof DEFAULT_DIRECTORIES): Command {
  return command.option('--dir <path>', `the directory holding the store (default: ${DEFAULT_DIRECTORIES[layer]})`)
}

/**
 * Opens the directory of a layer's store; a command that writes creates it,
 * one that reads refuses a missing one. @internal
 */
export async function storeDirectory(db: Database, options: Record<string, unknown>, layer: keyof typeof DEFAULT_DIRECTORIES, writes: boolean): Promise<DirectorySubspace> {
  const path = parsePath((options['dir'] as string | undefined) ?? DEFAULT_DIRECTORIES[layer])
  return transactional(db, async (tx) => {
    if (writes) return directory.createOrOpen(tx, path)
    if (!(await directory.exists(tx, path))) throw new UserError(`${layer}: no directory ${formatPath(path)} (name the store's directory with --dir PATH)`)
    return directory.open(tx, path)
  })
}
