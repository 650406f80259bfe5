/**
 * `export` and `import`: a whole database, or a directory and its
 * subdirectories, to and from JSON lines.
 *
 * The format, one JSON object per line:
 *
 * - first, a header: `{"format":"foundkit-export","version":1}`, with
 *   `"dir":["app","users"]` when one directory was exported;
 * - for a whole database, every pair: `{"key":"<base64>","value":"<base64>"}`,
 *   keys as they are (the directory layer's metadata included, so directories
 *   come along), in key order;
 * - for a directory, a section per directory (itself first, then each
 *   subdirectory): `{"dir":["sub"],"layer":"<base64>"}` with the path
 *   relative to the exported one, then its pairs with keys relative to its
 *   prefix. Import creates each directory (wherever its prefix falls in the
 *   target database) and writes the pairs under it.
 *
 * @module
 */
import { fstatSync } from 'node:fs'
import { createInterface } from 'node:readline'
import type { Command } from 'commander'
import { bulkWrite, directory, DirectoryPartition, prefixRange, scanAll, transactional, type BulkOperation, type BulkProgress, type Database } from '@foundkit/core'
import { databaseAction } from '../command.js'
import { UserError } from '../errors.js'
import { write, type CliIo } from '../io.js'
import { startProgress } from '../progress.js'
import { formatPath, parsePath } from '../text/path.js'
import { listTree } from '../tree.js'

const FORMAT = 'foundkit-export'
const VERSION = 1

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')

async function exportRange(db: Database, io: CliIo, begin: Uint8Array, end: Uint8Array, strip: number, onPair: () => void): Promise<void> {
  for await (const [key, value] of scanAll(db, begin, end)) {
    await write(io.stdout, `{"key":"${b64(key.subarray(strip))}","value":"${b64(value)}"}\n`)
    onPair()
  }
}

/** Writes the export of the database (or of `dir`) to `io.stdout`; returns the pairs written. @internal */
export async function exportDatabase(db: Database, io: CliIo, dir: string[] | undefined): Promise<number> {
  let pairs = 0
  const progress = startProgress(io, 'export', null, 'pairs')
  const onPair = (): void => {
    if (++pairs % 1000 === 0) progress.update(pairs)
  }
  try {
    if (dir === undefined) {
      await write(io.stdout, `${JSON.stringify({ format: FORMAT, version: VERSION })}\n`)
      await exportRange(db, io, Buffer.alloc(0), Buffer.from([0xff]), 0, onPair)
      return pairs
    }
    const sections = await transactional(db, async (tx) => {
      if (!(await directory.exists(tx, dir))) throw new UserError(`export: no directory ${formatPath(dir)}`)
      const root = await directory.open(tx, dir)
      const rootEntry = { path: dir, prefix: root instanceof DirectoryPartition ? null : Buffer.from(root.key()), layer: Buffer.from(root.layer) }
      return [rootEntry, ...(await listTree(tx, dir))]
    })
    await write(io.stdout, `${JSON.stringify({ format: FORMAT, version: VERSION, dir })}\n`)
    for (const section of sections) {
      await write(io.stdout, `${JSON.stringify({ dir: section.path.slice(dir.length), layer: b64(section.layer) })}\n`)
      if (section.prefix === null) continue
      const { begin, end } = prefixRange(section.prefix)
      await exportRange(db, io, begin, end, section.prefix.length, onPair)
    }
    return pairs
  } finally {
    progress.stop()
  }
}

/** A line of an export file, checked. */
function parseLine(line: string, number: number): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    throw new UserError(`import: line ${number} is not JSON: ${line.slice(0, 60)}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UserError(`import: line ${number} is not a JSON object`)
  return parsed as Record<string, unknown>
}

function base64Field(record: Record<string, unknown>, field: string, number: number): Buffer {
  const text = record[field]
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new UserError(`import: line ${number}: "${field}" must be base64, got ${JSON.stringify(text)}`)
  return Buffer.from(text, 'base64')
}

/** The pairs of an export file as bulk operations, creating directories as their sections begin. */
async function* operationsOf(db: Database, lines: AsyncIterable<string>, target: string[] | undefined): AsyncGenerator<BulkOperation> {
  let number = 0
  let header: Record<string, unknown> | null = null
  let root: string[] | null = null
  let prefix: Buffer | null = Buffer.alloc(0)
  for await (const line of lines) {
    number++
    if (line.trim() === '') continue
    const record = parseLine(line, number)
    if (header === null) {
      if (record['format'] !== FORMAT) throw new UserError(`import: line 1 is not a foundkit export header ({"format":"${FORMAT}",...})`)
      if (record['version'] !== VERSION) throw new UserError(`import: export version ${JSON.stringify(record['version'])}; this foundkit reads version ${VERSION}`)
      header = record
      const dir = record['dir']
      if (dir === undefined && target !== undefined) throw new UserError('import: --dir needs an export of a directory (export --dir PATH)')
      if (dir !== undefined) root = target ?? (dir as string[])
      continue
    }
    if ('dir' in record) {
      if (root === null) throw new UserError(`import: line ${number}: a directory section in an export of a whole database`)
      const path = [...root, ...(record['dir'] as string[])]
      const layer = base64Field(record, 'layer', number)
      const opened = await transactional(db, (tx) => directory.createOrOpen(tx, path, { layer }))
      prefix = opened instanceof DirectoryPartition ? null : Buffer.from(opened.key())
      continue
    }
    if (root !== null && prefix === null) throw new UserError(`import: line ${number}: pairs in a partition's own section`)
    const key = base64Field(record, 'key', number)
    const value = base64Field(record, 'value', number)
    yield { type: 'put', key: root === null ? key : Buffer.concat([prefix!, key]), value }
  }
  if (header === null) throw new UserError('import: the input is empty (expected an export made by foundkit export)')
}

/**
 * Reads an export from `io.stdin` and writes its pairs (a directory export
 * under `target`, or under its own path). @internal
 */
export async function importDatabase(db: Database, io: CliIo, target: string[] | undefined): Promise<BulkProgress> {
  let size: number | null = null
  try {
    const stat = fstatSync((io.stdin as unknown as { fd?: number }).fd ?? -1)
    if (stat.isFile()) size = stat.size
  } catch {
    // not a file: no total for the progress bar
  }
  const progress = startProgress(io, 'import', size, 'bytes')
  let read = 0
  io.stdin.on('data', (chunk: Buffer) => {
    read += chunk.length
    progress.update(read)
  })
  try {
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity })
    return await bulkWrite(db, operationsOf(db, lines, target))
  } finally {
    progress.stop()
  }
}

/** Adds `export` and `import` to the program. @internal */
export function addTransferCommands(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('write the whole database, or one directory and its subdirectories, as JSON lines (base64 keys and values) to stdout')
    .option('--dir <path>', 'only this directory and its subdirectories (app/users, or a tuple of names)')
    .action(
      databaseAction(io, false, async ({ db, options }) => {
        const dir = options['dir'] === undefined ? undefined : parsePath(options['dir'] as string)
        const pairs = await exportDatabase(db, io, dir)
        await write(io.stderr, `exported ${pairs} pairs\n`)
      }),
    )

  program
    .command('import')
    .description('read JSON lines made by export from stdin and write them (existing keys are overwritten; nothing is cleared)')
    .option('--dir <path>', 'for an export of a directory: recreate it at this path instead of its own')
    .action(
      databaseAction(io, true, async ({ db, options }) => {
        const target = options['dir'] === undefined ? undefined : parsePath(options['dir'] as string)
        const done = await importDatabase(db, io, target)
        await write(io.stderr, `imported ${done.operations} pairs in ${done.transactions} transactions\n`)
      }),
    )
}
