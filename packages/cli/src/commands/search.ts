/**
 * `search index PATH...` and `search query "..."`: full-text search over text
 * files (`@foundkit/pstore`).
 *
 * @module
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { Command } from 'commander'
import * as pstore from '@foundkit/pstore'
import { count, databaseAction } from '../command.js'
import { UserError } from '../errors.js'
import { isTerminal, write, type CliIo } from '../io.js'
import { storeDirectory, storeOption } from '../layers.js'
import { startProgress } from '../progress.js'

/** Files per transaction, and their bytes at most (pstore.addMany writes a batch in one). */
const BATCH_FILES = 25
const BATCH_BYTES = 1_000_000

/** Every file under the paths (a directory is walked), sorted, each once. */
async function filesUnder(paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>()
  const walk = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => null)
    if (info === null) throw new UserError(`search index: no file or directory ${path}`)
    if (info.isFile()) found.add(path)
    else if (info.isDirectory()) {
      for (const entry of (await readdir(path)).sort()) if (!entry.startsWith('.')) await walk(join(path, entry))
    }
  }
  for (const path of paths) await walk(path)
  return [...found]
}

/** The marks around matched words: reverse video on a terminal, ** in a pipe. */
function marksFor(io: CliIo): [string, string] {
  return isTerminal(io.stdout) ? ['\x1b[1;7m', '\x1b[0m'] : ['**', '**']
}

/** Adds `search index` and `search query` to the program. @internal */
export function addSearchCommands(program: Command, io: CliIo): void {
  const command = program.command('search').description('full-text search: index text files, then query them (ranked, highlighted)')

  storeOption(command.command('index').description('index text files (a directory: every file under it); each file\'s id is its path'), 'search')
    .argument('<paths...>', 'files or directories')
    .action(
      databaseAction(io, true, async ({ db, args, options }) => {
        const files = await filesUnder(args[0] as string[])
        const store = pstore.make('search', await storeDirectory(db, options, 'search', true))
        const progress = startProgress(io, 'index', files.length, 'files')
        let batch: [string, string][] = []
        let bytes = 0
        let done = 0
        const flush = async (): Promise<void> => {
          if (batch.length > 0) await pstore.addMany(db, store, batch)
          done += batch.length
          progress.update(done)
          batch = []
          bytes = 0
        }
        try {
          for (const file of files) {
            const text = await readFile(file, 'utf8')
            if (batch.length >= BATCH_FILES || (batch.length > 0 && bytes + text.length > BATCH_BYTES)) await flush()
            batch.push([file, text])
            bytes += text.length
          }
          await flush()
        } finally {
          progress.stop()
        }
        await write(io.stderr, `indexed ${done} files\n`)
      }),
    )

  storeOption(command.command('query').description('the best matches, best first: score, id, and snippets with the matched words marked'), 'search')
    .argument('<query>', 'words (any of them), "a phrase", +required, -excluded, prefix*')
    .option('--limit <n>', 'at most N results (default: 10)', count)
    .option('--json', 'one JSON object per result: {"id", "score", "snippets"}')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const text = args[0] as string
        const store = pstore.make('search', await storeDirectory(db, options, 'search', false))
        const results = await pstore.search(db, store, text, { limit: (options['limit'] as number | undefined) ?? 10 })
        const marks = options['json'] === true ? (['**', '**'] as [string, string]) : marksFor(io)
        for (const { docId, score } of results) {
          const snippets = await pstore.highlight(db, store, docId, text, { marks, around: 40 })
          const oneLine = snippets.slice(0, 3).map((s) => s.replace(/\s+/g, ' ').trim())
          if (options['json'] === true) {
            await write(io.stdout, `${JSON.stringify({ id: docId, score: Number(score.toFixed(4)), snippets: oneLine })}\n`)
          } else {
            await write(io.stdout, `${score.toFixed(2).padStart(6)}  ${docId}\n${oneLine.map((s) => `        ${s}\n`).join('')}`)
          }
        }
      }),
    )
}

