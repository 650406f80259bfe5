// Runs the command line in this process (fast) or as a child process (the real binary path).
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { main } from '../src/index.js'

/** What a run printed and how it ended. */
export interface RunResult {
  code: number
  stdout: string
  stdoutBytes: Buffer
  stderr: string
}

function collect(stream: PassThrough): () => Buffer {
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(Buffer.from(chunk)))
  return () => Buffer.concat(chunks)
}

/** `foundkit ...args` in this process, with `input` on stdin. */
export async function run(args: readonly string[], input: string | Buffer = ''): Promise<RunResult> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out = collect(stdout)
  const err = collect(stderr)
  const code = await main(args, { stdin: Readable.from([Buffer.from(input)]), stdout, stderr })
  return { code, stdout: out().toString(), stdoutBytes: out(), stderr: err().toString() }
}

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The built executable, as `npm install -g @foundkit/cli` runs it. */
export const BUILT_BIN = join(packageDir, 'dist', 'bin.js')

/**
 * Builds the CLI and the packages it uses (`tsc -b`: incremental, about a
 * second when nothing changed), so that the tests spawn the built binary even
 * in CI, where `pnpm test` runs before `pnpm run build` (which then has
 * nothing left to do).
 */
export function buildCli(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const build = spawnSync(process.execPath, [tsc, '-b', packageDir], { encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`tsc -b ${packageDir} failed:\n${build.stdout}${build.stderr}`)
}

/** How to spawn: stdin, and environment variables to set (undefined removes one). */
export interface SpawnOptions {
  readonly stdin?: string | Buffer
  readonly env?: Readonly<Record<string, string | undefined>>
}

/**
 * `foundkit ...args` as a child process: the built executable (call
 * {@link buildCli} first), run by Node from the package folder, with
 * FDB_CLUSTER_FILE removed unless `options.env` sets it, so that the default
 * engine is the embedded one.
 */
export async function spawnCli(args: readonly string[], options: SpawnOptions = {}): Promise<RunResult> {
  const env: Record<string, string | undefined> = { ...process.env, FDB_CLUSTER_FILE: undefined, FOUNDKIT_DEBUG: undefined, ...options.env }
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name]
  const child = spawn(process.execPath, [BUILT_BIN, ...args], { cwd: packageDir, env, stdio: ['pipe', 'pipe', 'pipe'] })
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout.on('data', (c: Buffer) => out.push(c))
  child.stderr.on('data', (c: Buffer) => err.push(c))
  child.stdin.end(options.stdin)
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve(status ?? -1))
  })
  const stdoutBytes = Buffer.concat(out)
  return { code, stdout: stdoutBytes.toString(), stdoutBytes, stderr: Buffer.concat(err).toString() }
}
