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
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

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
