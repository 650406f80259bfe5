// The TypeScript blocks of the guides and READMEs, and what each one says
// about how it runs. Used by examples.test.ts (which type-checks and runs
// them all) and typecheck.ts.
//
// A block is one of:
// - self-contained: its first line is `// example: run`; it imports what it
//   uses, opens its own database and runs with nothing provided;
// - a fragment (every other block): it runs with what a reader is assumed to
//   hold (environment.ts): core's exports, the layers as namespaces, and
//   `db`, `tx`, `begin`, `end`, `key`, `value`.
//
// HTML comments directly above the fence (invisible in the rendered guide)
// say more, one `<!-- example: ... -->` each, on one line or several:
// - `given CODE`: TypeScript run before the block, in the same module
//   (a hidden setup: `const store = eavstore.make(...)`);
// - `throws NAME /MESSAGE/`: the block must fail with that error (a guide
//   that shows a mistake);
// - `suite`: the block registers vitest suites (`forEachEngine`, `it`); it
//   runs when the tests are collected and its tests run with the others;
// - `not run: REASON`: the block cannot run here (a FoundationDB cluster);
//   the test lists it as skipped with the reason, visibly.
// Anything else after `example:` is an error, so a typo cannot skip a block.
import { relative } from 'node:path'

/** How a block runs. */
export type BlockMode = 'self-contained' | 'fragment' | 'suite' | 'not run'

/** An error a block must throw: its class name and a pattern of its message. */
export interface ExpectedError {
  readonly name: string
  readonly message: RegExp
}

/** One ```ts block of a Markdown file, with its annotations. */
export interface DocBlock {
  /** `path:line` of the block's first line, relative to the repository. */
  readonly where: string
  /** Code run (and type-checked) before the block, in the same module. */
  readonly given: string
  readonly code: string
  readonly mode: BlockMode
  /** Why a `not run` block cannot run. */
  readonly reason?: string
  readonly throws?: ExpectedError
}

/** The first line of a self-contained block. */
export const SELF_CONTAINED = '// example: run'

const ANNOTATION = /^<!--\s*example:\s*([\s\S]*?)\s*-->$/

/** Every ```ts block of `file`'s text, with the annotations above it. */
export function blocksOf(file: string, text: string, repoDir: string): DocBlock[] {
  const blocks: DocBlock[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i]!)
    if (fence === null) {
      // A TypeScript fence with more on its line would be neither run nor listed: refuse it.
      if (/^\s*```\s*(ts|typescript|tsx|mts|cts)\b/i.test(lines[i]!)) throw new Error(`${relative(repoDir, file)}:${i + 1}: write a TypeScript fence as \`\`\`ts alone on its line, got ${lines[i]!.trim()}`)
      continue
    }
    const indent = fence[1]!.length
    let end = i + 1
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++
    const where = `${relative(repoDir, file)}:${i + 2}`
    const code = lines.slice(i + 1, end).map((line) => line.slice(indent)).join('\n')
    blocks.push(blockOf(where, code, annotationsAbove(lines, i, where)))
    i = end
  }
  return blocks
}

/** The `<!-- example: ... -->` comments directly above line `fence`, top first. */
function annotationsAbove(lines: readonly string[], fence: number, where: string): string[] {
  const found: string[] = []
  let last = fence - 1
  while (last >= 0 && lines[last]!.trim().endsWith('-->')) {
    let first = last
    while (first > 0 && !lines[first]!.includes('<!--')) first--
    const comment = lines.slice(first, last + 1).join('\n').trim()
    const match = ANNOTATION.exec(comment)
    if (match === null) {
      if (/^<!--\s*example/.test(comment)) throw new Error(`${where}: malformed annotation ${comment}`)
      break
    }
    found.unshift(match[1]!)
    last = first - 1
  }
  return found
}

/** A block from its code and annotations; throws on an annotation it does not know. */
function blockOf(where: string, code: string, annotations: readonly string[]): DocBlock {
  const given: string[] = []
  let mode: BlockMode = code.split('\n')[0]!.trim() === SELF_CONTAINED ? 'self-contained' : 'fragment'
  let reason: string | undefined
  let throws: ExpectedError | undefined
  for (const annotation of annotations) {
    const [keyword = '', rest = ''] = /^(given|throws|suite|not run:)\s*([\s\S]*)$/.exec(annotation)?.slice(1) ?? []
    if (keyword === 'given') given.push(rest)
    else if (keyword === 'suite') mode = 'suite'
    else if (keyword === 'not run:' && rest !== '') {
      mode = 'not run'
      reason = rest
    } else if (keyword === 'throws') {
      const error = /^(\w+)\s+\/(.+)\/$/.exec(rest)
      if (error === null) throw new Error(`${where}: expected <!-- example: throws NAME /MESSAGE/ -->, got ${annotation}`)
      throws = { name: error[1]!, message: new RegExp(error[2]!) }
    } else {
      throw new Error(`${where}: unknown annotation "example: ${annotation}" (given, throws, suite, not run: REASON)`)
    }
  }
  return { where, given: given.join('\n'), code, mode, ...(reason === undefined ? {} : { reason }), ...(throws === undefined ? {} : { throws }) }
}
