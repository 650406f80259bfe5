// The consumer check: what a user gets from the published packages.
//
// Packs every package under packages/ (`pnpm pack`, as publishing would),
// installs the tarballs with npm into a fresh temporary project that uses
// TypeScript strict and no @types/node, type-checks there the first
// TypeScript example of docs/getting-started.md plus an import of every
// package (and each of its public subpaths), and runs the example with Node.
// For a package that deals in Node objects but types them without @types/node
// (bstore), it also type-checks and runs a use of it (NODE_FREE_USES).
// A package whose public types need Node's must say so with a peer
// dependency on @types/node (a command-line tool, Node streams): its entry
// points are type-checked afterwards, with @types/node installed.
// It also checks that each tarball is ready to publish: LICENSE, README, the
// built files its exports name, and no `workspace:` dependency left.
//
// Run: node scripts/consumer-check.mjs   (reaches the npm registry for
// TypeScript and the packages' own dependencies; ~1 minute)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const work = mkdtempSync(join(tmpdir(), 'foundkit-consumer-'))
const tarballs = join(work, 'tarballs')
const project = join(work, 'project')
mkdirSync(tarballs)
mkdirSync(project)

/** Subpaths that are test tooling (they need vitest and Node's types), left out of the no-@types/node check. */
const TEST_TOOLING = /(^|\/)testing(\/|$)/

/**
 * A use of a package that returns Node objects typed without @types/node (bstore: `get` a Buffer typed Uint8Array,
 * `read` a Node Readable typed BlobReadable): type-checked strict without @types/node, then run; it throws if wrong.
 */
const NODE_FREE_USES = {
  '@foundkit/bstore': `import { open } from '@foundkit/core'
import * as bstore from '@foundkit/bstore'

const db = await open()
const files = bstore.make('files', ['files'], { chunkSize: 16_384 })
const bytes = new Uint8Array(200_000).map((_, i) => (i * 7) % 251)
const id: bstore.BlobId = await bstore.put(db, files, bytes)
const back: Uint8Array = await bstore.get(db, files, id)
let streamed = 0
for await (const piece of bstore.read(db, files, id, { start: 1_000 })) streamed += piece.length
const pieces: Uint8Array[] = await bstore.read(db, files, id).toArray()
const total = pieces.reduce((n, piece) => n + piece.length, 0)
if (back.length !== bytes.length || back[12_345] !== bytes[12_345] || streamed !== bytes.length - 1_000 || total !== bytes.length) {
  throw new Error('bstore use: wrong bytes back')
}
await db.close()
`,
}

const problems = []
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })

try {
  // 1. Pack every package, as it would be published.
  const packages = []
  for (const dir of readdirSync(join(repoDir, 'packages'))) {
    const pkgDir = join(repoDir, 'packages', dir)
    if (!existsSync(join(pkgDir, 'package.json'))) continue
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
    if (manifest.private === true) continue
    const before = new Set(readdirSync(tarballs))
    run('pnpm', ['pack', '--pack-destination', tarballs], pkgDir)
    const tarball = readdirSync(tarballs).find((f) => !before.has(f))
    if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${manifest.name}`)
    packages.push({ name: manifest.name, tarball: join(tarballs, tarball) })
    console.log(`packed ${manifest.name} → ${tarball}`)
  }

  // 2. A fresh project: TypeScript strict, no @types/node, the tarballs installed with npm.
  const typescript = JSON.parse(readFileSync(join(repoDir, 'package.json'), 'utf8')).devDependencies.typescript
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'foundkit-consumer',
        private: true,
        type: 'module',
        dependencies: Object.fromEntries(packages.map((p) => [p.name, `file:${p.tarball}`])),
        devDependencies: { typescript },
      },
      null,
      2,
    ),
  )
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022'],
        types: [],
        strict: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
        rootDir: 'src',
        outDir: 'out',
      },
      include: ['src'],
    }),
  )
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project)
  console.log(`installed ${packages.length} tarballs with npm in ${project}`)
  if (existsSync(join(project, 'node_modules', '@types', 'node'))) problems.push('@types/node got installed: a package depends on it, so the no-@types/node check proves nothing')

  // 3. What each tarball holds.
  for (const { name } of packages) {
    const installed = join(project, 'node_modules', ...name.split('/'))
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'))
    for (const file of ['LICENSE', 'README.md']) if (!existsSync(join(installed, file))) problems.push(`${name}: the tarball has no ${file}`)
    for (const field of ['license', 'description', 'keywords', 'exports', 'types']) if (manifest[field] === undefined) problems.push(`${name}: package.json has no ${field}`)
    for (const [dep, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
      if (String(range).startsWith('workspace:')) problems.push(`${name}: dependency ${dep} is still ${range}`)
    }
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      for (const condition of ['types', 'import']) {
        const file = typeof target === 'string' ? target : target[condition]
        if (file !== undefined && !existsSync(join(installed, file))) problems.push(`${name}: exports["${subpath}"].${condition} names ${file}, not in the tarball`)
      }
    }
  }

  // 4. The getting-started example, and an import of every public entry point.
  const guide = readFileSync(join(repoDir, 'docs', 'getting-started.md'), 'utf8')
  const example = /```ts\n([\s\S]*?)```/.exec(guide)?.[1]
  if (example === undefined) throw new Error('docs/getting-started.md has no ts block')
  mkdirSync(join(project, 'src'))
  writeFileSync(join(project, 'src', 'getting-started.ts'), example)
  // The one global the example uses that ES2022 lacks; a browser's lib "dom", Deno or @types/node declare it.
  writeFileSync(join(project, 'src', 'host.d.ts'), 'declare const console: { log(...data: unknown[]): void }\n')
  const imports = []
  const nodeImports = []
  for (const { name } of packages) {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', ...name.split('/'), 'package.json'), 'utf8'))
    const needsNode = manifest.peerDependencies?.['@types/node'] !== undefined || manifest.dependencies?.['@types/node'] !== undefined
    for (const subpath of Object.keys(manifest.exports ?? { '.': null })) {
      if (subpath === './package.json' || TEST_TOOLING.test(subpath)) continue
      const specifier = subpath === '.' ? name : `${name}/${subpath.slice(2)}`
      const into = needsNode ? nodeImports : imports
      into.push(`export * as m${imports.length + nodeImports.length} from '${specifier}'`)
    }
  }
  writeFileSync(join(project, 'src', 'every-entry.ts'), imports.join('\n') + '\n')
  // Packages whose types need no @types/node but that deal in Node objects at run time: a use of them, type-checked
  // here without @types/node and run below, proves the types are usable, not only that they resolve.
  for (const [name, source] of Object.entries(NODE_FREE_USES)) {
    if (packages.some((p) => p.name === name)) writeFileSync(join(project, 'src', `${name.split('/')[1]}-use.ts`), source)
  }
  const tsc = join(project, 'node_modules', '.bin', 'tsc')
  try {
    run(tsc, ['-p', '.'], project)
    console.log(`type-checked the getting-started example and ${imports.length} entry points (strict, no @types/node)`)
  } catch (error) {
    problems.push(`tsc in the consumer project failed:\n${error.stdout}${error.stderr}`)
  }
  if (nodeImports.length > 0) {
    // Only now may @types/node come in: the check above had to run without it.
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--save-dev', '@types/node@20'], project)
    mkdirSync(join(project, 'node-src'))
    writeFileSync(join(project, 'node-src', 'node-entries.ts'), nodeImports.join('\n') + '\n')
    writeFileSync(
      join(project, 'tsconfig.node.json'),
      JSON.stringify({ extends: './tsconfig.json', compilerOptions: { types: ['node'], noEmit: true, rootDir: 'node-src' }, include: ['node-src'] }),
    )
    try {
      run(tsc, ['-p', 'tsconfig.node.json'], project)
      console.log(`type-checked ${nodeImports.length} entry points of packages that declare @types/node (strict, with @types/node)`)
    } catch (error) {
      problems.push(`tsc (with @types/node) in the consumer project failed:\n${error.stdout}${error.stderr}`)
    }
  }
  if (existsSync(join(project, 'out', 'getting-started.js'))) {
    try {
      const output = run(process.execPath, [join('out', 'getting-started.js')], project)
      console.log(`ran the getting-started example${output.trim() === '' ? '' : `:\n${output.trim()}`}`)
      // What the guide says each console.log prints (`console.log(x) // what`), line by line.
      const promised = [...example.matchAll(/^console\.log\(.*\)\s*\/\/\s*(.*)$/gm)].map((m) => m[1].trim())
      const printed = output.trim() === '' ? [] : output.trim().split('\n').map((line) => line.trim())
      if (JSON.stringify(printed) !== JSON.stringify(promised)) {
        problems.push(`the getting-started example printed ${JSON.stringify(printed)}, the guide says ${JSON.stringify(promised)}`)
      }
      run(process.execPath, ['--input-type=module', '-e', `await import('./out/every-entry.js')`], project)
      for (const name of Object.keys(NODE_FREE_USES)) {
        const use = join('out', `${name.split('/')[1]}-use.js`)
        if (existsSync(join(project, use))) {
          run(process.execPath, [use], project)
          console.log(`ran the use of ${name} (types checked without @types/node)`)
        }
      }
      console.log('loaded every entry point with Node')
    } catch (error) {
      problems.push(`running the example failed:\n${error.stdout}${error.stderr}`)
    }
  }
} finally {
  if (problems.length === 0) rmSync(work, { recursive: true, force: true })
}

if (problems.length > 0) {
  for (const p of problems) console.error(`consumer check: ${p}`)
  console.error(`consumer check: FAILED (${problems.length} problem(s)); the project is kept in ${work}`)
  process.exit(1)
}
console.log('consumer check: passed')
