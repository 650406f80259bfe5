/**
 * What every command shares: the engine options, the database opened for
 * the action and closed after it, and integer option parsing.
 *
 * @module
 */
import { Command, InvalidArgumentError } from 'commander'
import type { Database } from '@foundkit/core'
import { openChosen, type EngineChoice } from './database.js'
import type { CliIo } from './io.js'

/** What an action gets: the open database, the streams, its arguments and options. @internal */
export interface ActionContext {
  readonly db: Database
  readonly io: CliIo
  readonly args: readonly (string | string[] | undefined)[]
  readonly options: Record<string, unknown>
}

/** Adds the engine options to a command (the program and each subcommand). @internal */
export function engineOptions(command: Command): Command {
  return command
    .option('--path <dir>', 'a durable embedded database in this folder (default: ./foundkit-data)')
    .option('--memory', 'a fresh in-memory database (for trying commands out)')
    .option('--cluster-file <file>', 'a FoundationDB cluster (default when FDB_CLUSTER_FILE is set and no engine is named)')
}

/**
 * A commander action that opens the chosen database, runs `fn` and closes
 * the database whatever happens. `writes` says whether the command may
 * create a missing durable database. @internal
 */
export function databaseAction(io: CliIo, writes: boolean, fn: (context: ActionContext) => Promise<void>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command
    const options = command.optsWithGlobals<EngineChoice & Record<string, unknown>>()
    const db = await openChosen(options, writes)
    try {
      await fn({ db, io, args: command.processedArgs as ActionContext['args'], options })
    } finally {
      await db.close()
    }
  }
}

/** Parses a non-negative integer option (commander's argParser). @internal */
export function count(text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(`expected a non-negative integer, got ${JSON.stringify(text)}`)
  return Number(text)
}
