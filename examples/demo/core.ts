// The core: the tuple layer, found-style transactions, a directory, atomic adds, reverse queries.
import {
  add,
  directory,
  get,
  littleEndian,
  pack,
  query,
  readLittleEndian,
  set,
  transactional,
  unpack,
  type DirectorySubspace,
  type Transaction,
} from '@foundkit/core'
import { text, type Step } from './tour.js'

// found-style: a function that takes the transaction first; transactional() retries it on conflict.
async function addUser(tx: Transaction, users: DirectorySubspace, id: number, name: string): Promise<void> {
  set(tx, users.pack([id, 'name']), Buffer.from(name))
  add(tx, users.pack(['count']), littleEndian(1)) // an atomic add: concurrent adds never conflict
}

export const coreTour: Step = async (db, say) => {
  const key = pack(['users', 42, 'name'])
  say(`pack(['users', 42, 'name']) = ${Buffer.from(key).toString('hex')} -> ${JSON.stringify(unpack(key))}`)
  const users = await transactional(db, (tx) => directory.createOrOpen(tx, ['app', 'users']))
  say(`directory app/users has the prefix ${Buffer.from(users.key()).toString('hex')}`)
  await Promise.all(['ada', 'grace', 'edsger', 'barbara'].map((name, i) => transactional(db, addUser, users, i + 1, name)))
  const { names, count } = await transactional(db, async (tx) => {
    const { begin, end } = users.range()
    const names: string[] = []
    for await (const [k, v] of query(tx, begin, end)) if (users.unpack(k)[1] === 'name') names.push(`${users.unpack(k)[0]}=${text(v)}`)
    return { names, count: readLittleEndian(await get(tx, users.pack(['count']))) }
  })
  say(`4 users added in 4 concurrent transactions: ${names.join(' ')}; count = ${count}`)
  // found's reverse query: begin > end walks backwards, both ends included.
  const backwards = await transactional(db, async (tx) =>
    (await query(tx, users.pack([3, 'name']), users.pack([2, 'name'])).toArray()).map(([, v]) => text(v)),
  )
  say(`query(users 3 .. users 2), backwards: ${JSON.stringify(backwards)}`)
}
