/**
 * What `put` accepts as a source, and how each becomes a stream of bytes.
 *
 * @module
 */
import { createReadStream } from 'node:fs'
import { describeValue, newHash, type BlobId } from './ids.js'
import type { AbortSignalLike, WebByteStream } from './portable-types.js'

/**
 * Where `put` reads a blob from: bytes in memory, a Node `Readable`, a web
 * `ReadableStream`, any async (or sync) iterable of byte chunks, or the path
 * of a file.
 *
 * @example
 * ```ts
 * await bstore.put(db, files, Buffer.from('bytes'))
 * await bstore.put(db, files, '/var/log/big.log')            // a file path
 * await bstore.put(db, files, createReadStream('photo.jpg'))  // a Node Readable
 * await bstore.put(db, files, (await fetch(url)).body!)      // a web ReadableStream
 * ```
 */
export type BlobSource = Uint8Array | string | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | WebByteStream

/** Bytes read per piece from a file. */
const FILE_PIECE_BYTES = 1 << 20

function isAsyncIterable(x: object): x is AsyncIterable<unknown> {
  return typeof (x as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
}

function isIterable(x: object): x is Iterable<unknown> {
  return typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
}

function isWebStream(x: object): x is WebByteStream {
  return typeof (x as { getReader?: unknown }).getReader === 'function'
}

/** Throws the TypeError of a source that is not one {@link BlobSource} allows. @internal */
export function requireSource(source: unknown, what: string): BlobSource {
  if (source instanceof Uint8Array || (typeof source === 'string' && source !== '')) return source
  if (typeof source === 'object' && source !== null && (isAsyncIterable(source) || isIterable(source) || isWebStream(source))) {
    return source as BlobSource
  }
  throw new TypeError(
    `${what}: source must be a Uint8Array, a file path, a Readable, a ReadableStream or an iterable of Uint8Array, got ${describeValue(source)}`,
  )
}

/** Reads a web stream without relying on its async iterator (absent in some runtimes). */
async function* fromWebStream(stream: WebByteStream): AsyncGenerator<unknown> {
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      yield value
    }
  } finally {
    reader.releaseLock()
  }
}

/** The pieces of a source other than a Uint8Array, each checked to be bytes. @internal */
export async function* piecesOf(source: Exclude<BlobSource, Uint8Array>, what: string): AsyncGenerator<Uint8Array> {
  let items: AsyncIterable<unknown> | Iterable<unknown>
  if (typeof source === 'string') items = createReadStream(source, { highWaterMark: FILE_PIECE_BYTES })
  else if (isAsyncIterable(source)) items = source
  else if (isWebStream(source)) items = fromWebStream(source)
  else items = source
  for await (const piece of items) {
    if (!(piece instanceof Uint8Array)) throw new TypeError(`${what}: the source yielded ${describeValue(piece)}, expected Uint8Array chunks`)
    yield piece
  }
}

/** The id of a file's content, read once through. @internal */
export async function hashFile(path: string, signal: AbortSignalLike | undefined): Promise<BlobId> {
  const hash = newHash()
  for await (const piece of createReadStream(path, { highWaterMark: FILE_PIECE_BYTES })) {
    signal?.throwIfAborted()
    hash.update(piece as Buffer)
  }
  return hash.digest('hex')
}
