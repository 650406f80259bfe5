/**
 * `dirs` (the directory tree) and `stats` (keys and bytes, per directory).
 *
 * @module
 */
import type { Command } from 'commander'
import { scanAll, transactional } from '@foundkit/core'
import { databaseAction } from '../command.js'
import { write, type CliIo } from '../io.js'
import { startProgress } from '../progress.js'
import { escapeBytes } from '../text/escape.js'
import { formatKey } from '../text/keys.js'
import { listTree, PrefixIndex, type DirectoryEntry } from '../tree.js'

/** The directory layer keeps its metadata under this byte. */
const DIRECTORY_METADATA = 0xfe

function layerText(layer: Buffer): string {
  return layer.length === 0 ? '' : `  layer ${escapeBytes(layer)}`
}

/** Sums of keys and bytes. */
interface Tally {
  keys: number
  keyBytes: number
  valueBytes: number
}

const tally = (): Tally => ({ keys: 0, keyBytes: 0, valueBytes: 0 })

function table(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n')
}

/** Adds `dirs` and `stats` to the program. @internal */
export function addDirectoryCommands(program: Command, io: CliIo): void {
  program
    .command('dirs')
    .description('print the directory tree: each directory\'s name, prefix (as a key) and layer')
    .option('--json', 'one JSON object per line: {"path": [...], "prefix": ..., "layer": ...}')
    .action(
      databaseAction(io, false, async ({ db, options }) => {
        const tree = await transactional(db, (tx) => listTree(tx))
        if (tree.length === 0 && options['json'] !== true) await write(io.stderr, 'no directories\n')
        for (const entry of tree) {
          const prefix = entry.prefix === null ? 'partition' : formatKey(entry.prefix)
          const line =
            options['json'] === true
              ? JSON.stringify({ path: entry.path, prefix: entry.prefix === null ? null : formatKey(entry.prefix), layer: escapeBytes(entry.layer) })
              : `${'  '.repeat(entry.path.length - 1)}${entry.path.at(-1)}  ${prefix}${layerText(entry.layer)}`
          await write(io.stdout, `${line}\n`)
        }
      }),
    )

  program
    .command('stats')
    .description('count keys and bytes: in all, per directory, in the directory metadata and outside any directory')
    .option('--json', 'one JSON object instead of a table')
    .action(
      databaseAction(io, false, async ({ db, options }) => {
        const tree = await transactional(db, (tx) => listTree(tx))
        const perDirectory = new Map<DirectoryEntry, Tally>(tree.map((entry) => [entry, tally()]))
        const index = new PrefixIndex(tree)
        const total = tally()
        const metadata = tally()
        const outside = tally()
        const progress = startProgress(io, 'stats', null, 'keys')
        for await (const [key, value] of scanAll(db, Buffer.alloc(0), Buffer.from([0xff]))) {
          const owner = index.find(key)
          const sums = [total, owner === null ? (key[0] === DIRECTORY_METADATA ? metadata : outside) : perDirectory.get(owner)!]
          for (const t of sums) {
            t.keys++
            t.keyBytes += key.length
            t.valueBytes += value.length
          }
          if (total.keys % 10_000 === 0) progress.update(total.keys)
        }
        progress.stop()
        if (options['json'] === true) {
          const directories = tree.map((entry) => ({ path: entry.path, ...perDirectory.get(entry)! }))
          await write(io.stdout, `${JSON.stringify({ ...total, directories, directoryMetadata: metadata, outsideDirectories: outside })}\n`)
          return
        }
        const row = (name: string, t: Tally): string[] => [name, String(t.keys), String(t.keyBytes), String(t.valueBytes), String(t.keyBytes + t.valueBytes)]
        const rows = [
          ['', 'keys', 'key bytes', 'value bytes', 'bytes'],
          row('database', total),
          ...tree.map((entry) => row(`  ${entry.path.join('/')}${entry.prefix === null ? ' (partition)' : ''}`, perDirectory.get(entry)!)),
          row('  (directory metadata)', metadata),
          row('  (outside directories)', outside),
        ]
        await write(io.stdout, `${table(rows)}\n`)
      }),
    )
}
