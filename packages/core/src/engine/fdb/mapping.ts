/**
 * Pure mappings from foundkit's engine vocabulary to the `foundationdb`
 * binding's: key selectors, streaming modes, mutation types, range options.
 *
 * The binding's types are imported with `import type`, so they are checked
 * against its `.d.ts` but nothing is loaded at run time.
 *
 * @module
 */
import type {
  KeySelector as FdbKeySelector,
  MutationType as FdbMutationType,
  StreamingMode as FdbStreamingMode,
} from 'foundationdb'
import { asBuffer } from '../../keys/bytes.js'
import type { KeySelector } from '../../keys/selector.js'
import { ErrorCode, FoundError } from '../../errors.js'
import type { EngineRangeOptions, MutationType, StreamingMode } from '../types.js'

/** The largest value of a C `int`, which the binding passes selector offsets and limits as. */
export const INT32_MAX = 0x7fff_ffff

/**
 * foundkit's streaming mode names → FoundationDB's `FDBStreamingMode` values
 * (want_all -2, iterator -1, exact 0, small 1, medium 2, large 3, serial 4).
 */
export const STREAMING_MODES: Readonly<Record<StreamingMode, FdbStreamingMode>> = Object.freeze({
  want_all: -2,
  iterator: -1,
  exact: 0,
  small: 1,
  medium: 2,
  large: 3,
  serial: 4,
})

/**
 * foundkit's atomic operation names → FoundationDB's `FDBMutationType`
 * values. The operands are passed to the client as raw bytes.
 */
export const MUTATION_TYPES: Readonly<Record<MutationType, FdbMutationType>> = Object.freeze({
  add: 2,
  bitAnd: 6,
  bitOr: 7,
  bitXor: 8,
  appendIfFits: 9,
  max: 12,
  min: 13,
  setVersionstampedKey: 14,
  setVersionstampedValue: 15,
  byteMin: 16,
  byteMax: 17,
  compareAndClear: 20,
})

/** The binding's code for an atomic operation. @throws FoundError 9001 (invalidArgument) for an unknown name */
export function mutationTypeCode(type: MutationType): FdbMutationType {
  const code = Object.hasOwn(MUTATION_TYPES, type) ? MUTATION_TYPES[type] : undefined
  if (code === undefined) {
    throw new FoundError(ErrorCode.invalidArgument, `unknown atomic operation ${JSON.stringify(type)}`)
  }
  return code
}

/**
 * A foundkit `KeySelector` as the binding's key selector object
 * (`{ key, orEqual, offset, _isKeySelector: true }`), with the key as a
 * `Buffer` view of the same bytes (no copy).
 *
 * @throws FoundError 9001 (invalidArgument) when the offset does not fit the
 *   client's 32-bit selector offset
 */
export function toBindingSelector(selector: KeySelector): FdbKeySelector<Buffer> {
  const { offset } = selector
  if (!Number.isInteger(offset) || offset > INT32_MAX || offset < -INT32_MAX - 1) {
    throw new FoundError(
      ErrorCode.invalidArgument,
      `key selector offset ${String(offset)} does not fit FoundationDB's 32-bit selector offset`,
    )
  }
  return { key: asBuffer(selector.key), orEqual: selector.orEqual, offset, _isKeySelector: true }
}

/** The options handed to the binding's `getRangeBatch`. */
export interface BindingRangeOptions {
  /** Rows to return in all; 0 = no limit. */
  readonly limit: number
  /** Read from the end of the range down. */
  readonly reverse: boolean
  /** FoundationDB's streaming mode value. */
  readonly streamingMode: FdbStreamingMode
}

/**
 * Maps one range read's options onto the binding's:
 *
 * - `limit` 0 means no limit; a limit above 2^31-1 (more rows than one
 *   transaction can read) is passed as 0, since the client takes a C `int`;
 * - `exact` needs a limit in FoundationDB (error 2210 otherwise); foundkit's
 *   modes are hints, so `exact` without a limit reads as `want_all`;
 * - the mode name is translated to its numeric value.
 *
 * @throws FoundError 9001 (invalidArgument) for a negative or fractional
 *   limit or an unknown mode
 */
export function toBindingRangeOptions(options: EngineRangeOptions): BindingRangeOptions {
  const { limit, reverse, mode } = options
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0) {
    throw new FoundError(ErrorCode.invalidArgument, `range limit must be a non-negative integer, got ${String(limit)}`)
  }
  const code = Object.hasOwn(STREAMING_MODES, mode) ? STREAMING_MODES[mode] : undefined
  if (code === undefined) {
    throw new FoundError(ErrorCode.invalidArgument, `unknown streaming mode ${JSON.stringify(mode)}`)
  }
  const effectiveLimit = limit > INT32_MAX ? 0 : limit
  const streamingMode = code === STREAMING_MODES.exact && effectiveLimit === 0 ? STREAMING_MODES.want_all : code
  return { limit: effectiveLimit, reverse: reverse === true, streamingMode }
}
