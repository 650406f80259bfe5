/**
 * Layer suites measure foundkit as users get it from npm: each package's
 * `tsc` build (its dist/), not its TypeScript source under tsx, where every
 * closure pays for esbuild's `keepNames` helper (measured: 50% more CPU per
 * small range read). Their peers (DataScript, MiniSearch) are compiled
 * JavaScript too. `pnpm bench` runs with the `@foundkit/source` condition,
 * which makes `@foundkit/core` core's source; so such a suite runs itself
 * again in a child process without it, where `@foundkit/core` is core's
 * dist/, the same module the layer's dist/ imports.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type * as Core from '@foundkit/core'
import type { Row } from '../run.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Builds core and `layer` with `tsc -b` (incremental: quick when up to date), then loads both dist/ modules. */
export async function loadBuilt<Layer>(layer: string): Promise<{ core: typeof Core; layer: Layer }> {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-b', 'packages/core', `packages/${layer}`], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  if (!import.meta.resolve('@foundkit/core').includes('/dist/')) {
    throw new Error(`bench ${layer}: @foundkit/core resolves to its source; run without the @foundkit/source condition`)
  }
  const core = (await import('@foundkit/core')) as typeof Core
  const loaded = (await import(`../../packages/${layer}/dist/index.js`)) as Layer
  if (core.Database === undefined || (loaded as { make?: unknown }).make === undefined) throw new Error(`bench ${layer}: the built packages did not load`)
  return { core, layer: loaded }
}

/** Whether this process is the child that {@link rowsOfBuiltChild} started. */
export const isBuiltChild = process.argv.includes('--child')

/**
 * Runs the suite module `selfUrl` again in a child process (Node flags
 * `--expose-gc --import tsx`, argument `--child`, no `@foundkit/source`
 * condition) and returns the rows it prints on its `ROWS <json>` line; its
 * other output (progress, tables) passes through.
 */
export function rowsOfBuiltChild(selfUrl: string, suite: string): Row[] {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(selfUrl), '--child'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  })
  const lines = out.toString('utf8').split('\n')
  for (const line of lines) if (!line.startsWith('ROWS ')) console.log(line)
  const marker = lines.find((line) => line.startsWith('ROWS '))
  if (marker === undefined) throw new Error(`bench ${suite}: the child printed no rows`)
  return JSON.parse(marker.slice(5)) as Row[]
}

/** Prints the rows for {@link rowsOfBuiltChild} (in the child). */
export function printRows(rows: readonly Row[]): void {
  console.log(`ROWS ${JSON.stringify(rows)}`)
}
