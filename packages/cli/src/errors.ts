/**
 * How the command line reports failures: exit code 1 and one line for what
 * the user can fix, exit code 2 for a bug or a broken database.
 *
 * @module
 */
import { CommanderError } from 'commander'
import { ErrorCode, FoundError } from '@foundkit/core'

/**
 * A mistake the user can fix (a missing key, a malformed argument, a missing
 * database): the command line prints its message on one line and exits with 1.
 *
 * @example
 * ```ts
 * throw new UserError('get: ("users", 42) not found')
 * ```
 */
export class UserError extends Error {
  /** Always `'UserError'`. */
  override readonly name = 'UserError'
}

/** Exit codes: 0 success, 1 user error, 2 internal error. */
export const EXIT = { ok: 0, user: 1, internal: 2 } as const

/** FoundError codes that mean a bug or damaged data rather than a user's mistake. */
const INTERNAL_CODES: ReadonlySet<number> = new Set([ErrorCode.internalError, ErrorCode.corruptData])

/** The exit code of an error thrown by a command. @internal */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode
  if (error instanceof UserError) return EXIT.user
  if (error instanceof FoundError) return INTERNAL_CODES.has(error.code) ? EXIT.internal : EXIT.user
  return EXIT.internal
}

/** The one line printed for an error (commander prints its own). @internal */
export function messageOf(error: unknown): string | null {
  if (error instanceof CommanderError) return null
  const message = error instanceof Error ? error.message : String(error)
  const oneLine = message.split('\n')[0]!
  if (exitCodeOf(error) === EXIT.user) return `foundkit: ${oneLine}`
  return `foundkit: internal error: ${oneLine} (set FOUNDKIT_DEBUG=1 for the stack trace)`
}
