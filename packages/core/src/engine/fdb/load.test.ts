import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ErrorCode, FoundError } from '../../errors.js'
import { openFdbEngine } from './index.js'
import {
  API_VERSION_ALREADY_SET,
  apiVersionAlreadySet,
  classifyLoadFailure,
  clientLibraryName,
  describeApiVersionFailure,
  describeLoadFailure,
  installInstructions,
} from './load.js'
import { checkApiVersionSelection } from './open.js'

const { default: BindingFDBError } = createRequire(import.meta.url)('foundationdb/dist/lib/error.js') as {
  default: new (description: string, code: number) => Error & { code: number }
}

const coreDir = fileURLToPath(new URL('../../../', import.meta.url))
const workspaceDir = fileURLToPath(new URL('../../../../../', import.meta.url))

/** Whether the real binding loads on this machine (tried in a child process, so nothing leaks into this one). */
function bindingLoadsHere(): boolean {
  const probe = spawnSync(process.execPath, ['-e', "require('foundationdb')"], { cwd: coreDir, encoding: 'utf8' })
  return probe.status === 0
}

/** An error shaped like Node's, for the classifier. */
function nodeError(message: string, code?: string): Error {
  return code === undefined ? new Error(message) : Object.assign(new Error(message), { code })
}

describe('openFdbEngine on a machine without the FoundationDB client', () => {
  const loads = bindingLoadsHere()
  // The binding itself prints two lines to stderr when its native module
  // cannot load; keep them out of the test output.
  const quiet = (): void => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
  }
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it.skipIf(loads)('rejects with FoundError 9008 that says what to install and how to point at a cluster', async () => {
    quiet()
    const outcome: unknown = await openFdbEngine({}).then(
      () => 'opened',
      (error: unknown) => error,
    )
    expect(outcome).toBeInstanceOf(FoundError)
    const error = outcome as FoundError
    expect(error.code).toBe(ErrorCode.clientNotFound)
    expect(error.name).toBe('FoundError')
    // What is missing, in the words of the failure...
    expect(error.message).toMatch(/^FoundationDB client not found: /)
    expect(error.message).toContain(clientLibraryName(process.platform))
    // ...what to install...
    expect(error.message).toContain('foundationdb-clients')
    expect(error.message).toContain('7.3')
    expect(error.message).toContain('.deb')
    expect(error.message).toContain('.rpm')
    expect(error.message).toContain('https://github.com/apple/foundationdb/releases')
    expect(error.message).toContain('npm install foundationdb')
    // ...and how to point at a cluster.
    expect(error.message).toContain('clusterFile')
    expect(error.message).toContain('FDB_CLUSTER_FILE')
    // The original loader error is kept.
    expect(error.cause).toBeInstanceOf(Error)
    if (process.platform === 'linux') expect((error.cause as { code?: unknown }).code).toBe('ERR_DLOPEN_FAILED')
  })

  it.skipIf(loads)('fails the same way on a second attempt (a failed load is not cached)', async () => {
    quiet()
    await expect(openFdbEngine()).rejects.toMatchObject({ code: ErrorCode.clientNotFound })
    await expect(openFdbEngine()).rejects.toMatchObject({ code: ErrorCode.clientNotFound })
  })

  it('checks the API version before loading anything', async () => {
    await expect(openFdbEngine({ apiVersion: 730 })).rejects.toMatchObject({
      code: ErrorCode.apiVersionNotSupported,
    })
    await expect(openFdbEngine({ apiVersion: 520 })).rejects.toThrow(/from 630 to 720/)
  })

  it('importing the driver does not import foundationdb and prints nothing', () => {
    // A child process whose module resolver refuses 'foundationdb': importing
    // the driver must still succeed, print nothing and export openFdbEngine;
    // only calling openFdbEngine reaches for the binding.
    const refuse =
      'export async function resolve(specifier, context, next) {' +
      "  if (specifier === 'foundationdb' || specifier.startsWith('foundationdb/')) throw new Error('foundationdb was imported');" +
      '  return next(specifier, context) }'
    const script = [
      "import { register } from 'node:module'",
      `register('data:text/javascript,' + ${JSON.stringify(encodeURIComponent(refuse))})`,
      "const driver = await import('./packages/core/src/engine/fdb/index.ts')",
      "if (typeof driver.openFdbEngine !== 'function') throw new Error('openFdbEngine missing')",
      'const error = await driver.openFdbEngine().then(() => undefined, (e) => e)',
      "if (!/foundationdb was imported/.test(String(error?.message))) throw new Error('the guard did not apply: ' + String(error))",
    ].join('\n')
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: workspaceDir,
      encoding: 'utf8',
    })
    expect(child.stderr).toBe('')
    expect(child.stdout).toBe('')
    expect(child.status).toBe(0)
  })
})

describe('load failure messages', () => {
  it('classifies the failures Node reports', () => {
    expect(classifyLoadFailure(nodeError("Cannot find package 'foundationdb' imported from /app/x.js", 'ERR_MODULE_NOT_FOUND'))).toBe(
      'package-missing',
    )
    expect(classifyLoadFailure(nodeError("Cannot find module 'foundationdb'\nRequire stack:\n- /app/x.cjs", 'MODULE_NOT_FOUND'))).toBe(
      'package-missing',
    )
    expect(
      classifyLoadFailure(
        nodeError('libfdb_c.so: cannot open shared object file: No such file or directory', 'ERR_DLOPEN_FAILED'),
      ),
    ).toBe('client-library-missing')
    expect(
      classifyLoadFailure(
        nodeError(
          'dlopen(/app/node_modules/foundationdb/prebuilds/darwin-arm64/node.napi.node, 0x0001): Library not loaded: @rpath/libfdb_c.dylib',
          'ERR_DLOPEN_FAILED',
        ),
      ),
    ).toBe('client-library-missing')
    expect(
      classifyLoadFailure(
        nodeError('No native build was found for platform=linux arch=arm64 runtime=node abi=115 uv=1 libc=glibc node=20.20.2'),
      ),
    ).toBe('no-native-build')
    // A dependency of the binding missing is not "the binding is missing".
    expect(
      classifyLoadFailure(
        nodeError(
          "Cannot find module 'node-gyp-build'\nRequire stack:\n- /app/node_modules/foundationdb/dist/lib/native.js",
          'MODULE_NOT_FOUND',
        ),
      ),
    ).toBe('other')
  })

  it('tells a missing npm package apart from a missing client library', () => {
    const missingPackage = describeLoadFailure(
      nodeError("Cannot find package 'foundationdb' imported from /app/x.js", 'ERR_MODULE_NOT_FOUND'),
      'linux',
      'x64',
    )
    expect(missingPackage.code).toBe(ErrorCode.clientNotFound)
    expect(missingPackage.message).toContain('the foundationdb npm package is not installed')
    expect(missingPackage.message).toContain('npm install foundationdb')

    const missingLibrary = describeLoadFailure(
      nodeError('libfdb_c.so: cannot open shared object file: No such file or directory', 'ERR_DLOPEN_FAILED'),
      'linux',
      'x64',
    )
    expect(missingLibrary.message).toContain('could not load the FoundationDB client library libfdb_c.so')
    expect(missingLibrary.message).toContain('foundationdb-clients')

    const noBuild = describeLoadFailure(nodeError('No native build was found for platform=linux arch=arm64'), 'linux', 'arm64')
    expect(noBuild.message).toContain('no prebuilt native module for linux-arm64')
  })

  it('keeps the original error as cause', () => {
    const original = nodeError('boom')
    expect(describeLoadFailure(original, 'linux', 'x64').cause).toBe(original)
  })

  it('names the client library and adds the macOS library path note on macOS', () => {
    expect(clientLibraryName('linux')).toBe('libfdb_c.so')
    expect(clientLibraryName('darwin')).toBe('libfdb_c.dylib')
    expect(clientLibraryName('win32')).toBe('fdb_c.dll')
    expect(installInstructions('darwin')).toContain('DYLD_LIBRARY_PATH')
    expect(installInstructions('linux')).not.toContain('DYLD_LIBRARY_PATH')
  })
})

describe('API version selection', () => {
  it('allows the first selection and the same version again', () => {
    expect(() => checkApiVersionSelection(undefined, 720)).not.toThrow()
    expect(() => checkApiVersionSelection(720, 720)).not.toThrow()
  })

  it('refuses another version once one is selected, with 2201 (api_version_already_set)', () => {
    expect(() => checkApiVersionSelection(720, 710)).toThrow(expect.objectContaining({ code: API_VERSION_ALREADY_SET }))
    expect(API_VERSION_ALREADY_SET).toBe(2201)
    const error = apiVersionAlreadySet(720, 710)
    expect(error.message).toContain('720 is already selected')
    expect(error.message).toContain('apiVersion 720')
  })

  it('recognises the binding’s own "already initialized" error (another library selected a version first)', () => {
    const error = describeApiVersionFailure(new Error('foundationdb already initialized with API version 630'), 720)
    expect(error.code).toBe(2201)
    expect(error.message).toContain('630 is already selected')
  })

  it('turns the client’s api_version_not_supported into an install hint', () => {
    const error = describeApiVersionFailure(new BindingFDBError('API version not supported', 2203), 720)
    expect(error.code).toBe(ErrorCode.apiVersionNotSupported)
    expect(error.message).toContain('client 7.2 or later')
    expect(error.message).toContain('foundationdb-clients')
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('turns the binding’s version range error into 2203', () => {
    const error = describeApiVersionFailure(
      new Error('Cannot use foundationdb protocol version 730 > 720. This version of node-foundationdb only supports protocol versions <= 720.'),
      730,
    )
    expect(error.code).toBe(2203)
  })

  it('keeps other client codes', () => {
    expect(describeApiVersionFailure(new BindingFDBError('API version not valid', 2202), 720).code).toBe(2202)
  })
})
