/**
 * The key-value commands: `get`, `set`, `clear`, `range`, `count`.
 *
 * @module
 */
import { Command } from 'commander'
import { clear, get, prefixRange, scanAll, set, transactional } from '@foundkit/core'
import { databaseAction, count } from '../command.js'
import { UserError } from '../errors.js'
import { write, type CliIo } from '../io.js'
import { formatKey, formatValue, parseKey, parseValue } from '../text/keys.js'

const KEY_HELP = 'a tuple such as \'("users", 42)\', or bytes with \\xNN escapes'

/** The range a `range` or `count` command names: BEGIN/END or --prefix. */
function chosenRange(begin: string | undefined, end: string | undefined, prefix: string | undefined): { begin: Uint8Array; end: Uint8Array } {
  if (prefix !== undefined) {
    if (begin !== undefined) throw new UserError('give either BEGIN [END] or --prefix, not both')
    return prefixRange(parseKey(prefix, 'prefix'))
  }
  return {
    begin: begin === undefined ? Buffer.alloc(0) : parseKey(begin, 'begin'),
    end: end === undefined ? Buffer.from([0xff]) : parseKey(end, 'end'),
  }
}

function rangeArguments(command: Command): Command {
  return command
    .argument('[begin]', `first key (included; default: the first key). ${KEY_HELP}`)
    .argument('[end]', 'end key (excluded; default: \\xff, the end of the user keys)')
    .option('--prefix <key>', 'every key that starts with these bytes (instead of BEGIN and END)')
}

/** Adds `get`, `set`, `clear`, `range` and `count` to the program. @internal */
export function addKeyCommands(program: Command, io: CliIo): void {
  program.command('get').description('print the value of a key')
    .argument('<key>', KEY_HELP)
    .option('--raw', 'write the value\'s bytes as they are (for binary values: foundkit get KEY --raw > FILE)')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const key = parseKey(args[0] as string)
        const value = await transactional(db, (tx) => get(tx, key))
        if (value === null) throw new UserError(`get: ${formatKey(key)} not found`)
        await write(io.stdout, options['raw'] === true ? value : `${formatValue(value)}\n`)
      }),
    )

  program.command('set').description('set a key to a value')
    .argument('<key>', KEY_HELP)
    .argument('<value>', 'the value: bytes with \\xNN escapes, or a tuple to pack')
    .action(
      databaseAction(io, true, async ({ db, args }) => {
        const key = parseKey(args[0] as string)
        const value = parseValue(args[1] as string)
        await transactional(db, (tx) => set(tx, key, value))
      }),
    )

  program.command('clear').description('clear a key, or every key in [KEY, END)')
    .argument('<key>', KEY_HELP)
    .argument('[end]', 'clear the range from KEY (included) to END (excluded)')
    .action(
      databaseAction(io, true, async ({ db, args }) => {
        const key = parseKey(args[0] as string)
        const end = args[1] === undefined ? undefined : parseKey(args[1] as string, 'end')
        await transactional(db, (tx) => (end === undefined ? clear(tx, key) : clear(tx, key, end)))
      }),
    )

  rangeArguments(program.command('range').description('print the keys and values of a range, in key order'))
    .option('--limit <n>', 'at most N pairs (default: all)', count)
    .option('--reverse', 'from the last key down')
    .option('--json', 'one JSON object per line: {"key": ..., "value": ...} in the printed forms')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const { begin, end } = chosenRange(args[0] as string | undefined, args[1] as string | undefined, options['prefix'] as string | undefined)
        const scan = scanAll(db, begin, end, { limit: (options['limit'] as number | undefined) ?? 0, reverse: options['reverse'] === true })
        const json = options['json'] === true
        for await (const [key, value] of scan) {
          const line = json
            ? JSON.stringify({ key: formatKey(key), value: formatValue(value) })
            : `${formatKey(key)} = ${formatValue(value)}`
          await write(io.stdout, `${line}\n`)
        }
      }),
    )

  rangeArguments(program.command('count').description('count the keys of a range (default: the whole database)'))
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const { begin, end } = chosenRange(args[0] as string | undefined, args[1] as string | undefined, options['prefix'] as string | undefined)
        let keys = 0
        for await (const _ of scanAll(db, begin, end)) keys++
        await write(io.stdout, `${keys}\n`)
      }),
    )
}
