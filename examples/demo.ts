// The main demo of foundkit, on the embedded engine (no server to install).
// Run it with `pnpm demo`.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  add,
  get,
  getVersionstamp,
  littleEndian,
  open,
  pack,
  packWithVersionstamp,
  query,
  range,
  readLittleEndian,
  set,
  setVersionstampedKey,
  transactional,
  unpack,
  Versionstamp,
  type Transaction,
} from '@foundkit/core'

const text = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString())

// 1. The tuple layer: keys that sort like the tuples they encode, byte-compatible with FoundationDB's bindings.
const key = pack(['users', 42, 'name'])
console.log('pack([users, 42, name]) =', Buffer.from(key).toString('hex'), '->', unpack(key))

// 2. A durable database in a temporary directory (commits resolve once on disk).
const dir = await mkdtemp(join(tmpdir(), 'foundkit-demo-'))
const db = await open({ path: join(dir, 'db') })

// 3. found-style transactions: functions that take the transaction first, retried on conflict.
async function addUser(tx: Transaction, id: number, name: string): Promise<void> {
  set(tx, pack(['users', id, 'name']), Buffer.from(name))
  add(tx, pack(['stats', 'users']), littleEndian(1))
}
await Promise.all(['ada', 'grace', 'edsger', 'barbara'].map((name, i) => transactional(db, addUser, i + 1, name)))

const users = await transactional(db, async (tx) => {
  const { begin, end } = range(pack(['users']))
  const rows: string[] = []
  for await (const [k, v] of query(tx, begin, end)) rows.push(`${JSON.stringify(unpack(k))} = ${text(v)}`)
  return { rows, count: readLittleEndian(await get(tx, pack(['stats', 'users']))) }
})
console.log(`users (${users.count}):\n  ${users.rows.join('\n  ')}`)

// 4. found's reverse query: begin > end walks backwards, both ends included.
const backwards = await transactional(db, async (tx) =>
  (await query(tx, pack(['users', 3, 'name']), pack(['users', 2, 'name'])).toArray()).map(([, v]) => text(v)),
)
console.log('query(users 3 .. users 2) =', backwards)

// 5. Versionstamps: a log ordered by commit.
const { stamp } = await transactional(db, (tx) => {
  setVersionstampedKey(tx, packWithVersionstamp(['log', Versionstamp.incomplete()]), Buffer.from('demo ran'))
  return { stamp: getVersionstamp(tx) }
})
console.log('committed at versionstamp', Buffer.from(await stamp).toString('hex'))

await db.close()
await rm(dir, { recursive: true, force: true })
console.log('demo done')
