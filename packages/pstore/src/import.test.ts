import { expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

// natural's package root runs dotenv.config() (reads ./.env into process.env, and prints) and loads
// database drivers; pstore loads only natural's stemmer and stop-word files, lazily.
it('importing @foundkit/pstore and analyzing text neither prints nor changes process.env, even with a .env in the folder', () => {
  const folder = mkdtempSync(join(tmpdir(), 'pstore-env-'))
  try {
    writeFileSync(join(folder, '.env'), 'PSTORE_LEAK=1\n')
    const entry = fileURLToPath(new URL('./index.ts', import.meta.url))
    const script = [
      'const before = JSON.stringify(process.env)',
      `const pstore = await import(${JSON.stringify(entry)})`,
      "const terms = pstore.analyze('Les bibliothèques', { language: 'french' }).concat(pstore.analyze('Häuser', { language: 'german' }))",
      "process.stdout.write(JSON.stringify({ same: before === JSON.stringify(process.env), terms, leaked: process.env.PSTORE_LEAK ?? null }))",
    ].join('\n')
    const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/loader.mjs')).href
    const out = execFileSync(process.execPath, ['--conditions=@foundkit/source', '--import', tsx, '--input-type=module', '-e', script], {
      cwd: folder,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_OPTIONS: '' },
    })
    expect(JSON.parse(out)).toEqual({ same: true, terms: ['bibliothequ', 'haus'], leaked: null })
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
})
