/**
 * `nstore add ITEM...` and `nstore query PATTERN...`: the tuple store
 * (`@foundkit/nstore`).
 *
 * @module
 */
import type { Command } from 'commander'
import { scanAll, type Database, type DirectorySubspace } from '@foundkit/core'
import * as nstore from '@foundkit/nstore'
import { databaseAction } from '../command.js'
import { UserError } from '../errors.js'
import { write, type CliIo } from '../io.js'
import { storeDirectory, storeOption } from '../layers.js'
import { formatItem, parseItem, parsePattern } from '../text/items.js'

/**
 * The number of items of the tuples already in the store (its first key is
 * `(index, item × n)`), or null for an empty store.
 */
async function storedWidth(db: Database, dir: DirectorySubspace): Promise<number | null> {
  const { begin, end } = dir.range()
  for await (const [key] of scanAll(db, begin, end, { limit: 1 })) return dir.unpack(key).length - 1
  return null
}

function checkWidth(stored: number | null, given: number, what: string): void {
  if (stored !== null && stored !== given) throw new UserError(`${what}: this store holds tuples of ${stored} items, got ${given}`)
}

/** Adds `nstore add` and `nstore query` to the program. @internal */
export function addNStoreCommands(program: Command, io: CliIo): void {
  const command = program.command('nstore').description('the tuple store: add tuples (triples, ...) and query them with ?variables')

  storeOption(command.command('add').description('add one tuple, e.g. foundkit nstore add ada wrote notes'), 'nstore')
    .argument('<items...>', 'the items: 42, 1.5, null, true, "quoted text" are literals; other words are strings')
    .action(
      databaseAction(io, true, async ({ db, args, options }) => {
        const items = (args[0] as string[]).map(parseItem)
        const dir = await storeDirectory(db, options, 'nstore', true)
        checkWidth(await storedWidth(db, dir), items.length, 'nstore add')
        await nstore.add(db, nstore.make('facts', dir, items.length), items)
      }),
    )

  storeOption(command.command('query').description('print the bindings matching every pattern, e.g. foundkit nstore query "?who wrote ?what" "?what about databases"'), 'nstore')
    .argument('<patterns...>', 'one argument per pattern: its items separated by spaces, ?name for a variable')
    .option('--json', 'one JSON object per line: {"who": "\\"ada\\"", ...} (items in the printed form)')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const parsed = (args[0] as string[]).map(parsePattern)
        const width = parsed[0]!.length
        for (const pattern of parsed) checkWidth(width, pattern.length, 'nstore query')
        const dir = await storeDirectory(db, options, 'nstore', false)
        checkWidth(await storedWidth(db, dir), width, 'nstore query')
        const store = nstore.make('facts', dir, width)
        const patterns = parsed.map((pattern) => pattern.map((p) => ('variable' in p ? nstore.v(p.variable) : p.item)))
        for await (const bindings of nstore.query(db, store, ...patterns)) {
          const named = Object.entries(bindings).map(([name, item]) => [name, formatItem(item)] as const)
          const line = options['json'] === true ? JSON.stringify(Object.fromEntries(named)) : named.map(([name, item]) => `?${name}=${item}`).join('  ')
          await write(io.stdout, `${line}\n`)
        }
      }),
    )
}

