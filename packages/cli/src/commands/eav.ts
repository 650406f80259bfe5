/**
 * `eav get ID`, `eav query ATTR VALUE`, `eav put JSON`: the document store
 * (`@foundkit/eavstore`).
 *
 * @module
 */
import type { Command } from 'commander'
import { Float32, Float64, transactional, Uuid, Versionstamp } from '@foundkit/core'
import * as eavstore from '@foundkit/eavstore'
import { databaseAction } from '../command.js'
import { UserError } from '../errors.js'
import { write, type CliIo } from '../io.js'
import { storeDirectory, storeOption } from '../layers.js'
import { formatItem, parseItem } from '../text/items.js'

/** A document as JSON: numbers and strings as they are; bigints, bytes, UUIDs and the like in the tuple syntax. */
export function documentJson(doc: eavstore.EavDocument): string {
  return JSON.stringify(doc, function (this: unknown, key: string, value: unknown) {
    // JSON.stringify hands a Buffer over as { type, data }: look at the holder's own value.
    const own = (this as Record<string, unknown>)[key]
    if (typeof own === 'bigint' || own instanceof Uint8Array || own instanceof Uuid || own instanceof Versionstamp || own instanceof Float32 || own instanceof Float64) {
      return formatItem(own)
    }
    return value
  })
}

/** Adds `eav get`, `eav query` and `eav put` to the program. @internal */
export function addEavCommands(program: Command, io: CliIo): void {
  const command = program.command('eav').description('the document store: documents by id, and queries on their attributes')

  storeOption(command.command('get').description('print a document as JSON'), 'eav')
    .argument('<id>', 'its id as printed by put or query (e.g. Uuid(...), 42, or a word)')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const id = parseItem(args[0] as string)
        const store = eavstore.make('documents', await storeDirectory(db, options, 'eav', false))
        const doc = await eavstore.get(db, store, id)
        if (doc === null) throw new UserError(`eav get: no document ${formatItem(id)}`)
        await write(io.stdout, `${documentJson(doc)}\n`)
      }),
    )

  storeOption(command.command('query').description('print the id and document of each document whose ATTR holds VALUE'), 'eav')
    .argument('<attribute>', 'a dotted path: name, address.city')
    .argument('<value>', '42, 1.5, true, null and "quoted text" are literals; other words are strings')
    .option('--ids', 'print only the ids')
    .action(
      databaseAction(io, false, async ({ db, args, options }) => {
        const store = eavstore.make('documents', await storeDirectory(db, options, 'eav', false))
        const ids: eavstore.EavId[] = []
        for await (const id of eavstore.query(db, store, args[0] as string, parseItem(args[1] as string) as eavstore.EavScalar)) ids.push(id)
        for (const id of ids) {
          if (options['ids'] === true) {
            await write(io.stdout, `${formatItem(id)}\n`)
            continue
          }
          const doc = await eavstore.get(db, store, id)
          if (doc !== null) await write(io.stdout, `${formatItem(id)}  ${documentJson(doc)}\n`)
        }
      }),
    )

  storeOption(command.command('put').description('store a JSON document; prints its id'), 'eav')
    .argument('<json>', 'the document, e.g. \'{"name": "Ada", "tags": ["math"]}\'')
    .option('--id <id>', 'its id (default: a random UUID); an existing document with this id is replaced')
    .action(
      databaseAction(io, true, async ({ db, args, options }) => {
        let doc: unknown
        try {
          doc = JSON.parse(args[0] as string)
        } catch {
          throw new UserError(`eav put: the document is not JSON: ${(args[0] as string).slice(0, 60)}`)
        }
        if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new UserError('eav put: the document must be a JSON object')
        const store = eavstore.make('documents', await storeDirectory(db, options, 'eav', true))
        // The id is drawn before the transaction, so a body run twice (a retry after 1021) writes one document.
        const id: eavstore.EavId = options['id'] === undefined ? Uuid.random() : parseItem(options['id'] as string)
        await transactional(db, async (tx) => {
          if ((await eavstore.get(tx, store, id)) === null) await eavstore.create(tx, store, doc as eavstore.EavDocument, id)
          else await eavstore.update(tx, store, id, doc as eavstore.EavDocument)
        })
        await write(io.stdout, `${formatItem(id)}\n`)
      }),
    )
}
