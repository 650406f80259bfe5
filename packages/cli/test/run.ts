// Runs the command line in this process (fast) or as a child process (the real binary path).
import { spawn } from 'node:child_process'
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

/**
 * `foundkit ...args` as a child process: the executable's source run by
 * Node through tsx (the tests run before any build, as in CI), with
 * FDB_CLUSTER_FILE removed so the default engine is the embedded one.
 */
export async function spawnCli(args: readonly string[], stdin: string | Buffer | null = null): Promise<RunResult> {
  const env = { ...process.env }
  delete env['FDB_CLUSTER_FILE']
  const child = spawn(process.execPath, ['--conditions=@foundkit/source', '--import', 'tsx', join(packageDir, 'src', 'bin.ts'), ...args], {
    cwd: packageDir,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const out: Buffer[] = []
  const err: Buffer[] = []
  child.stdout.on('data', (c: Buffer) => out.push(c))
  child.stderr.on('data', (c: Buffer) => err.push(c))
  child.stdin.end(stdin ?? undefined)
  const code = await new Promise<number>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (status) => resolve(status ?? -1))
  })
  const stdoutBytes = Buffer.concat(out)
  return { code, stdout: stdoutBytes.toString(), stdoutBytes, stderr: Buffer.concat(err).toString() }
}
