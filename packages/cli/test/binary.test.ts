// The built executable (dist/bin.js), spawned as a user runs it: exit codes
// 0 / 1 / 2 and their one-line messages, --help on every command, a pipe from
// export to import.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Command } from 'commander'
import { directory, ErrorCode, get, open, pack, set, transactional } from '@foundkit/core'
import { dumpAll } from '@foundkit/core/testing/vitest'
import { createProgram } from '../src/program.js'
import { buildCli, spawnCli, type RunResult } from './run.js'

const root = mkdtempSync(join(tmpdir(), 'foundkit-cli-bin-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(buildCli, 300_000)

/** A user error as the issue asks: exit code 1, one line on stderr naming the program, no stack trace. */
function expectUserError(result: RunResult, message: RegExp, what: string): void {
  expect(result.code, `${what}: ${result.stderr}`).toBe(1)
  expect(result.stdout, what).toBe('')
  expect(result.stderr, what).toMatch(/^foundkit: [^\n]+\n$/)
  expect(result.stderr, what).toMatch(message)
}

/** Every command of the program, as the words that name it (`['blob', 'put']`), groups included. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])])
}

describe('the foundkit executable', () => {
  it('exit 0 with output, 1 with one line and no stack trace', async () => {
    const path = join(root, 'a')
    expect(await spawnCli(['--path', path, 'set', '("k", 1)', 'v'])).toMatchObject({ code: 0, stdout: '', stderr: '' })
    expect(await spawnCli(['--path', path, 'get', '("k", 1)'])).toMatchObject({ code: 0, stdout: 'v\n' })
    const missing = await spawnCli(['--path', path, 'get', '("k", 2)'])
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'foundkit: get: ("k", 2) not found\n' })
    const userErrors: Array<[string[], RegExp, string?]> = [
      [['--path', path, 'range', '--limit', '-3'], /^foundkit: option '--limit <n>' argument '-3' is invalid\. expected a non-negative integer, got "-3" \(add --help for usage\)/],
      [['--path', path, 'frobnicate'], /^foundkit: unknown command 'frobnicate' \(add --help for usage\)/],
      [['--path', path, 'rang'], /unknown command 'rang' \(Did you mean range\?\) \(add --help/],
      [['--path', path, 'count', '--frob'], /^foundkit: unknown option '--frob'/],
      [['--path', path, 'get'], /^foundkit: missing required argument 'key'/],
      [['--path', path, 'get', '("k", 1'], /^foundkit: tuple: expected "," or "\)" at 7, got the end in \("k", 1$/m],
      [['--path', join(root, 'nothing-here'), 'count'], /^foundkit: no database at .*nothing-here \(name one with --path DIR/],
      [['--memory', 'import'], /^foundkit: import: line 1 is not JSON/, 'not json\n'],
      [['--memory', '--path', path, 'count'], /^foundkit: choose one engine: --path and --memory were given together/],
    ]
    const results = await Promise.all(userErrors.map(([args, , stdin]) => spawnCli(args, stdin === undefined ? {} : { stdin })))
    results.forEach((result, i) => expectUserError(result, userErrors[i]![1], userErrors[i]![0].join(' ')))
  }, 120_000)

  it('exit 2 on damaged data: one line saying it is internal and how to see the stack; the stack with FOUNDKIT_DEBUG=1', async () => {
    const path = join(root, 'damaged')
    const db = await open({ path })
    // The directory layer's version key (node subspace 0xfe, root node, b"version") holds 12 bytes; 3 are damage.
    const versionKey = Buffer.concat([Buffer.from([0xfe]), pack([Buffer.from([0xfe]), Buffer.from('version')])])
    await transactional(db, (tx) => directory.createOrOpen(tx, ['app']))
    expect((await transactional(db, (tx) => get(tx, versionKey)))?.length).toBe(12)
    await transactional(db, (tx) => set(tx, versionKey, Buffer.from('bad')))
    await db.close()
    const damaged = await spawnCli(['--path', path, 'dirs'])
    expect(damaged.code).toBe(2)
    expect(damaged.stderr).toBe('foundkit: internal error: directory layer: the version key holds 3 bytes, not 12 (set FOUNDKIT_DEBUG=1 for the stack trace)\n')
    const debug = await spawnCli(['--path', path, 'dirs'], { env: { FOUNDKIT_DEBUG: '1' } })
    expect(debug.code).toBe(2)
    const [first, ...stack] = debug.stderr.trimEnd().split('\n')
    expect(first).toBe(damaged.stderr.trimEnd())
    expect(stack[0]).toMatch(/^FoundError: directory layer: the version key holds 3 bytes/)
    expect(stack.filter((line) => /^\s+at /.test(line)).length).toBeGreaterThan(1)
  }, 120_000)

  it('--help on every command and subcommand (walking the program’s commands), exit 0, usage on stdout', async () => {
    const quiet = new PassThrough()
    const paths = commandPaths(createProgram({ stdin: Readable.from([]), stdout: quiet, stderr: quiet }))
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['get', 'range', 'export', 'import', 'blob put', 'nstore query', 'eav get', 'search index']))
    const top = await spawnCli(['--help'])
    expect(top).toMatchObject({ code: 0, stderr: '' })
    expect(top.stdout).toMatch(/^Usage: foundkit \[options\] \[command\]/)
    for (let i = 0; i < paths.length; i += 4) {
      const helps = await Promise.all(paths.slice(i, i + 4).map((words) => spawnCli([...words, '--help'])))
      helps.forEach((help, j) => {
        const words = paths[i + j]!.join(' ')
        expect(help.code, words).toBe(0)
        expect(help.stderr, words).toBe('')
        expect(help.stdout, words).toMatch(new RegExp(`^Usage: foundkit ${words} `))
        expect(help.stdout, words).toMatch(/--path <dir>/)
      })
    }
  }, 300_000)

  it('export piped into import on another database gives the same bytes', async () => {
    const source = join(root, 'source')
    const db = await open({ path: source })
    await transactional(db, async (tx) => {
      const docs = await directory.createOrOpen(tx, ['docs'])
      for (let i = 0; i < 50; i++) set(tx, docs.pack([i]), Buffer.from([i, 0, 255]))
      set(tx, pack(['top']), Buffer.from('level'))
    })
    const expected = await dumpAll(db)
    await db.close()
    const exported = await spawnCli(['--path', source, 'export'])
    expect(exported.code).toBe(0)
    const target = join(root, 'target')
    const imported = await spawnCli(['--path', target, 'import'], { stdin: exported.stdoutBytes })
    expect(imported.code).toBe(0)
    const copy = await open({ path: target })
    expect(await dumpAll(copy)).toEqual(expected)
    await copy.close()
  }, 120_000)
})

describe('FoundationDB: --cluster-file and FDB_CLUSTER_FILE', () => {
  const clusterFile = join(root, 'fdb.cluster')
  writeFileSync(clusterFile, 'test:test@127.0.0.1:4500\n')
  // This machine has no libfdb_c; where it has one, a cluster file would connect instead.
  // (The probe keeps the binding's own "Could not load native module" lines out of the test output.)
  const clientMissing = (async () => {
    const consoleError = console.error
    console.error = () => {}
    try {
      await (await open({ clusterFile })).close()
      return false
    } catch (error) {
      return (error as { code?: number }).code === ErrorCode.clientNotFound
    } finally {
      console.error = consoleError
    }
  })()

  it('without FoundationDB’s client library: exit 1, one line saying so, for --cluster-file and for FDB_CLUSTER_FILE', async (context) => {
    if (!(await clientMissing)) context.skip('FoundationDB’s client library is installed here')
    const given = await spawnCli(['--cluster-file', clusterFile, 'count'])
    expectUserError(given, /^foundkit: --cluster-file \S+fdb\.cluster: FoundationDB's client library is not available: .*libfdb_c.*; install the FoundationDB client 7\.3, or use --path DIR or --memory/, '--cluster-file')
    const fromEnv = await spawnCli(['count'], { env: { FDB_CLUSTER_FILE: clusterFile } })
    expectUserError(fromEnv, /^foundkit: FDB_CLUSTER_FILE \S+fdb\.cluster: FoundationDB's client library is not available/, 'FDB_CLUSTER_FILE')
  }, 120_000)

  it('a missing cluster file, and two engines named at once, are refused on one line', async () => {
    const results = await Promise.all([
      spawnCli(['--cluster-file', join(root, 'missing.cluster'), 'count']),
      spawnCli(['count'], { env: { FDB_CLUSTER_FILE: join(root, 'missing.cluster') } }),
      spawnCli(['--memory', '--cluster-file', clusterFile, 'count']),
      spawnCli(['--path', root, '--memory', 'count', '--cluster-file', clusterFile]),
    ])
    expectUserError(results[0]!, /^foundkit: no cluster file at \S+missing\.cluster \(from --cluster-file\)\n$/, 'missing')
    expectUserError(results[1]!, /^foundkit: no cluster file at \S+missing\.cluster \(from FDB_CLUSTER_FILE\)\n$/, 'missing from env')
    expectUserError(results[2]!, /^foundkit: choose one engine: --memory and --cluster-file were given together/, 'two')
    expectUserError(results[3]!, /^foundkit: choose one engine: --path, --memory and --cluster-file were given together/, 'three')
  }, 120_000)

  it('an engine named on the command line wins over FDB_CLUSTER_FILE', async () => {
    const path = join(root, 'named')
    const env = { FDB_CLUSTER_FILE: clusterFile }
    expect(await spawnCli(['--memory', 'count'], { env })).toMatchObject({ code: 0, stdout: '0\n', stderr: '' })
    expect(await spawnCli(['--path', path, 'set', 'k', 'v'], { env })).toMatchObject({ code: 0, stderr: '' })
    expect(await spawnCli(['count', '--path', path], { env })).toMatchObject({ code: 0, stdout: '1\n', stderr: '' })
  }, 120_000)
})
