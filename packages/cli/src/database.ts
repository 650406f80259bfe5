/**
 * Which database a command opens: `--path DIR` (the durable embedded engine,
 * `./foundkit-data` by default), `--memory`, or a FoundationDB cluster
 * (`--cluster-file FILE`, or `FDB_CLUSTER_FILE` when no engine is named).
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { open, type Database } from '@foundkit/core'
import { UserError } from './errors.js'

/** The default folder of the durable database. */
export const DEFAULT_PATH = './foundkit-data'

/**
 * The engine options every command accepts (before or after its name).
 *
 * @example
 * ```ts
 * const where: EngineChoice = { path: './data' }
 * ```
 */
export interface EngineChoice {
  /** A folder holding a durable embedded database. */
  path?: string
  /** A fresh in-memory database (gone when the command ends). */
  memory?: boolean
  /** A FoundationDB cluster file. */
  clusterFile?: string
}

type Resolved = { kind: 'memory' } | { kind: 'fdb'; clusterFile: string } | { kind: 'durable'; path: string }

function resolveChoice(choice: EngineChoice, env: NodeJS.ProcessEnv): Resolved {
  const named = [choice.path !== undefined, choice.memory === true, choice.clusterFile !== undefined].filter(Boolean).length
  if (named > 1) throw new UserError('choose one engine: --path, --memory or --cluster-file')
  if (choice.memory === true) return { kind: 'memory' }
  if (choice.clusterFile !== undefined) return { kind: 'fdb', clusterFile: choice.clusterFile }
  if (choice.path !== undefined) return { kind: 'durable', path: choice.path }
  const fromEnv = env['FDB_CLUSTER_FILE']
  if (fromEnv !== undefined && fromEnv !== '') return { kind: 'fdb', clusterFile: fromEnv }
  return { kind: 'durable', path: DEFAULT_PATH }
}

/**
 * Opens the database a command names. A command that only reads refuses a
 * durable path that holds no database rather than create an empty one.
 * @internal
 */
export async function openChosen(choice: EngineChoice, writes: boolean, env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const engine = resolveChoice(choice, env)
  if (engine.kind === 'memory') return open()
  if (engine.kind === 'fdb') {
    if (!existsSync(engine.clusterFile)) throw new UserError(`no cluster file at ${engine.clusterFile}`)
    return open({ clusterFile: engine.clusterFile })
  }
  if (!writes && !existsSync(engine.path)) {
    throw new UserError(`no database at ${engine.path} (name one with --path DIR; a command that writes creates it)`)
  }
  return open({ path: engine.path })
}
