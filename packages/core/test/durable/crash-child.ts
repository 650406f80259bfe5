// Child process of the crash test: commits numbered transactions to a durable
// database and prints each number once its commit is acknowledged. The parent
// kills it with SIGKILL at a random moment.
import { get, open, pack, set, transactional, unpack } from '../../src/index.js'

const path = process.argv[2]!
// An optional value cache size: 0 reads every durable value back from disk.
const cacheBytes = process.argv[3] === undefined ? undefined : Number(process.argv[3])
const db = await open(cacheBytes === undefined ? { path } : { path, cacheBytes })
// Resume after the last committed number (each transaction records it).
let next = await transactional(db, async (tx) => {
  const last = await get(tx, pack(['last']))
  return last === null ? 0 : (unpack(last)[0] as number) + 1
})
process.stdout.write(`ready ${next}\n`)
const writers = 8
await Promise.all(
  Array.from({ length: writers }, async () => {
    for (;;) {
      const n = next++
      await transactional(db, (tx) => {
        // Five keys per transaction: a half-applied commit would show fewer.
        for (let part = 0; part < 5; part++) set(tx, pack(['n', n, part]), pack([n, part]))
        set(tx, pack(['last']), pack([n]))
      })
      process.stdout.write(`ack ${n}\n`)
    }
  }),
)
