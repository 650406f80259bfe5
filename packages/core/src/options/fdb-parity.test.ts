import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '../errors.js'
import { open, type OpenOptions } from '../api/database.js'
import { transaction, TRANSACTION_OPTIONS } from '../api/transaction.js'
import { set } from '../api/writes.js'
import { transactional } from '../api/transactional.js'
import { watch } from '../api/versions.js'
import * as core from '../index.js'
import { UNSUPPORTED_DATABASE_OPTIONS, UNSUPPORTED_TRANSACTION_OPTIONS } from './fdb-parity.js'

// The binding's generated option tables (plain JavaScript, no native code).
const { transactionOptionData, databaseOptionData } = createRequire(import.meta.url)('foundationdb/dist/lib/opts.g.js') as {
  transactionOptionData: Record<string, unknown>
  databaseOptionData: Record<string, unknown>
}
const camel = (snake: string): string => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
/** The database options foundkit supports as `open` options. */
const SUPPORTED_DATABASE_OPTIONS = ['maxWatches']

describe('FoundationDB option parity table', () => {
  it('classifies every transaction option of the binding exactly once: supported, or in the table', () => {
    const names = Object.keys(transactionOptionData).map(camel)
    for (const name of names) {
      const supported = (TRANSACTION_OPTIONS as readonly string[]).includes(name)
      expect(supported !== Object.hasOwn(UNSUPPORTED_TRANSACTION_OPTIONS, name), name).toBe(true)
    }
    for (const name of [...TRANSACTION_OPTIONS, ...Object.keys(UNSUPPORTED_TRANSACTION_OPTIONS)]) expect(names, name).toContain(name)
  })

  it('classifies every database option of the binding exactly once', () => {
    const names = Object.keys(databaseOptionData).map(camel)
    for (const name of names) expect(SUPPORTED_DATABASE_OPTIONS.includes(name) !== Object.hasOwn(UNSUPPORTED_DATABASE_OPTIONS, name), name).toBe(true)
    for (const name of Object.keys(UNSUPPORTED_DATABASE_OPTIONS)) expect(names, name).toContain(name)
  })

  it('open refuses each refused database option by name, accepts the no-effect ones, and still TypeErrors a name that is no option', async () => {
    for (const [name, parity] of Object.entries(UNSUPPORTED_DATABASE_OPTIONS)) {
      const attempt = open({ [name]: 1 } as OpenOptions)
      if (parity.status === 'refused') {
        const error = await attempt.then(() => null, (e: unknown) => e)
        expect(error, name).toBeInstanceOf(FoundError)
        expect((error as FoundError).code).toBe(ErrorCode.unsupported)
        expect((error as FoundError).message).toContain(`"${name}"`)
      } else {
        await (await attempt).close()
      }
    }
    await expect(open({ maxWatchez: 3 } as OpenOptions)).rejects.toThrow(TypeError)
  })

  it('open({ transaction }) refuses a refused transaction option by name', async () => {
    await expect(open({ transaction: { authorizationToken: 't' } as never })).rejects.toMatchObject({ code: ErrorCode.unsupported })
    const db = await open({ transaction: { priorityBatch: true } as never })
    await transactional(db, (tx) => set(tx, Buffer.from('k'), Buffer.from('v')))
    await db.close()
  })
})

describe('maxWatches', () => {
  it('limits outstanding watches: one more fails 1032', async () => {
    const db = await open({ maxWatches: 2 })
    const kept = await transactional(db, (tx) => [watch(tx, Buffer.from('a')), watch(tx, Buffer.from('b'))])
    const extra = await transactional(db, (tx) => watch(tx, Buffer.from('c')))
    await expect(extra.promise).rejects.toMatchObject({ code: ErrorCode.tooManyWatches })
    for (const w of kept) w.cancel()
    await db.close()
  })

  it('refuses a value FoundationDB would refuse', async () => {
    await expect(open({ maxWatches: -1 })).rejects.toThrow(TypeError)
    await expect(open({ maxWatches: 1_000_001 })).rejects.toMatchObject({ code: ErrorCode.invalidOptionValue })
  })
})

// docs/api-parity.md against the code, the binding, and the tests.
const here = dirname(fileURLToPath(import.meta.url))
const coreDir = join(here, '..', '..')
const parityDoc = readFileSync(join(coreDir, '..', '..', 'docs', 'api-parity.md'), 'utf8')

/** The table rows (cells, trimmed) of the section headed `## title`. */
function tableRows(title: string): string[][] {
  const section = parityDoc.split(/^## /m).find((part) => part.startsWith(`${title}\n`))
  if (section === undefined) throw new Error(`docs/api-parity.md has no section "${title}"`)
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| FoundationDB') && !line.startsWith('| binding') && !line.startsWith('|---'))
    .map((line) => line.slice(1, -1).split(' | ').map((cell) => cell.trim()))
}

const ticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)

/** Every test source of @foundkit/core but the FoundationDB driver's own (they check codes, not behaviour). */
function testSources(): string {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.test.ts') && !path.includes(join('engine', 'fdb'))) out.push(readFileSync(path, 'utf8'))
    }
  }
  walk(join(coreDir, 'src'))
  walk(join(coreDir, 'test'))
  return out.join('\n')
}

describe('docs/api-parity.md', () => {
  const tests = testSources()

  it('lists every transaction option of the binding once, with the status the code gives it, and each supported one is used in a test', () => {
    const rows = tableRows('Transaction options')
    expect(rows.map((r) => ticked(r[0]!)[0]).sort()).toEqual(Object.keys(transactionOptionData).sort())
    for (const [fdbCell, oursCell, status] of rows) {
      const ours = ticked(oursCell!)[0]!
      expect(ours, fdbCell).toBe(camel(ticked(fdbCell!)[0]!))
      const parity = UNSUPPORTED_TRANSACTION_OPTIONS[ours]
      const expected = parity === undefined ? 'supported' : parity.status === 'noEffect' ? 'no effect' : 'refused'
      expect(status, ours).toBe(expected)
      if (expected === 'supported') expect(new RegExp(`\\b${ours}\\s*:`).test(tests), `a test sets ${ours}`).toBe(true)
    }
  })

  it('lists every database option of the binding once, with the status the code gives it', () => {
    const rows = tableRows('Database options')
    expect(rows.map((r) => ticked(r[0]!)[0]).sort()).toEqual(Object.keys(databaseOptionData).sort())
    for (const [fdbCell, oursCell, status] of rows) {
      const name = camel(ticked(fdbCell!)[0]!)
      const parity = UNSUPPORTED_DATABASE_OPTIONS[name]
      if (status === 'supported') expect(SUPPORTED_DATABASE_OPTIONS, name).toContain(name)
      else if (status === 'supported as a transaction default') {
        // Refused by its database name, with the reason saying how to write it; the transaction option is supported.
        expect(parity?.status, name).toBe('refused')
        expect(parity!.reason, name).toContain('open({ transaction:')
        const option = /open\(\{ transaction: \{ (\w+)/.exec(oursCell!)![1]!
        expect(TRANSACTION_OPTIONS as readonly string[], name).toContain(option)
      } else expect(parity?.status, name).toBe(status === 'no effect' ? 'noEffect' : 'refused')
    }
  })

  it('each special key in the table is read in a test', () => {
    const keys = tableRows('Special keys').map(([cell]) => ticked(cell!)[0]).filter((key) => key !== undefined)
    expect(keys.length).toBe(3)
    for (const key of keys) {
      // The table writes `\xff` as the tests' string literals do.
      expect(tests.includes(`'${key}`), `a test reads ${key}`).toBe(true)
    }
  })

  it('lists every Transaction method of the binding; every foundkit function it names exists and is called in a test', () => {
    const declared = readFileSync(createRequire(import.meta.url).resolve('foundationdb/dist/lib/transaction.d.ts'), 'utf8')
    const methods = new Set([...declared.matchAll(/^ {4}([a-zA-Z]+)(?:<[^>]*>)?\(/gm)].map((m) => m[1]!).filter((m) => m !== 'constructor'))
    const rows = tableRows('Transaction calls')
    const listed = new Set(rows.flatMap((r) => ticked(r[0]!)))
    for (const method of methods) expect(listed, method).toContain(method)
    for (const [, oursCell, status] of rows) {
      expect(status, oursCell).toMatch(/^supported/)
      for (const [, fn] of oursCell!.matchAll(/`(?:tx\.)?([a-zA-Z]+)\(/g)) {
        if (fn === 'tx' || fn === 'open') continue
        const exported = fn! in core || ['commit', 'cancel', 'snapshot', 'setOptions'].includes(fn!)
        expect(exported, `${fn} is a foundkit function`).toBe(true)
        expect(new RegExp(`\\b${fn}\\(`).test(tests), `a test calls ${fn}`).toBe(true)
      }
    }
  })
})
