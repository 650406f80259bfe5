/**
 * `blob put FILE...`, `blob get ID`, `blob ls`, `blob rm ID`: the blob store
 * (`@foundkit/bstore`).
 *
 * @module
 */
import { stat as fileStat } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import type { Command } from 'commander'
import * as bstore from '@foundkit/bstore'
import { databaseAction } from '../command.js'
import { UserError } from '../errors.js'
import { write, type CliIo } from '../io.js'
import { storeDirectory, storeOption } from '../layers.js'
import { startProgress } from '../progress.js'

const ID = /^[0-9a-f]{64}$/

function requireId(text: string): string {
  if (!ID.test(text)) throw new UserError(`blob: an id is 64 lowercase hex digits (the SHA-256 of the content), got ${JSON.stringify(text)}`)
  return text
}

/** Adds `blob put/get/ls/rm` to the program. @internal */
export function addBlobCommands(program: Command, io: CliIo): void {
  const blob = program.command('blob').description('store and read blobs of any size (content-addressed, deduplicated, compressed)')

  storeOption(blob.command('put').description('store files; prints each one\'s id (the SHA-256 of its content)'), 'blob')
    .argument('<files...>', 'the files to store')
    .action(
      databaseAction(io, true, async ({ db, args, options }) => {
        const store = bstore.make('blobs', await storeDirectory(db, options, 'blob', true))
        for (const file of args[0] as string[]) {
          const size = await fileStat(file).then(
            (s) => (s.isFile() ? s.size : null),
            () => null,
          )
          if (size === null) throw new UserError(`blob put: ${file} is not a readable file`)
          const progress = startProgress(io, file, size, 'bytes')
          try {
            const id = await bstore.put(db, store, file, { onProgress: (p) => progress.update(p.bytes) })
            progress.stop()
            await write(io.stdout, `${id}  ${file}\n`)
          } finally {
            progress.stop()
          }
        }
      }),
    )

  storeOption(blob.command('get').description('write a blob\'s bytes to stdout (foundkit blob get ID > FILE)'), 'blob')
    .argument('<id>', 'the blob\'s id')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const id = requireId(args[0] as string)
        const store = bstore.make('blobs', await storeDirectory(db, options, 'blob', false))
        if (!(await bstore.has(db, store, id))) throw new UserError(`blob get: no blob ${id}`)
        await pipeline(bstore.read(db, store, id), io.stdout, { end: false })
      }),
    )

  storeOption(blob.command('ls').description('list the blobs: id and size in bytes, in id order'), 'blob').action(
    databaseAction(io, false, async ({ db, options }) => {
      const store = bstore.make('blobs', await storeDirectory(db, options, 'blob', false))
      for await (const { id, size } of bstore.list(db, store)) await write(io.stdout, `${id}  ${size}\n`)
    }),
  )

  storeOption(blob.command('rm').description('drop one reference to a blob (the blob goes with its last one)'), 'blob')
    .argument('<id>', 'the blob\'s id')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const id = requireId(args[0] as string)
        const store = bstore.make('blobs', await storeDirectory(db, options, 'blob', false))
        if (!(await bstore.remove(db, store, id))) throw new UserError(`blob rm: no blob ${id}`)
      }),
    )
}
