// The executable itself, spawned as a user runs it: exit codes, one-line errors, a pipe from export to import.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { directory, open, pack, set, transactional } from '@foundkit/core'
import { dumpAll } from '@foundkit/core/testing/vitest'
import { spawnCli } from './run.js'

const root = mkdtempSync(join(tmpdir(), 'foundkit-cli-bin-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the foundkit executable', () => {
  it('exit 0 with output, 1 with one line and no stack trace, 0 for --help', async () => {
    const path = join(root, 'a')
    expect(await spawnCli(['--path', path, 'set', '("k", 1)', 'v'])).toMatchObject({ code: 0, stdout: '', stderr: '' })
    expect(await spawnCli(['--path', path, 'get', '("k", 1)'])).toMatchObject({ code: 0, stdout: 'v\n' })
    const missing = await spawnCli(['--path', path, 'get', '("k", 2)'])
    expect(missing).toMatchObject({ code: 1, stdout: '', stderr: 'foundkit: get: ("k", 2) not found\n' })
    const bad = await spawnCli(['--path', path, 'range', '--limit', '-3'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    const help = await spawnCli(['range', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: foundkit range \[options\] \[begin\] \[end\]/)
  }, 120_000)

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
    const imported = await spawnCli(['--path', target, 'import'], exported.stdoutBytes)
    expect(imported.code).toBe(0)
    const copy = await open({ path: target })
    expect(await dumpAll(copy)).toEqual(expected)
    await copy.close()
  }, 120_000)
})
