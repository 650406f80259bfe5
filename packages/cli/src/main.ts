/**
 * Runs the command line once and returns its exit code.
 *
 * @module
 */
import { createProgram } from './program.js'
import { EXIT, exitCodeOf, messageOf } from './errors.js'
import type { CliIo } from './io.js'

/**
 * Runs `foundkit` with these arguments and returns the exit code (0
 * success, 1 a user error reported on one line, 2 an internal error). It
 * never calls `process.exit`, so a program can embed it.
 *
 * @param args - the arguments after the program name, e.g. `['get', '("users", 42)']`
 * @param io - the streams to use (default: the process's)
 * @example
 * ```ts
 * const code = await main(['--path', './data', 'count'])
 * ```
 */
export async function main(args: readonly string[], io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const program = createProgram(io)
  try {
    await program.parseAsync([...args], { from: 'user' })
    return EXIT.ok
  } catch (error) {
    const message = messageOf(error)
    if (message !== null) io.stderr.write(`${message}\n`)
    if (process.env['FOUNDKIT_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`)
    return exitCodeOf(error)
  }
}
