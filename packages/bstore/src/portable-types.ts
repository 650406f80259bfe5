/**
 * The shapes of the Node and web objects bstore's API takes and returns,
 * written out so that its published types need neither `@types/node` nor
 * the DOM library (like core's, whose bytes are `Uint8Array`s). The objects
 * are the real ones at run time: `read` returns a Node `Readable`, `put`
 * takes a real `AbortSignal` or web `ReadableStream`; each type lists what
 * bstore relies on or promises, and the real object fits it.
 *
 * @module
 */

/**
 * What {@link read} returns: a Node `Readable` of the blob's bytes (at run
 * time it is one: `instanceof Readable` holds and every method of Node's
 * works), typed by what most uses need so that the package's types need no
 * `@types/node`: iterate it with `for await`, hand it to `pipeline`, collect
 * it with `toArray`, `destroy` it, listen with `on`. Where Node's own type is
 * wanted (`pipe`, `setEncoding`...), cast: `bstore.read(db, files, id) as Readable`.
 *
 * @example
 * ```ts
 * await pipeline(bstore.read(db, files, id), createWriteStream('/tmp/copy'))
 * for await (const piece of bstore.read(db, files, id, { end: 1_000 })) total += piece.length
 * ```
 */
export interface BlobReadable extends AsyncIterable<Uint8Array> {
  /**
   * Node's `readable.toArray`: every piece, once the stream has ended.
   * @example
   * ```ts
   * const bytes = Buffer.concat(await bstore.read(db, files, id).toArray())
   * ```
   */
  toArray(): Promise<Uint8Array[]>
  /**
   * Stops reading and releases the stream; with `error`, fails it.
   * @example
   * ```ts
   * stream.destroy()
   * ```
   */
  destroy(error?: Error): this
  /**
   * Node's event listeners: `'data'` (a piece), `'error'`, `'end'`, `'close'`.
   * @example
   * ```ts
   * stream.on('data', (piece) => (total += piece.length)).on('end', () => console.log(total))
   * ```
   */
  on(event: 'data', listener: (piece: Uint8Array) => void): this
  /** `'error'`: the read failed (corruptData, notFound, a RangeError); the stream ends. */
  on(event: 'error', listener: (error: Error) => void): this
  /** `'end'`: every byte was handed out; `'close'`: the stream was released. */
  on(event: 'end' | 'close', listener: () => void): this
}

/**
 * A web `ReadableStream` of bytes (as `fetch` gives), as {@link put} reads
 * it: through a reader, one piece after another.
 *
 * @example
 * ```ts
 * const body: bstore.WebByteStream = (await fetch(url)).body!
 * await bstore.put(db, files, body)
 * ```
 */
export interface WebByteStream {
  /**
   * A reader that locks the stream.
   * @example
   * ```ts
   * const { done, value } = await stream.getReader().read()
   * ```
   */
  getReader(): WebByteStreamReader
}

/**
 * The reader of a {@link WebByteStream}.
 *
 * @example
 * ```ts
 * const reader: bstore.WebByteStreamReader = stream.getReader()
 * ```
 */
export interface WebByteStreamReader {
  /**
   * The next piece, or `done` at the end.
   * @example
   * ```ts
   * for (let r = await reader.read(); !r.done; r = await reader.read()) use(r.value)
   * ```
   */
  read(): Promise<WebByteStreamResult>
  /**
   * Unlocks the stream.
   * @example
   * ```ts
   * reader.releaseLock()
   * ```
   */
  releaseLock(): void
}

/**
 * One result of {@link WebByteStreamReader.read}.
 *
 * @example
 * ```ts
 * const { done, value }: bstore.WebByteStreamResult = await reader.read()
 * ```
 */
export interface WebByteStreamResult {
  /** Whether the stream has ended (then there is no value). */
  readonly done: boolean
  /** The piece read. */
  readonly value?: Uint8Array
}

/**
 * An `AbortSignal`, as {@link put} uses it (Node's and the web's fit).
 *
 * @example
 * ```ts
 * const signal: bstore.AbortSignalLike = AbortSignal.timeout(60_000)
 * ```
 */
export interface AbortSignalLike {
  /**
   * Whether the signal was aborted.
   * @example
   * ```ts
   * if (signal.aborted) return
   * ```
   */
  readonly aborted: boolean
  /**
   * Throws the abort reason when aborted.
   * @example
   * ```ts
   * signal.throwIfAborted()
   * ```
   */
  throwIfAborted(): void
}
