// Durability of the embedded engine: kill -9 at random moments loses no
// acknowledged commit and never shows half of one; a second process is kept out.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError, get, open, pack, query, range, readVersion, set, transactional, unpack } from '../../src/index.js'
import { suiteTempDir } from '../harness.js'

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url))

function startChild(path: string, cacheBytes?: number): { proc: ChildProcess; acked: Set<number>; ready: Promise<void> } {
  const args = ['--import', 'tsx', child, path, ...(cacheBytes === undefined ? [] : [String(cacheBytes)])]
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  const acked = new Set<number>()
  let readyResolve!: () => void
  const ready = new Promise<void>((r) => (readyResolve = r))
  let buffered = ''
  let errors = ''
  proc.stderr!.on('data', (d: Buffer) => (errors += d.toString()))
  proc.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop()!
    for (const line of lines) {
      if (line.startsWith('ready')) readyResolve()
      else if (line.startsWith('ack ')) acked.add(Number(line.slice(4)))
    }
  })
  proc.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL') readyResolve()
    if (signal !== 'SIGKILL' && code !== 0) console.error(`crash child exited with ${code}: ${errors}`)
  })
  return { proc, acked, ready }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('durable engine: crash safety', () => {
  const dir = suiteTempDir('foundkit-crash-')

  it('after each of 20 SIGKILLs, every acknowledged commit is present and none is half-applied', async () => {
    const path = join(dir(), 'db')
    const allAcked = new Set<number>()
    let lastVersion = -1n
    for (let round = 0; round < 20; round++) {
      // Every other round keeps no value in memory (cacheBytes 0): reads and reopens go to disk.
      const cacheBytes = round % 2 === 1 ? 0 : undefined
      const { proc, acked, ready } = startChild(path, cacheBytes)
      await ready
      const exited = new Promise((r) => proc.on('exit', r))
      await sleep(20 + Math.random() * 200)
      // While the child runs, a second process must be refused.
      if (round === 0) {
        const err = await open({ path }).catch((e: unknown) => e)
        expect(err).toBeInstanceOf(FoundError)
        expect((err as FoundError).code).toBe(ErrorCode.databaseInUse)
        expect((err as FoundError).message).toMatch(/in use/)
      }
      proc.kill('SIGKILL')
      await exited
      for (const n of acked) allAcked.add(n)

      const db = await open(cacheBytes === undefined ? { path } : { path, cacheBytes })
      const { begin, end } = range(pack(['n']))
      const { rows, version } = await transactional(db, async (tx) => ({
        rows: await query(tx, begin, end).toArray(),
        version: await readVersion(tx),
      }))
      await db.close()
      const parts = new Map<number, number>()
      for (const [k, v] of rows) {
        const [, n, part] = unpack(k) as [string, number, number]
        expect(unpack(v)).toEqual([n, part])
        parts.set(n, (parts.get(n) ?? 0) + 1)
      }
      for (const [n, count] of parts) expect(count, `transaction ${n} is half-applied`).toBe(5)
      for (const n of allAcked) expect(parts.has(n), `acknowledged transaction ${n} was lost`).toBe(true)
      // Versions never go backwards across a crash and reopen.
      expect(version).toBeGreaterThanOrEqual(lastVersion)
      lastVersion = version
    }
    expect(allAcked.size).toBeGreaterThan(20)
  }, 300_000)

  it('versions keep growing across close and reopen', async () => {
    const path = join(dir(), 'versions')
    let db = await open({ path })
    await transactional(db, (tx) => set(tx, pack(['a']), pack([1])))
    const v1 = await transactional(db, (tx) => readVersion(tx))
    await db.close()
    db = await open({ path })
    const v2 = await transactional(db, (tx) => readVersion(tx))
    await transactional(db, (tx) => set(tx, pack(['a']), pack([2])))
    const v3 = await transactional(db, (tx) => readVersion(tx))
    await db.close()
    // Versions follow the clock, as on a cluster: never backwards across a reopen, and past every commit.
    expect(v2).toBeGreaterThanOrEqual(v1)
    expect(v3).toBeGreaterThan(v2)
  })

  it('the same relative path from two working directories is two databases, the same one twice is refused', async () => {
    const home = process.cwd()
    const [a, b] = [join(dir(), 'cwd-a'), join(dir(), 'cwd-b')]
    mkdirSync(a)
    mkdirSync(b)
    try {
      process.chdir(a)
      const first = await open({ path: './data' })
      await transactional(first, (tx) => set(tx, pack(['where']), pack(['a'])))
      await expect(open({ path: join(a, 'data') })).rejects.toThrow(/in use/)
      process.chdir(b)
      const second = await open({ path: './data' })
      expect(await transactional(second, (tx) => get(tx, pack(['where'])))).toBeNull()
      await Promise.all([first.close(), second.close()])
    } finally {
      process.chdir(home)
    }
  })
})
