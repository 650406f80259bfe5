// `pnpm demo` (examples/demo.ts) runs to the end: every layer, then the command line on the same database.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const scratch = mkdtempSync(join(tmpdir(), 'foundkit-demo-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('pnpm demo', () => {
  it('tours every layer and shows the database through the CLI (on 60 mails, in a temporary folder)', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, FOUNDKIT_DEMO_MAILS: '60', FOUNDKIT_DEMO_PATH: join(scratch, 'demo-db') }
    delete env['FDB_CLUSTER_FILE']
    const child = spawn(process.execPath, ['--conditions=@foundkit/source', '--import', 'tsx', 'examples/demo.ts'], { cwd: repo, env })
    let out = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString()))
    child.stderr.on('data', (c: Buffer) => (out += c.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code, out).toBe(0)
    expect(out).toMatch(/read back as a stream and verified: same SHA-256/)
    expect(out).toMatch(/-> edsger \(born 1930\) wrote "go to statement considered harmful"/)
    expect(out).toMatch(/-> ada \(born 1815\) wrote "notes on the analytical engine"/)
    expect(out).toMatch(/tags = 'databases' and year >= 2000 -> \["Designing Data-Intensive Applications"\]/)
    expect(out).toMatch(/60 of the 6046 SpamAssassin mails .* indexed/)
    expect(out).toMatch(/search mortgage rates: 3 best of the matches.*\n +\d+\.\d\d  mail \d+ \(spam-\d\): .*\[(rates|mortgage)\]/i)
    expect(out).toMatch(/^search {2}\(\d+\)$/m)
    expect(out).toMatch(/^ {2}search +\d+ /m)
    expect(out).toMatch(/demo done/)
  }, 240_000)
})
