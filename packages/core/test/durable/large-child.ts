// Child process of the larger-than-the-cache test: fills a durable database
// with far more value bytes than its cache holds, then reports what stayed in
// memory (after gc) and checks every value, before and after a reopen.
// Run with --expose-gc; prints one JSON line.
import { get, open, pack, set, transactional } from '../../src/index.js'

const [path, cacheArg, valuesArg, sizeArg] = process.argv.slice(2)
const cacheBytes = Number(cacheArg)
const count = Number(valuesArg)
const size = Number(sizeArg)
const gc = (globalThis as { gc?: () => void }).gc!

/** Value i: its index in the first 4 bytes, then a byte pattern of its own. */
function valueOf(i: number): Buffer {
  const v = Buffer.alloc(size, i % 251)
  v.writeUInt32BE(i, 0)
  return v
}

/** Bytes held after a full collection: the JS heap (where cached values live, as strings) and Buffers. */
function heldBytes(): number {
  gc()
  gc()
  const { heapUsed, arrayBuffers } = process.memoryUsage()
  return heapUsed + arrayBuffers
}

async function checkAll(db: Awaited<ReturnType<typeof open>>): Promise<number> {
  let bad = 0
  for (let start = 0; start < count; start += 500) {
    bad += await transactional(db, async (tx) => {
      let wrong = 0
      for (let i = start; i < Math.min(count, start + 500); i++) {
        const v = await get(tx, pack(['v', i]))
        if (v === null || !valueOf(i).equals(v)) wrong++
      }
      return wrong
    })
  }
  return bad
}

const before = heldBytes()
let db = await open({ path, cacheBytes })
const perTx = Math.floor(6_000_000 / size)
for (let start = 0; start < count; start += perTx) {
  await transactional(db, (tx) => {
    for (let i = start; i < Math.min(count, start + perTx); i++) set(tx, pack(['v', i]), valueOf(i))
  })
}
// Overwrite a tenth while the rest stays on disk (undo records of evicted values).
await transactional(db, (tx) => {
  for (let i = 0; i < count; i += 10) set(tx, pack(['v', i]), valueOf(i))
})
const afterWrite = heldBytes() - before
const badBeforeReopen = await checkAll(db)
const afterRead = heldBytes() - before
await db.close()
db = await open({ path, cacheBytes })
const afterReopen = heldBytes() - before
const badAfterReopen = await checkAll(db)
await db.close()
process.stdout.write(JSON.stringify({ dataBytes: count * size, afterWrite, afterRead, afterReopen, badBeforeReopen, badAfterReopen }) + '\n')
