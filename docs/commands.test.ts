// Every pnpm command that the README, the guides and the packages' READMEs
// print must work as printed with the pinned pnpm. pnpm has built-in
// commands of its own (`pnpm docs <package>` opens a package's homepage), and
// a built-in wins over a script of the same name: `pnpm docs` printed
// "error: the following required arguments were not provided: <PACKAGE>".
//
// Each printed command is run through pnpm's own resolution in a scratch
// project whose scripts have the same names as ours but only print which
// one ran, so nothing real (a benchmark, the docs build) is started.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { markdownFiles } from './links.js'

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..')

/** pnpm's built-ins that the docs print on purpose; anything else must reach a script or a bin of ours. */
const BUILT_INS = new Set(['install', 'add', 'pack', 'exec', '--filter', '-r', '-C', '--dir'])

/** A printed command: where, and its words after `pnpm`. */
interface Printed {
  readonly where: string
  readonly words: string[]
}

/** The pnpm commands printed in `file`: in inline code and in shell blocks, split at `&&`, `;` and `|`. */
function printedCommands(file: string): Printed[] {
  const text = readFileSync(file, 'utf8')
  const snippets: Array<[number, string]> = []
  let fence: string | null = null
  text.split('\n').forEach((line, i) => {
    const open = /^\s*```(\w*)/.exec(line)
    if (open !== null) {
      fence = fence === null ? open[1]! : null
      return
    }
    if (fence !== null) {
      if (['sh', 'bash', 'shell', 'console', ''].includes(fence)) snippets.push([i + 1, line])
      return
    }
    for (const m of line.matchAll(/`([^`]+)`/g)) snippets.push([i + 1, m[1]!])
  })
  const out: Printed[] = []
  for (const [line, snippet] of snippets) {
    for (const part of snippet.split(/&&|;|\|/)) {
      const words = part.trim().split(/\s+/).filter((w) => w !== '')
      while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) words.shift() // FDB_CLUSTER_FILE=... pnpm ...
      if (words[0] !== 'pnpm' || words.length < 2) continue
      out.push({ where: `${relative(repoDir, file)}:${line}`, words: words.slice(1) })
    }
  }
  return out
}

/** The script or bin a command means to run (`pnpm run x` and `pnpm x` both mean x), or null for a deliberate built-in. */
function intended(words: readonly string[]): string | null {
  if (BUILT_INS.has(words[0]!)) return null
  return words[0] === 'run' ? (words[1] ?? null) : words[0]!
}

describe('the pnpm commands printed in the README and the guides', () => {
  const rootScripts = Object.keys((JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts)
  const printed = markdownFiles(repoDir).flatMap(printedCommands)
  const scratch = mkdtempSync(join(tmpdir(), 'foundkit-commands-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('finds the commands (the check is not vacuous)', () => {
    const names = printed.map((p) => intended(p.words))
    for (const name of ['test', 'demo', 'bench', 'typecheck', 'docs']) expect(names).toContain(name)
  })

  it('each names a script of the root package.json or a bin of the workspace', () => {
    for (const { where, words } of printed) {
      const name = intended(words)
      if (name === null) continue
      const known = rootScripts.includes(name) || existsSync(join(repoDir, 'node_modules', '.bin', name))
      expect(known, `${where}: pnpm ${words.join(' ')}: no script or bin named ${name}`).toBe(true)
    }
  })

  it('each reaches that script through pnpm, not one of pnpm’s built-in commands', () => {
    const names = [...new Set(printed.map((p) => intended(p.words)).filter((n): n is string => n !== null))]
    const scripts = Object.fromEntries(names.map((n) => [n, `node -e "console.log('RESOLVED:${n}')" --`]))
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'commands-check', private: true, scripts }))
    const seen = new Set<string>()
    for (const { where, words } of printed) {
      const name = intended(words)
      const key = words.join(' ')
      if (name === null || seen.has(key)) continue
      seen.add(key)
      const run = spawnSync('pnpm', words, { cwd: scratch, encoding: 'utf8', timeout: 30_000 })
      expect(`${run.stdout}`, `${where}: pnpm ${key} did not run the script ${name}:\n${run.stdout}${run.stderr}`).toContain(`RESOLVED:${name}`)
    }
  })
})
