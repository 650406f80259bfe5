// Type-checks TypeScript blocks of the guides with the TypeScript compiler,
// against the packages' source. Used by examples.test.ts.
//
// A block that is a fragment (not a whole program) may use, without defining
// them, every export of @foundkit/core, the layers as namespaces (`bstore`,
// `nstore`, `eavstore`, `pstore`) and the names a reader is assumed to hold:
// `db` (a Database), `tx` (a Transaction), `begin`, `end`, `key`, `value`
// (bytes): environment.ts gives them the same names when the block runs.
// Anything else comes from the block's hidden setup, an HTML comment on the
// line above its fence, compiled (and run) before the block (see blocks.ts):
//
//   <!-- example: given const store = eavstore.make('people', ['app', 'people']) -->
//   ```ts
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

/** One block to check: where it is, its hidden setup (compiled first), and its code. */
export interface Block {
  readonly where: string
  readonly given: string
  readonly code: string
}

/** The names every fragment may use: core's exports, the layers, db, tx, begin, end, key, value. */
function globalsOf(coreExports: readonly string[]): string {
  return `import type * as core from '@foundkit/core'
declare global {
${coreExports.map((name) => `  const ${name}: typeof core.${name}`).join('\n')}
  const bstore: typeof import('@foundkit/bstore')
  const nstore: typeof import('@foundkit/nstore')
  const eavstore: typeof import('@foundkit/eavstore')
  const pstore: typeof import('@foundkit/pstore')
  const db: core.Database
  const tx: core.Transaction
  const begin: Uint8Array
  const end: Uint8Array
  const key: Uint8Array
  const value: Uint8Array
}
export {}
`
}

/**
 * The compiler's errors for each block (an empty list: it type-checks), from
 * one program holding every block as a module in `dir`.
 */
export function typecheckBlocks(blocks: readonly Block[], coreExports: readonly string[], dir: string): string[][] {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const globals = join(dir, 'globals.d.ts')
  writeFileSync(globals, globalsOf(coreExports))
  // One line of header, then `given`, so that line numbers in messages are the block's own plus two.
  const files = blocks.map((block, i) => {
    const file = join(dir, `block-${i}.ts`)
    writeFileSync(file, `export {} // ${block.where}\n${block.given}\n${block.code}\n`)
    return file
  })
  const program = ts.createProgram([globals, ...files], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    customConditions: ['@foundkit/source'],
  })
  const errors: string[][] = blocks.map(() => [])
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const index = diagnostic.file === undefined ? -1 : files.indexOf(diagnostic.file.fileName)
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
    if (index < 0) {
      errors.forEach((list) => list.push(`(outside the blocks) ${message}`))
      continue
    }
    const line = diagnostic.start === undefined ? 0 : diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start).line - 1
    errors[index]!.push(`line ${line} of the block: ${message}`)
  }
  rmSync(dir, { recursive: true, force: true })
  return errors
}
