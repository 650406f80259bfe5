// Printing for the demo: a heading per step with its time, and indented lines.
import type { Database } from '@foundkit/core'

/** One step of the tour: it gets the database and prints with `say`. */
export type Step = (db: Database, say: (line?: string) => void) => Promise<void>

const started = performance.now()
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`

/** Runs a step under a heading, then prints how long it took. */
export async function step(title: string, db: Database, body: Step): Promise<void> {
  console.log(`\n== ${title}`)
  const t0 = performance.now()
  await body(db, (line = '') => console.log(line === '' ? '' : `   ${line}`))
  console.log(`   (${seconds(performance.now() - t0)}; ${seconds(performance.now() - started)} since the start)`)
}

/** Bytes as text, for printing values. */
export const text = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString())

/** A byte count for people. */
export const size = (bytes: number): string =>
  bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : bytes >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes} B`
