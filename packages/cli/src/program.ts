/**
 * The `foundkit` program: its engine options and every command.
 *
 * @module
 */
import { Command } from 'commander'
import { addBlobCommands } from './commands/blob.js'
import { addDirectoryCommands } from './commands/dirs.js'
import { addEavCommands } from './commands/eav.js'
import { addKeyCommands } from './commands/keys.js'
import { addNStoreCommands } from './commands/nstore.js'
import { addSearchCommands } from './commands/search.js'
import { addTransferCommands } from './commands/transfer.js'
import { engineOptions } from './command.js'
import type { CliIo } from './io.js'

const KEYS_HELP = `
Keys are tuples when they start with "(", as FoundationDB prints them:
  foundkit set '("users", 42)' Ada
and bytes otherwise, with fdbcli's escapes (\\xNN for any byte, \\\\ for a backslash):
  foundkit get 'raw\\x00key'
Exit codes: 0 success, 1 a mistake to fix (one line on stderr), 2 an internal error.`

/** Builds the program; it writes to `io` and throws instead of exiting. @internal */
export function createProgram(io: CliIo): Command {
  const program = new Command('foundkit')
    .description('look inside a foundkit database, export and import it, and use its layers')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // commander's own errors (unknown command, missing argument, bad option value) on one line, like ours.
      outputError: (text, write) => write(`foundkit: ${text.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (add --help for usage)\n`),
    })
    .configureHelp({ showGlobalOptions: true })
    .addHelpText('after', KEYS_HELP)
  engineOptions(program)
  addKeyCommands(program, io)
  addDirectoryCommands(program, io)
  addTransferCommands(program, io)
  addBlobCommands(program, io)
  addNStoreCommands(program, io)
  addEavCommands(program, io)
  addSearchCommands(program, io)
  return program
}
