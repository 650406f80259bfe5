// The commands, run in this process on durable databases in a temporary folder.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { directory, open, pack, set, transactional } from '@foundkit/core'
import { run } from './run.js'

const root = mkdtempSync(join(tmpdir(), 'foundkit-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
/** A fresh database folder for one test. */
const fresh = (): string => join(root, `db${n++}`)

describe('get, set, clear', () => {
  it('sets and gets tuple keys and escaped bytes', async () => {
    const path = fresh()
    expect((await run(['--path', path, 'set', '("users", 42)', 'Ada'])).code).toBe(0)
    expect((await run(['set', 'raw\\x00key', 'v\\xff', '--path', path])).code).toBe(0)
    expect(await run(['--path', path, 'get', '("users", 42)'])).toMatchObject({ code: 0, stdout: 'Ada\n' })
    expect(await run(['--path', path, 'get', 'raw\\x00key'])).toMatchObject({ code: 0, stdout: 'v\\xff\n' })
    const raw = await run(['--path', path, 'get', 'raw\\x00key', '--raw'])
    expect(raw.stdoutBytes.toString('hex')).toBe('76ff')
    const db = await open({ path })
    try {
      const value = await transactional(db, async (tx) => (await import('@foundkit/core')).get(tx, pack(['users', 42])))
      expect(Buffer.from(value!).toString()).toBe('Ada')
    } finally {
      await db.close()
    }
  })

  it('a missing key is a user error: exit 1, one line', async () => {
    const path = fresh()
    await run(['--path', path, 'set', 'a', '1'])
    const missing = await run(['--path', path, 'get', '("nobody")'])
    expect(missing).toMatchObject({ code: 1, stdout: '' })
    expect(missing.stderr).toBe('foundkit: get: ("nobody") not found\n')
  })

  it('clears a key, and a range [KEY, END)', async () => {
    const path = fresh()
    for (const k of ['a', 'b', 'c', 'd']) await run(['--path', path, 'set', k, k])
    await run(['--path', path, 'clear', 'a'])
    await run(['--path', path, 'clear', 'b', 'd'])
    expect((await run(['--path', path, 'range'])).stdout).toBe('d = d\n')
  })

  it('reading a folder with no database is a user error and creates nothing', async () => {
    const path = fresh()
    const result = await run(['--path', path, 'range'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^foundkit: no database at .*\n$/)
    expect((await run(['--path', path, 'count'])).code).toBe(1)
  })

  it('bad input is a user error naming the argument', async () => {
    const path = fresh()
    expect(await run(['--path', path, 'set', '("a" 1)', 'x'])).toMatchObject({ code: 1 })
    expect((await run(['--path', path, 'set', 'a\\q', 'x'])).stderr).toMatch(/^foundkit: key: a backslash/)
    expect((await run(['--path', path, '--memory', 'set', 'a', 'x'])).stderr).toBe('foundkit: choose one engine: --path and --memory were given together (name one of --path DIR, --memory, --cluster-file FILE)\n')
    const tooLarge = await run(['--path', path, 'set', 'k', 'x'.repeat(100_001)])
    expect(tooLarge.code).toBe(1)
    expect(tooLarge.stderr.split('\n')).toHaveLength(2)
    expect((await run(['--path', path, 'range', '--limit', 'ten'])).code).toBe(1)
    expect((await run(['--path', path, 'frobnicate'])).code).toBe(1)
  })
})

describe('range and count', () => {
  const path = fresh()
  const seeded = (async () => {
    const db = await open({ path })
    await transactional(db, (tx) => {
      for (let i = 0; i < 5; i++) set(tx, pack(['users', i]), Buffer.from(`u${i}`))
      set(tx, pack(['users']), Buffer.from('the prefix key itself'))
      set(tx, Buffer.from('zz\x00'), Buffer.from('raw'))
    })
    await db.close()
  })()

  it('prints every pair in key order, tuples as tuples', async () => {
    await seeded
    const { code, stdout } = await run(['--path', path, 'range'])
    expect(code).toBe(0)
    expect(stdout.split('\n').slice(0, 3)).toEqual(['("users") = the prefix key itself', '("users", 0) = u0', '("users", 1) = u1'])
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('zz\\x00 = raw')
  })

  it('BEGIN END, --limit, --reverse, --prefix, --json', async () => {
    await seeded
    expect((await run(['--path', path, 'range', '("users", 1)', '("users", 3)'])).stdout).toBe('("users", 1) = u1\n("users", 2) = u2\n')
    expect((await run(['--path', path, 'range', '--reverse', '--limit', '2'])).stdout).toBe('zz\\x00 = raw\n("users", 4) = u4\n')
    expect((await run(['--path', path, 'range', '--prefix', '("users")'])).stdout.split('\n')).toHaveLength(7)
    const json = (await run(['--path', path, 'range', '--prefix', 'zz', '--json'])).stdout
    expect(JSON.parse(json)).toEqual({ key: 'zz\\x00', value: 'raw' })
    expect((await run(['--path', path, 'range', '("b")', '("a")'])).code).toBe(1)
  })

  it('count counts the whole database, a range or a prefix', async () => {
    await seeded
    expect((await run(['--path', path, 'count'])).stdout).toBe('7\n')
    expect((await run(['--path', path, 'count', '("users", 2)'])).stdout).toBe('4\n')
    expect((await run(['--path', path, 'count', '--prefix', '("users")'])).stdout).toBe('6\n')
  })
})

describe('dirs and stats', () => {
  it('print the directory tree and per-directory sizes that add up', async () => {
    const path = fresh()
    const db = await open({ path })
    await transactional(db, async (tx) => {
      const users = await directory.createOrOpen(tx, ['app', 'users'])
      const logs = await directory.createOrOpen(tx, ['app', 'logs'], { layer: Buffer.from('log') })
      for (let i = 0; i < 3; i++) set(tx, users.pack([i]), Buffer.from('12345'))
      set(tx, logs.pack(['x']), Buffer.from('1'))
      set(tx, pack(['loose']), Buffer.from('22'))
    })
    await db.close()
    const dirs = await run(['--path', path, 'dirs'])
    expect(dirs.code).toBe(0)
    expect(dirs.stdout).toMatch(/^app {2}\(\d+\)\n {2}logs {2}\(\d+\) {2}layer log\n {2}users {2}\(\d+\)\n$/)
    const stats = JSON.parse((await run(['--path', path, 'stats', '--json'])).stdout)
    const byPath = Object.fromEntries(stats.directories.map((d: { path: string[]; keys: number; valueBytes: number }) => [d.path.join('/'), d]))
    expect(byPath['app/users']).toMatchObject({ keys: 3, valueBytes: 15 })
    expect(byPath['app/logs']).toMatchObject({ keys: 1, valueBytes: 1 })
    expect(byPath['app']).toMatchObject({ keys: 0 })
    expect(stats.outsideDirectories).toMatchObject({ keys: 1, valueBytes: 2 })
    expect(stats.directoryMetadata.keys).toBeGreaterThan(0)
    const parts = stats.directories.reduce((s: number, d: { keys: number }) => s + d.keys, 0) + stats.outsideDirectories.keys + stats.directoryMetadata.keys
    expect(stats.keys).toBe(parts)
    const table = await run(['--path', path, 'stats'])
    expect(table.stdout).toMatch(/^ +keys +key bytes +value bytes +bytes\ndatabase +\d+/)
    expect(table.stdout).toMatch(/\n {2}app\/users +3 +\d+ +15 +\d+\n/)
  })
})
