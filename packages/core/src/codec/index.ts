/**
 * Value codecs: how the layers turn values into stored bytes and back.
 *
 * @module
 */
export { bytesCodec, stringCodec, jsonCodec, jsonCodecOf, tupleCodec, type ValueCodec, type JsonValue } from './codec.js'
