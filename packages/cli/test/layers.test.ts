// The layer commands, in this process, on durable databases in a temporary folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from './run.js'

const root = mkdtempSync(join(tmpdir(), 'foundkit-cli-layers-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = (): string => join(root, `db${n++}`)
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

describe('blob', () => {
  it('put prints ids, get gives the bytes back, ls lists, rm removes', async () => {
    const path = fresh()
    const small = join(root, 'small.txt')
    const large = join(root, 'large.bin')
    writeFileSync(small, 'hello blobs\n')
    const largeBytes = Buffer.concat([randomBytes(6_000_000), Buffer.alloc(6_000_000, 'a')]) // more than one transaction
    writeFileSync(large, largeBytes)
    const put = await run(['--path', path, 'blob', 'put', small, large])
    expect(put.code).toBe(0)
    const smallId = sha256(Buffer.from('hello blobs\n'))
    const largeId = sha256(largeBytes)
    expect(put.stdout).toBe(`${smallId}  ${small}\n${largeId}  ${large}\n`)

    const got = await run(['--path', path, 'blob', 'get', largeId])
    expect(got.code).toBe(0)
    expect(sha256(got.stdoutBytes)).toBe(largeId)
    expect(got.stdoutBytes.length).toBe(largeBytes.length)

    const ls = await run(['--path', path, 'blob', 'ls'])
    expect(ls.stdout.trimEnd().split('\n').sort()).toEqual([`${largeId}  ${largeBytes.length}`, `${smallId}  12`].sort())
    expect((await run(['--path', path, 'dirs'])).stdout).toMatch(/^blobs {2}\(/)

    expect((await run(['--path', path, 'blob', 'rm', smallId])).code).toBe(0)
    const again = await run(['--path', path, 'blob', 'rm', smallId])
    expect(again).toMatchObject({ code: 1, stderr: `foundkit: blob rm: no blob ${smallId}\n` })
    expect((await run(['--path', path, 'blob', 'get', smallId])).code).toBe(1)
    expect((await run(['--path', path, 'blob', 'get', 'xyz'])).stderr).toMatch(/^foundkit: blob: an id is 64 lowercase hex digits/)
    expect((await run(['--path', path, 'blob', 'put', join(root, 'missing')])).stderr).toMatch(/is not a readable file/)
    expect((await run(['--path', path, 'blob', 'ls', '--dir', 'elsewhere'])).stderr).toMatch(/^foundkit: blob: no directory elsewhere/)
  }, 120_000)
})

describe('nstore', () => {
  it('adds triples and answers a three-pattern join with ?variables', async () => {
    const path = fresh()
    const facts = [
      ['ada', 'wrote', 'notes'],
      ['grace', 'wrote', 'compiler'],
      ['notes', 'about', 'engines'],
      ['compiler', 'about', 'languages'],
      ['ada', 'born', '1815'],
      ['grace', 'born', '1906'],
    ]
    for (const fact of facts) expect((await run(['--path', path, 'nstore', 'add', ...fact])).code).toBe(0)
    const joined = await run(['--path', path, 'nstore', 'query', '?who wrote ?work', '?work about ?topic', '?who born ?year', '--json'])
    expect(joined.code).toBe(0)
    const rows = joined.stdout.trimEnd().split('\n').map((line) => JSON.parse(line))
    expect(rows).toHaveLength(2)
    expect(rows).toEqual(
      expect.arrayContaining([
        { who: '"ada"', work: '"notes"', topic: '"engines"', year: '1815' },
        { who: '"grace"', work: '"compiler"', topic: '"languages"', year: '1906' },
      ]),
    )
    const text = await run(['--path', path, 'nstore', 'query', '?who wrote notes'])
    expect(text.stdout).toBe('?who="ada"\n')
    const json = await run(['--path', path, 'nstore', 'query', '?who born 1815', '--json'])
    expect(json.stdout).toBe('{"who":"\\"ada\\""}\n')
    const quoted = await run(['--path', path, 'nstore', 'query', '?who born "1815"'])
    expect(quoted.stdout).toBe('')
    expect((await run(['--path', path, 'nstore', 'add', 'a', 'b'])).stderr).toBe('foundkit: nstore add: this store holds tuples of 3 items, got 2\n')
    expect((await run(['--path', path, 'nstore', 'query', '?a ?b', '?a ?b ?c'])).code).toBe(1)
    expect((await run(['--path', path, 'nstore', 'query', '?who-x born 1815'])).stderr).toMatch(/a variable is \?name/)
  }, 120_000)
})

describe('eav', () => {
  it('puts documents, gets one, and queries an attribute', async () => {
    const path = fresh()
    const put = await run(['--path', path, 'eav', 'put', '{"name": "Ada", "born": 1815, "tags": ["math", "engines"]}'])
    expect(put.code).toBe(0)
    const id = put.stdout.trim()
    expect(id).toMatch(/^Uuid\([0-9a-f-]{36}\)$/)
    await run(['--path', path, 'eav', 'put', '{"name": "Grace", "born": 1906, "tags": ["compilers"]}', '--id', 'grace'])
    expect(JSON.parse((await run(['--path', path, 'eav', 'get', id])).stdout)).toEqual({ name: 'Ada', born: 1815, tags: ['math', 'engines'] })
    expect(JSON.parse((await run(['--path', path, 'eav', 'get', 'grace'])).stdout)).toMatchObject({ name: 'Grace' })
    expect((await run(['--path', path, 'eav', 'query', 'tags', 'math'])).stdout).toBe(`${id}  {"born":1815,"name":"Ada","tags":["math","engines"]}\n`)
    expect((await run(['--path', path, 'eav', 'query', 'born', '1906', '--ids'])).stdout).toBe('"grace"\n')
    expect((await run(['--path', path, 'eav', 'query', 'born', '"1906"'])).stdout).toBe('')
    await run(['--path', path, 'eav', 'put', '{"name": "Grace Hopper"}', '--id', 'grace'])
    expect((await run(['--path', path, 'eav', 'query', 'born', '1906'])).stdout).toBe('')
    expect((await run(['--path', path, 'eav', 'get', 'nobody'])).stderr).toBe('foundkit: eav get: no document "nobody"\n')
    expect((await run(['--path', path, 'eav', 'put', '[1]'])).stderr).toBe('foundkit: eav put: the document must be a JSON object\n')
  }, 120_000)
})

describe('search', () => {
  it('indexes text files (a directory walked) and answers ranked, highlighted', async () => {
    const path = fresh()
    const texts = join(root, 'texts')
    const { mkdirSync } = await import('node:fs')
    mkdirSync(join(texts, 'more'), { recursive: true })
    writeFileSync(join(texts, 'fdb.txt'), 'FoundationDB is a distributed database with ACID transactions.')
    writeFileSync(join(texts, 'more', 'sqlite.txt'), 'SQLite is an embedded database engine. Databases everywhere, database files.')
    writeFileSync(join(texts, 'pasta.txt'), 'Cooking pasta needs salted water.')
    const indexed = await run(['--path', path, 'search', 'index', texts])
    expect(indexed).toMatchObject({ code: 0, stderr: 'indexed 3 files\n' })
    const found = await run(['--path', path, 'search', 'query', 'database'])
    expect(found.code).toBe(0)
    const lines = found.stdout.trimEnd().split('\n')
    // sqlite.txt says "database" three times (stemmed: Databases too), so it ranks first.
    expect(lines[0]).toMatch(/^ +\d+\.\d\d {2}.*more\/sqlite\.txt$/)
    expect(lines[1]).toBe('        SQLite is an embedded **database** engine. **Databases** everywhere, **database** files.')
    expect(lines[2]).toMatch(/fdb\.txt$/)
    expect(found.stdout).not.toMatch(/pasta/)
    const json = (await run(['--path', path, 'search', 'query', 'pasta', '--json'])).stdout.trimEnd().split('\n').map((l) => JSON.parse(l))
    expect(json).toEqual([{ id: join(texts, 'pasta.txt'), score: expect.any(Number), snippets: ['Cooking **pasta** needs salted water.'] }])
    expect((await run(['--path', path, 'search', 'query', 'database', '--limit', '1'])).stdout.trimEnd().split('\n')).toHaveLength(2)
    expect((await run(['--path', path, 'search', 'index', join(root, 'nothing')])).stderr).toMatch(/^foundkit: search index: no file or directory/)
  }, 120_000)
})
