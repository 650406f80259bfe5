// Runs the worked examples of the guides, so that a guide cannot drift from
// the code. A TypeScript block takes part when its first line is exactly
//
//   // example: run
//
// It must be self-contained: it imports from the `@foundkit/*` packages, opens
// its own database (`open()` in memory, or a temporary directory it removes)
// and checks what it shows with `node:assert/strict`. Each block is written to
// a module under docs/.examples/ (git-ignored) and imported: it is compiled and
// executed like a user's file, against the packages' TypeScript source.
//
// Every other ```ts block is type-checked (typecheck.ts says what a fragment
// may use without defining it), so no block can drift from the API either.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import * as core from '@foundkit/core'
import { GIVEN, typecheckBlocks, type Block } from './typecheck.js'

/** The marker a runnable block starts with. */
const MARKER = '// example: run'

const docsDir = dirname(fileURLToPath(import.meta.url))
const repoDir = join(docsDir, '..')
const scratchDir = join(docsDir, '.examples')

/** One runnable block: where it is, and its code. */
interface Example {
  readonly file: string
  readonly line: number
  readonly code: string
}

/** The Markdown files whose examples run: the guides, the README, each package's README. */
function markdownFiles(): string[] {
  const guides = readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(docsDir, name))
  const packages = readdirSync(join(repoDir, 'packages')).map((name) => join(repoDir, 'packages', name, 'README.md'))
  return [join(repoDir, 'README.md'), ...guides, ...packages].filter((path) => {
    try {
      readFileSync(path)
      return true
    } catch {
      return false
    }
  })
}

/** Every fenced ```ts block of `file` whose first line is the marker. */
export function examplesOf(file: string, text: string): Example[] {
  const examples: Example[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i]!)
    if (fence === null) continue
    const indent = fence[1]!.length
    const start = i + 1
    let end = start
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++
    const body = lines.slice(start, end).map((line) => line.slice(indent))
    if (body[0]?.trim() === MARKER) examples.push({ file, line: start + 1, code: body.join('\n') + '\n' })
    i = end
  }
  return examples
}

const examples = markdownFiles().flatMap((file) => examplesOf(file, readFileSync(file, 'utf8')))

/** Every fenced ```ts block of `file`, with what the `<!-- example: given ... -->` line above it declares. */
export function blocksOf(file: string, text: string): Block[] {
  const blocks: Block[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i]!)
    if (fence === null) continue
    const indent = fence[1]!.length
    let end = i + 1
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++
    const given = i > 0 ? (GIVEN.exec(lines[i - 1]!)?.[1] ?? '') : ''
    blocks.push({ where: `${relative(repoDir, file)}:${i + 2}`, given, code: lines.slice(i + 1, end).map((line) => line.slice(indent)).join('\n') })
    i = end
  }
  return blocks
}

describe('examplesOf', () => {
  it('takes only ts blocks that start with the marker, with their line numbers', () => {
    const md = ['# t', '```ts', MARKER, 'const a = 1', '```', '```ts', 'const b = 2', '```', '  ```ts', `  ${MARKER}`, '  const c = 3', '  ```'].join('\n')
    expect(examplesOf('x.md', md)).toEqual([
      { file: 'x.md', line: 3, code: `${MARKER}\nconst a = 1\n` },
      { file: 'x.md', line: 10, code: `${MARKER}\nconst c = 3\n` },
    ])
  })
})

describe('the guides’ worked examples run', () => {
  mkdirSync(scratchDir, { recursive: true })
  afterAll(() => rmSync(scratchDir, { recursive: true, force: true }))
  for (const [index, example] of examples.entries()) {
    const where = `${relative(repoDir, example.file)}:${example.line}`
    it(where, async () => {
      const module = join(scratchDir, `example-${index}.ts`)
      writeFileSync(module, `// from ${where}\n${example.code}`)
      await import(pathToFileURL(module).href)
    })
  }
})

describe('every TypeScript block of the guides and READMEs type-checks', () => {
  it('blocksOf reads the declarations above a fence', () => {
    const md = ['<!-- example: given declare const store: number -->', '```ts', 'store + 1', '```', '```ts', 'x', '```'].join('\n')
    expect(blocksOf(join(repoDir, 'x.md'), md)).toEqual([
      { where: 'x.md:3', given: 'declare const store: number', code: 'store + 1' },
      { where: 'x.md:6', given: '', code: 'x' },
    ])
  })

  it('each block, fragments included, against the packages’ source', () => {
    const blocks = markdownFiles().flatMap((file) => blocksOf(file, readFileSync(file, 'utf8')))
    // Two blocks that must fail, so that a checker that checks nothing cannot pass.
    const wrong: Block[] = [
      { where: 'wrong:1', given: '', code: "set(tx, 'a string is not bytes', value)" },
      { where: 'wrong:2', given: '', code: 'undefinedName(db)' },
    ]
    const errors = typecheckBlocks([...blocks, ...wrong], Object.keys(core), join(docsDir, '.typecheck'))
    expect(errors.at(-2)!.join('\n')).toMatch(/not assignable to parameter of type/)
    expect(errors.at(-1)!.join('\n')).toMatch(/Cannot find name 'undefinedName'/)
    const failing = blocks.map((block, i) => ({ where: block.where, errors: errors[i]! })).filter((b) => b.errors.length > 0)
    expect(failing, failing.map((b) => `${b.where}\n  ${b.errors.join('\n  ')}`).join('\n')).toEqual([])
    expect(blocks.length).toBeGreaterThan(30)
  }, 300_000)
})
