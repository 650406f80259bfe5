// The dead-link check of the docs build (`pnpm run docs` runs it first): every
// relative link in the README, the guides and the packages' READMEs must name
// a file inside the repository that exists, and an anchor (`page.md#part`)
// must name a heading of that page. typedoc copies these links into the HTML
// docs as they are, so a dead one would ship.
//
// Run: node --import tsx docs/links.ts   (exits 1 and lists the dead links)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A link that leads nowhere: where it is, what it says, and why it is dead. */
export interface DeadLink {
  readonly file: string
  readonly line: number
  readonly target: string
  readonly reason: string
}

/** The Markdown files whose links are checked: the README, the guides, each package's README. */
export function markdownFiles(repoDir: string): string[] {
  const docsDir = join(repoDir, 'docs')
  const guides = readdirSync(docsDir)
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(docsDir, name))
  const packagesDir = join(repoDir, 'packages')
  const packages = existsSync(packagesDir) ? readdirSync(packagesDir).map((name) => join(packagesDir, name, 'README.md')) : []
  return [join(repoDir, 'README.md'), ...guides, ...packages].filter((path) => existsSync(path))
}

/** GitHub's (and typedoc's) anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slugOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, '')
    .replace(/ /g, '-')
}

/** The anchors of a Markdown file's headings (outside code blocks). */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  for (const line of withoutCode(text)) {
    const m = /^#{1,6}\s+(.*)$/.exec(line)
    if (m !== null) anchors.add(slugOf(m[1]!))
  }
  return anchors
}

/** The lines of a Markdown text with fenced code blocks and inline code blanked (their brackets are not links). */
function withoutCode(text: string): string[] {
  let fenced = false
  return text.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced
      return ''
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, '')
  })
}

/** Every dead relative link in `files`; links must stay inside `repoDir`. */
export function deadLinks(files: readonly string[], repoDir: string): DeadLink[] {
  const root = resolve(repoDir)
  const dead: DeadLink[] = []
  for (const file of files) {
    const lines = withoutCode(readFileSync(file, 'utf8'))
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        const target = m[1]!
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:, ...
        const reason = whyDead(file, target, root)
        if (reason !== null) dead.push({ file: relative(root, file), line: i + 1, target, reason })
      }
    })
  }
  return dead
}

function whyDead(file: string, target: string, root: string): string | null {
  const [pathPart = '', anchor] = target.split('#', 2)
  const path = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart))
  if (path !== root && !path.startsWith(root + sep)) return 'points outside the repository'
  if (!existsSync(path)) return 'no such file'
  if (anchor === undefined || anchor === '') return null
  if (!statSync(path).isFile() || !path.endsWith('.md')) return null
  return anchorsOf(readFileSync(path, 'utf8')).has(anchor.toLowerCase()) ? null : `no heading #${anchor} in ${relative(root, path)}`
}

// As a script: check the repository this file is in.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..')
  const dead = deadLinks(markdownFiles(repoDir), repoDir)
  for (const d of dead) console.error(`${d.file}:${d.line}: dead link ${d.target} (${d.reason})`)
  if (dead.length > 0) {
    console.error(`docs: ${dead.length} dead link(s); docs link only to files in the repository`)
    process.exit(1)
  }
  console.log('docs: every relative link resolves')
}
