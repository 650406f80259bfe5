// bstore: content-addressed blobs, deduplicated, compressed, one larger than a transaction.
import { createHash, randomBytes } from 'node:crypto'
import { directory, transactional } from '@foundkit/core'
import * as bstore from '@foundkit/bstore'
import { DEFAULT_DIRECTORIES } from '@foundkit/cli'
import { size, type Step } from './tour.js'

/** 16 MB: half random bytes, half text, more than a transaction may write (10 MB). */
function largeFile(): Buffer {
  const line = Buffer.from('FoundationDB keeps every transaction under 10 MB and 5 seconds; bstore splits big blobs.\n')
  return Buffer.concat([randomBytes(8_000_000), Buffer.alloc(8_000_000).fill(line)])
}

export const blobTour: Step = async (db, say) => {
  const dir = await transactional(db, (tx) => directory.createOrOpen(tx, [DEFAULT_DIRECTORIES.blob]))
  const files = bstore.make('files', dir)
  const notes = ['hello, blobs', 'a second note', 'hello, blobs'] // the third is the first again
  const ids = []
  for (const note of notes) ids.push(await bstore.put(db, files, Buffer.from(note)))
  say(`3 small blobs put, ${new Set(ids).size} stored: "hello, blobs" -> ${ids[0]!.slice(0, 16)}... (its SHA-256), referenced ${(await bstore.stat(db, files, ids[0]!)).refs} times`)

  const large = largeFile()
  let transactions = 0
  const id = await bstore.put(db, files, large, { onProgress: () => transactions++ })
  const stat = await bstore.stat(db, files, id)
  say(`a ${size(large.length)} blob: ${stat.chunks} chunks, ${size(stat.storedBytes)} stored (the text half compressed), written in ${transactions} transactions`)
  const hash = createHash('sha256')
  for await (const piece of bstore.read(db, files, id)) hash.update(piece)
  say(`read back as a stream and verified: ${hash.digest('hex') === id ? 'same SHA-256' : 'MISMATCH'}`)
}
