import { CommanderError } from 'commander'
import { describe, expect, it } from 'vitest'
import { ErrorCode, FoundError } from '@foundkit/core'
import { EXIT, exitCodeOf, messageOf, UserError } from './errors.js'

describe('exitCodeOf / messageOf', () => {
  it('a user error: 1 and its first line', () => {
    expect(exitCodeOf(new UserError('no such key'))).toBe(EXIT.user)
    expect(messageOf(new UserError('first\nsecond'))).toBe('foundkit: first')
    expect(exitCodeOf(new FoundError(ErrorCode.valueTooLarge, 'too big'))).toBe(EXIT.user)
  })
  it('a bug or damaged data: 2, and says so', () => {
    expect(exitCodeOf(new TypeError('oops'))).toBe(EXIT.internal)
    expect(exitCodeOf(new FoundError(ErrorCode.corruptData, 'bad bytes'))).toBe(EXIT.internal)
    expect(messageOf(new TypeError('oops'))).toBe('foundkit: internal error: oops (set FOUNDKIT_DEBUG=1 for the stack trace)')
  })
  it('commander errors keep their code, and commander prints their message', () => {
    expect(exitCodeOf(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0)
    expect(exitCodeOf(new CommanderError(1, 'commander.unknownCommand', 'unknown'))).toBe(1)
    expect(messageOf(new CommanderError(1, 'commander.unknownCommand', 'unknown'))).toBeNull()
  })
})
