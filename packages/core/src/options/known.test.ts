import { describe, expect, it } from 'vitest'
import { requireKnownOptions } from './known.js'

describe('requireKnownOptions', () => {
  const known = ['path', 'engine', 'clusterFile', 'cacheBytes'] as const

  it('returns the options when every key is known, and {} for undefined', () => {
    const options = { path: './x', engine: 'embedded' }
    expect(requireKnownOptions('open', options, known)).toBe(options)
    expect(requireKnownOptions('open', undefined, known)).toEqual({})
  })

  it('names an unknown key and suggests the closest known one', () => {
    expect(() => requireKnownOptions('open', { pth: './x' }, known)).toThrow(
      new TypeError('open: unknown option "pth" (did you mean "path"?); known options: path, engine, clusterFile, cacheBytes'),
    )
    expect(() => requireKnownOptions('open', { clusterfile: 'f' }, known)).toThrow(/unknown option "clusterfile" \(did you mean "clusterFile"\?\)/)
  })

  it('checks keys whose value is undefined', () => {
    expect(() => requireKnownOptions('open', { pth: undefined }, known)).toThrow(TypeError)
  })

  it('makes no suggestion when nothing is close', () => {
    const message = (() => {
      try {
        requireKnownOptions('open', { zzzzzzzzzz: 1 }, known)
      } catch (err) {
        return (err as Error).message
      }
      return ''
    })()
    expect(message).toBe('open: unknown option "zzzzzzzzzz"; known options: path, engine, clusterFile, cacheBytes')
  })

  it('refuses options that are not a plain object', () => {
    for (const bad of [null, 'path', 3, ['path']]) {
      expect(() => requireKnownOptions('open', bad as never, known)).toThrow(/open: options must be an object/)
    }
  })
})
