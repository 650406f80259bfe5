// The docs build's dead-link check (docs/links.ts): it must pass on the
// repository's Markdown and catch each kind of dead link in a sample.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { deadLinks, markdownFiles, slugOf } from './links.js'

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..')

describe('the dead-link check', () => {
  const sample = mkdtempSync(join(tmpdir(), 'foundkit-links-'))
  afterAll(() => rmSync(sample, { recursive: true, force: true }))

  it('finds no dead link in the README, the guides and the packages READMEs', () => {
    expect(markdownFiles(repoDir).length).toBeGreaterThan(5)
    expect(deadLinks(markdownFiles(repoDir), repoDir)).toEqual([])
  })

  it('reports a missing file, a link out of the repository and a missing heading; ignores code and URLs', () => {
    const repo = join(sample, 'repo')
    mkdirSync(join(repo, 'docs'), { recursive: true })
    writeFileSync(join(sample, 'outside.md'), '# Outside\n')
    writeFileSync(join(repo, 'docs', 'a.md'), '# A\n\n## Limits: 5 seconds\n')
    writeFileSync(
      join(repo, 'README.md'),
      [
        '# Sample',
        'See [a](docs/a.md), [limits](docs/a.md#limits-5-seconds), [here](#sample) and [the web](https://example.com/x.md).',
        'Dead: [gone](docs/gone.md) and [a note](../outside.md).',
        'Wrong part: [limits](docs/a.md#limits).',
        '`[not a link](nowhere.md)`',
        '```md',
        '[also not a link](nowhere.md)',
        '```',
      ].join('\n'),
    )
    expect(deadLinks(markdownFiles(repo), repo)).toEqual([
      { file: 'README.md', line: 3, target: 'docs/gone.md', reason: 'no such file' },
      { file: 'README.md', line: 3, target: '../outside.md', reason: 'points outside the repository' },
      { file: 'README.md', line: 4, target: 'docs/a.md#limits', reason: `no heading #limits in ${join('docs', 'a.md')}` },
    ])
  })

  it('slugs headings as GitHub and typedoc do', () => {
    expect(slugOf('Limits: 5 seconds and 10 MB per transaction')).toBe('limits-5-seconds-and-10-mb-per-transaction')
    expect(slugOf('Data larger than memory (`cacheBytes`)')).toBe('data-larger-than-memory-cachebytes')
  })
})
