import { open, transactional, get, set, type Transaction } from '../packages/core/src/index.js'
import { keyBytes, runClients, rng } from './peers/harness.js'
const KEYS = 100_000
const keys = Array.from({ length: KEYS }, (_, i) => keyBytes(i))
const zero = Buffer.alloc(8)
const db = await open()
for (let s = 0; s < KEYS; s += 50_000) await transactional(db, (tx) => { for (let i = s; i < s + 50_000; i++) set(tx, keys[i]!, zero) })
async function increment(tx: Transaction, key: Uint8Array): Promise<number> {
  const v = await get(tx, key)
  const next = Buffer.alloc(8)
  next.writeUInt32LE(v === null ? 1 : v.readUInt32LE(0) + 1, 0)
  set(tx, key, next)
  return 1
}
const random = rng(2)
const per = KEYS / 10
const rates: number[] = []
for (let r = 0; r < Number(process.env.R ?? 5); r++) {
  const t = await runClients(10, 1.5, (c) => transactional(db, increment, keys[((random() * per) | 0) * 10 + c]!))
  rates.push(Math.round(t.rate))
}
rates.sort((a, b) => a - b)
console.log('10 clients distinct: median', rates[rates.length >> 1], 'all', rates.join(' '))
await db.close()
