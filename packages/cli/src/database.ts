/**
 * Which database a command opens: `--path DIR` (the durable embedded engine,
 * `./foundkit-data` by default), `--memory`, or a FoundationDB cluster
 * (`--cluster-file FILE`, or `FDB_CLUSTER_FILE` when no engine is named).
 *
 * @module
 */
import { existsSync } from 'node:fs'
import { ErrorCode, FoundError, open, type Database } from '@foundkit/core'
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

type Resolved = { kind: 'memory' } | { kind: 'fdb'; clusterFile: string; from: string } | { kind: 'durable'; path: string }

/** The engine named by the options; FDB_CLUSTER_FILE counts only when no option names one. */
function resolveChoice(choice: EngineChoice, env: NodeJS.ProcessEnv): Resolved {
  const named = [choice.path !== undefined && '--path', choice.memory === true && '--memory', choice.clusterFile !== undefined && '--cluster-file'].filter(
    (name) => name !== false,
  )
  if (named.length > 1) throw new UserError(`choose one engine: ${named.slice(0, -1).join(', ')} and ${named.at(-1)} were given together (name one of --path DIR, --memory, --cluster-file FILE)`)
  if (choice.memory === true) return { kind: 'memory' }
  if (choice.clusterFile !== undefined) return { kind: 'fdb', clusterFile: choice.clusterFile, from: '--cluster-file' }
  if (choice.path !== undefined) return { kind: 'durable', path: choice.path }
  const fromEnv = env['FDB_CLUSTER_FILE']
  if (fromEnv !== undefined && fromEnv !== '') return { kind: 'fdb', clusterFile: fromEnv, from: 'FDB_CLUSTER_FILE' }
  return { kind: 'durable', path: DEFAULT_PATH }
}

/**
 * Opens a FoundationDB cluster. Without FoundationDB's client library the
 * user gets one line saying so (the binding's own two lines on stderr are
 * dropped: the message says it all), not core's install guide.
 */
async function openCluster(clusterFile: string, from: string): Promise<Database> {
  if (!existsSync(clusterFile)) throw new UserError(`no cluster file at ${clusterFile} (from ${from})`)
  const printed: unknown[][] = []
  const consoleError = console.error
  console.error = (...args: unknown[]) => void printed.push(args)
  try {
    return await open({ clusterFile })
  } catch (error) {
    if (error instanceof FoundError && error.code === ErrorCode.clientNotFound) {
      printed.length = 0
      const reason = error.message.split('\n')[0]!.replace(/^FoundationDB client not found: /, '').replace(/\.$/, '')
      throw new UserError(
        `${from} ${clusterFile}: FoundationDB's client library is not available: ${reason}; ` +
          'install the FoundationDB client 7.3, or use --path DIR or --memory for the embedded engine',
        { cause: error },
      )
    }
    throw error
  } finally {
    console.error = consoleError
    printed.forEach((args) => consoleError(...args))
  }
}

/**
 * Opens the database a command names. A command that only reads refuses a
 * durable path that holds no database rather than create an empty one.
 * @internal
 */
export async function openChosen(choice: EngineChoice, writes: boolean, env: NodeJS.ProcessEnv = process.env): Promise<Database> {
  const engine = resolveChoice(choice, env)
  if (engine.kind === 'memory') return open()
  if (engine.kind === 'fdb') return openCluster(engine.clusterFile, engine.from)
  if (!writes && !existsSync(engine.path)) {
    throw new UserError(`no database at ${engine.path} (name one with --path DIR; a command that writes creates it)`)
  }
  return open({ path: engine.path })
}
