// export and import: exact round trips between engines, directories moved to other prefixes, bad input refused.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough, Readable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { bulkWrite, directory, open, pack, PARTITION_LAYER, set, transactional, type Database } from '@foundkit/core'
import { dumpAll } from '@foundkit/core/testing/vitest'
import { exportDatabase, importDatabase } from '../src/commands/transfer.js'
import { run } from './run.js'

const root = mkdtempSync(join(tmpdir(), 'foundkit-cli-transfer-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = (): string => join(root, `db${n++}`)

/** Directories (one a partition), raw and tuple keys, a value at the 100,000-byte limit, enough pairs for several transactions. */
async function seed(db: Database): Promise<void> {
  await transactional(db, async (tx) => {
    const users = await directory.createOrOpen(tx, ['app', 'users'])
    const admins = await users.createOrOpen(tx, 'admins', { layer: Buffer.from('role') })
    const tenants = await directory.createOrOpen(tx, ['tenants'], { layer: PARTITION_LAYER })
    const acme = await tenants.createOrOpen(tx, 'acme')
    set(tx, users.pack([1, 'name']), Buffer.from('Ada'))
    set(tx, admins.pack([1]), Buffer.from([0, 255, 10]))
    set(tx, acme.pack(['plan']), Buffer.from('gold'))
    set(tx, Buffer.from([0x00]), Buffer.alloc(0))
    set(tx, Buffer.from([0xfd, 0xff, 0x0a]), Buffer.from('raw\nline'))
  })
  const big = Buffer.alloc(100_000, 7)
  await bulkWrite(db, Array.from({ length: 3000 }, (_, i) => ({ type: 'put' as const, key: pack(['bulk', i]), value: i === 0 ? big : Buffer.from(String(i)) })))
}

function ioWith(input: string): { io: { stdin: Readable; stdout: PassThrough; stderr: PassThrough }; output: () => string } {
  const stdout = new PassThrough()
  const chunks: Buffer[] = []
  stdout.on('data', (c: Buffer) => chunks.push(c))
  return { io: { stdin: Readable.from([Buffer.from(input)]), stdout, stderr: new PassThrough() }, output: () => Buffer.concat(chunks).toString() }
}

describe('export → import', () => {
  it('durable (the CLI) → memory → durable (the CLI): every pair byte for byte, directories included', async () => {
    const source = fresh()
    const db = await open({ path: source })
    await seed(db)
    const expected = await dumpAll(db)
    await db.close()

    const exported = await run(['--path', source, 'export'])
    expect(exported.code).toBe(0)
    expect(exported.stderr).toBe(`exported ${expected.length} pairs\n`)
    expect(JSON.parse(exported.stdout.split('\n')[0]!)).toEqual({ format: 'foundkit-export', version: 1 })

    const memory = await open()
    await importDatabase(memory, ioWith(exported.stdout).io, undefined)
    expect(await dumpAll(memory)).toEqual(expected)

    const again = ioWith('')
    await exportDatabase(memory, again.io, undefined)
    await memory.close()
    expect(again.output()).toBe(exported.stdout)
    const target = fresh()
    const imported = await run(['--path', target, 'import'], again.output())
    expect(imported).toMatchObject({ code: 0 })
    expect(imported.stderr).toMatch(new RegExp(`^imported ${expected.length} pairs in \\d+ transactions\\n$`))
    const copy = await open({ path: target })
    expect(await dumpAll(copy)).toEqual(expected)
    await copy.close()
  })

  it('--dir: a directory and its subdirectories, recreated at another path and prefix', async () => {
    const source = fresh()
    const db = await open({ path: source })
    await seed(db)
    await db.close()
    const exported = await run(['--path', source, 'export', '--dir', 'app/users'])
    expect(exported.code).toBe(0)
    expect(exported.stderr).toBe('exported 2 pairs\n')

    const target = fresh()
    await run(['--path', target, 'set', 'other', 'data']) // the target already holds something
    await run(['--path', target, 'import', '--dir', 'copy/people'], exported.stdout)
    const copy = await open({ path: target })
    const { name, admin, path } = await transactional(copy, async (tx) => {
      const people = await directory.open(tx, ['copy', 'people'])
      const admins = await people.open(tx, 'admins', { layer: Buffer.from('role') })
      const { get } = await import('@foundkit/core')
      return { name: await get(tx, people.pack([1, 'name'])), admin: await get(tx, admins.pack([1])), path: admins.path }
    })
    await copy.close()
    expect(Buffer.from(name!).toString()).toBe('Ada')
    expect(Buffer.from(admin!).toString('hex')).toBe('00ff0a')
    expect(path).toEqual(['copy', 'people', 'admins'])

    const partition = await run(['--path', source, 'export', '--dir', 'tenants'])
    const moved = fresh()
    expect((await run(['--path', moved, 'import'], partition.stdout)).code).toBe(0)
    expect((await run(['--path', moved, 'dirs'])).stdout).toMatch(/^tenants {2}partition {2}layer partition\n {2}acme {2}/)
  })

  it('refuses bad input with the line number, exit 1', async () => {
    const path = fresh()
    const header = '{"format":"foundkit-export","version":1}'
    const cases: [string, RegExp][] = [
      ['', /the input is empty/],
      ['{"hello":1}', /line 1 is not a foundkit export header/],
      ['{"format":"foundkit-export","version":9}', /export version 9; this foundkit reads version 1/],
      [`${header}\n{"key":"AA==","value":"AA=="}\nnot json`, /line 3 is not JSON/],
      [`${header}\n{"key":"%%","value":"AA=="}`, /line 2: "key" must be base64/],
    ]
    for (const [input, message] of cases) {
      const result = await run(['--path', path, 'import'], input)
      expect(result.code, input).toBe(1)
      expect(result.stderr, input).toMatch(message)
      expect(result.stderr.trimEnd().split('\n'), input).toHaveLength(1)
    }
    expect((await run(['--path', path, 'import', '--dir', 'x'], header)).stderr).toMatch(/--dir needs an export of a directory/)
    expect((await run(['--path', path, 'export', '--dir', 'nothing/here'])).stderr).toBe('foundkit: export: no directory nothing/here\n')
  })
})
