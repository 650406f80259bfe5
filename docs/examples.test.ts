// Every TypeScript block of the README, the guides and the packages' READMEs
// is type-checked and run, so that a guide cannot drift from the code.
// blocks.ts says how a block declares the way it runs: self-contained
// (`// example: run`), a fragment with what a reader is assumed to hold
// (environment.ts) plus a hidden setup (`<!-- example: given ... -->`), a
// block that must throw, a vitest suite, or one that cannot run here, listed
// with its reason as a skipped test (and in `pnpm test`'s closing summary).
//
// Each block is written to a module under docs/.examples/ (git-ignored) and
// imported: it is compiled and executed like a user's file, against the
// packages' TypeScript source, in a fresh temporary working directory (so
// that `open({ path: './data' })` writes nowhere it should not).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as core from '@foundkit/core'
import { blocksOf, type DocBlock } from './blocks.js'
import { openEnvironment, withEnvironment, type Environment } from './environment.js'
import { markdownFiles } from './links.js'
import { typecheckBlocks, type Block } from './typecheck.js'

const docsDir = dirname(fileURLToPath(import.meta.url))
const repoDir = join(docsDir, '..')
const scratchDir = join(docsDir, '.examples')

const files = markdownFiles(repoDir).map((file) => ({ file, blocks: blocksOf(file, readFileSync(file, 'utf8'), repoDir) }))
const allBlocks = files.flatMap(({ blocks }) => blocks)

let modules = 0

/** Writes `block` as a new module (its hidden setup first) and returns its URL. */
function moduleOf(block: DocBlock): string {
  const module = join(scratchDir, `${++modules}-${block.where.replace(/[^\w.-]+/g, '_')}.ts`)
  writeFileSync(module, `export {} // from ${block.where} (a module: top-level await)\n${block.given}\n${block.code}\n`)
  return pathToFileURL(module).href
}

/**
 * Runs `block` in a fresh working directory, with `environment`'s names for a
 * fragment; what it prints is kept out of the test output unless it fails.
 */
async function run(block: DocBlock, environment: Environment | null): Promise<void> {
  const url = moduleOf(block)
  const home = process.cwd()
  const workDir = mkdtempSync(join(tmpdir(), 'foundkit-example-'))
  const printed: string[] = []
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(format(...args)))
  process.chdir(workDir)
  try {
    const load = (): Promise<unknown> => import(url)
    const outcome = await (environment === null ? load() : withEnvironment(environment, load)).then(
      () => null,
      (error: unknown) => ({ error }),
    )
    if (block.throws === undefined) {
      if (outcome !== null) throw outcome.error
      return
    }
    const error = outcome?.error as Error | undefined
    expect(error, `${block.where} must throw ${block.throws.name}`).toBeInstanceOf(Error)
    expect(error!.constructor.name).toBe(block.throws.name)
    expect(error!.message).toMatch(block.throws.message)
  } catch (error) {
    if (printed.length > 0 && error instanceof Error) error.message += `\n(the block printed:\n${printed.join('\n')})`
    throw error
  } finally {
    log.mockRestore()
    process.chdir(home)
    rmSync(workDir, { recursive: true, force: true })
  }
}

describe('blocksOf', () => {
  it('reads how each block runs from its first line and the comments above it', () => {
    const md = [
      '```ts', '// example: run', 'const a = 1', '```',
      '<!-- example: given const store = 1 -->', '<!-- example: given', 'const more = 2 -->', '```ts', 'store + more', '```',
      '<!-- example: throws FoundError /layer/ -->', '  ```ts', '  open(x)', '  ```',
      '<!-- example: not run: needs a cluster -->', '```ts', 'x', '```',
      '<!-- example: suite -->', '```ts', "it('x', () => {})", '```',
    ].join('\n')
    expect(blocksOf(join(repoDir, 'x.md'), md, repoDir)).toEqual([
      { where: 'x.md:2', given: '', code: '// example: run\nconst a = 1', mode: 'self-contained' },
      { where: 'x.md:9', given: 'const store = 1\nconst more = 2', code: 'store + more', mode: 'fragment' },
      { where: 'x.md:13', given: '', code: 'open(x)', mode: 'fragment', throws: { name: 'FoundError', message: /layer/ } },
      { where: 'x.md:17', given: '', code: 'x', mode: 'not run', reason: 'needs a cluster' },
      { where: 'x.md:21', given: '', code: "it('x', () => {})", mode: 'suite' },
    ])
  })

  it('refuses an annotation it does not know, so that a typo cannot skip a block', () => {
    expect(() => blocksOf('x.md', '<!-- example: skip -->\n```ts\nx\n```', '.')).toThrow(/unknown annotation "example: skip"/)
    expect(() => blocksOf('x.md', '<!-- example: not run: -->\n```ts\nx\n```', '.')).toThrow(/unknown annotation/)
    expect(() => blocksOf('x.md', '<!-- example: throws oops -->\n```ts\nx\n```', '.')).toThrow(/throws NAME \/MESSAGE\//)
    expect(() => blocksOf('x.md', '```ts title="x"\nx\n```', '.')).toThrow(/x\.md:1: write a TypeScript fence as ```ts alone/)
    expect(() => blocksOf('x.md', '```TypeScript\nx\n```', '.')).toThrow(/alone on its line/)
  })
})

describe('run', () => {
  mkdirSync(scratchDir, { recursive: true })
  const block = (code: string, more: Partial<DocBlock> = {}): DocBlock => ({ where: 'runner-test.md:1', given: '', code, mode: 'fragment', ...more })

  it('fails a block that fails, saying what it printed, and leaves no name behind', async () => {
    const environment = await openEnvironment()
    try {
      await expect(run(block("console.log('about to fail'); await get(tx, 'not bytes' as never)"), environment)).rejects.toThrow(/about to fail/)
      expect('db' in globalThis || 'tx' in globalThis || 'pack' in globalThis).toBe(false)
      await expect(run(block('undefinedName()'), null)).rejects.toThrow(/undefinedName is not defined/)
      await expect(run(block('set(tx, key, value)', { given: 'const x = 1' }), null)).rejects.toThrow(/set is not defined/)
    } finally {
      await environment.db.close()
    }
  })

  it('holds a block that must throw to it: the error, its class and its message', async () => {
    const environment = await openEnvironment()
    const throws = { name: 'FoundError', message: /does not exist/ }
    try {
      await run(block("await directory.open(tx, ['missing'])", { throws }), environment)
      await expect(run(block('const a = 1', { throws }), environment)).rejects.toThrow(/must throw FoundError/)
      await expect(run(block("throw new TypeError('does not exist')", { throws }), environment)).rejects.toThrow(/expected 'TypeError' to be 'FoundError'/)
      await expect(run(block("await directory.open(tx, ['missing'])", { throws: { ...throws, message: /other/ } }), environment)).rejects.toThrow(/to match \/other\//)
    } finally {
      await environment.db.close()
    }
  })

  it('commits what a fragment wrote in its `tx`, in the guide’s database', async () => {
    const environment = await openEnvironment()
    try {
      await run(block("set(tx, pack(['written']), Buffer.from('by the block'))"), environment)
      expect(Buffer.from((await core.transactional(environment.db, (tx) => core.get(tx, core.pack(['written']))))!).toString()).toBe('by the block')
    } finally {
      await environment.db.close()
    }
  })
})

describe('every TypeScript block of the guides and READMEs runs', () => {
  afterAll(() => {
    rmSync(scratchDir, { recursive: true, force: true })
    const notRun = allBlocks.filter((block) => block.mode === 'not run')
    console.log(`guide examples: ${allBlocks.length - notRun.length} of ${allBlocks.length} blocks run; not run: ${notRun.map((b) => `${b.where} (${b.reason})`).join(', ') || 'none'}`)
  })

  for (const { blocks } of files.filter((f) => f.blocks.length > 0)) {
    describe(blocks[0]!.where.replace(/:\d+$/, ''), async () => {
      let environment: Environment | undefined
      beforeAll(async () => {
        environment = await openEnvironment()
      })
      afterAll(() => environment?.db.close())
      for (const block of blocks) {
        if (block.mode === 'not run') it.skip(`${block.where} not run: ${block.reason}`, () => {})
        else if (block.mode === 'self-contained') it(block.where, () => run(block, null))
        else if (block.mode === 'fragment') it(block.where, () => run(block, environment!))
        // A suite registers its tests now, inside this describe; they run in their turn.
        else describe(`${block.where} (a vitest suite)`, async () => void (await import(moduleOf(block))))
      }
    })
  }
})

describe('every TypeScript block of the guides and READMEs type-checks', () => {
  it('each block, fragments included, against the packages’ source', () => {
    // Two blocks that must fail, so that a checker that checks nothing cannot pass.
    const wrong: Block[] = [
      { where: 'wrong:1', given: '', code: "set(tx, 'a string is not bytes', value)" },
      { where: 'wrong:2', given: '', code: 'undefinedName(db)' },
    ]
    const errors = typecheckBlocks([...allBlocks, ...wrong], Object.keys(core), join(docsDir, '.typecheck'))
    expect(errors.at(-2)!.join('\n')).toMatch(/not assignable to parameter of type/)
    expect(errors.at(-1)!.join('\n')).toMatch(/Cannot find name 'undefinedName'/)
    const failing = allBlocks.map((block, i) => ({ where: block.where, errors: errors[i]! })).filter((b) => b.errors.length > 0)
    expect(failing, failing.map((b) => `${b.where}\n  ${b.errors.join('\n  ')}`).join('\n')).toEqual([])
    expect(allBlocks.length).toBeGreaterThan(30)
  }, 300_000)
})
