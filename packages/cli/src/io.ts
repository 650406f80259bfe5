/**
 * Where a command reads and writes: the process's streams, or test doubles.
 *
 * @module
 */
import type { Readable, Writable } from 'node:stream'

/**
 * The streams a run of the command line uses.
 *
 * @example
 * ```ts
 * const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }
 * ```
 */
export interface CliIo {
  /** Input (`import` reads it). */
  readonly stdin: Readable
  /** Output: results, one per line. */
  readonly stdout: Writable
  /** Messages and progress bars (a bar only when this is a terminal). */
  readonly stderr: Writable
}

/** Writes text, waiting when the stream asks the writer to slow down. @internal */
export async function write(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (stream.write(text)) return
  await new Promise<void>((resolve, reject) => {
    const done = (error?: Error): void => {
      stream.off('drain', done)
      stream.off('error', done)
      if (error) reject(error)
      else resolve()
    }
    stream.on('drain', done)
    stream.on('error', done)
  })
}

/** Whether the stream is a terminal (progress bars are drawn only there). @internal */
export function isTerminal(stream: Readable | Writable): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true
}
