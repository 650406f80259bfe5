/**
 * Progress bars on stderr, drawn only when stderr is a terminal.
 *
 * @module
 */
import cliProgress from 'cli-progress'
import { isTerminal, type CliIo } from './io.js'

/** A progress display: counts up, then stops. @internal */
export interface Progress {
  update(value: number, payload?: Record<string, string | number>): void
  stop(): void
}

const silent: Progress = { update() {}, stop() {} }

/**
 * A bar out of `total` when it is known, a running count otherwise; nothing
 * when stderr is not a terminal (a pipe, a file, a test). @internal
 */
export function startProgress(io: CliIo, label: string, total: number | null, unit: string): Progress {
  if (!isTerminal(io.stderr)) return silent
  const format =
    total === null
      ? `${label} {value} ${unit} {detail}`
      : `${label} [{bar}] {percentage}% {value}/{total} ${unit} {detail}`
  const bar = new cliProgress.SingleBar(
    { format, stream: io.stderr as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false, fps: 10 },
    cliProgress.Presets.shades_classic,
  )
  bar.start(total ?? 0, 0, { detail: '' })
  return {
    update: (value, payload) => bar.update(value, { detail: '', ...payload }),
    stop: () => bar.stop(),
  }
}
