/**
 * Loading the `foundationdb` npm binding, lazily, and explaining what to
 * install when it cannot load.
 *
 * Nothing here runs when `@foundkit/core` is imported: the binding is loaded
 * with a dynamic `import()` only when a FoundationDB engine is opened.
 *
 * @module
 */
import type * as FdbBinding from 'foundationdb'
import { ErrorCode, FoundError } from '../../errors.js'
import { fdbErrorName, isBindingError } from './error-map.js'
import { DEFAULT_API_VERSION, MAX_API_VERSION, MIN_API_VERSION } from './options.js'

/** The binding's module (its CommonJS `module.exports`). */
export type FdbModule = typeof FdbBinding

/** Why the binding could not be loaded. */
export type LoadFailureKind =
  /** The `foundationdb` npm package is not installed. */
  | 'package-missing'
  /** The package is there but the FoundationDB client library (libfdb_c) is not. */
  | 'client-library-missing'
  /** The package has no prebuilt native module for this platform. */
  | 'no-native-build'
  /** Something else went wrong while loading it. */
  | 'other'

/** The FoundationDB client library's file name on each platform. */
export function clientLibraryName(platform: string): string {
  if (platform === 'darwin') return 'libfdb_c.dylib'
  if (platform === 'win32') return 'fdb_c.dll'
  return 'libfdb_c.so'
}

/** Classifies an error thrown by `import('foundationdb')`. */
export function classifyLoadFailure(error: unknown): LoadFailureKind {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined
  const message = error instanceof Error ? error.message : String(error)
  if (
    /Cannot find (?:module|package) ['"]foundationdb['"]/.test(message) ||
    /Failed to (?:load|resolve) (?:url|import) ['"]?foundationdb['"]?(?:\s|$|\))/.test(message)
  ) {
    return 'package-missing'
  }
  if (/No native build was found/i.test(message)) return 'no-native-build'
  if (code === 'ERR_DLOPEN_FAILED' || /fdb_c|Library not loaded|cannot open shared object/i.test(message)) {
    return 'client-library-missing'
  }
  return 'other'
}

/** The install instructions every load failure message ends with. */
export function installInstructions(platform: string): string {
  const lines = [
    "foundkit's FoundationDB engine needs two things on this machine:",
    `  1. the FoundationDB client library (${clientLibraryName(platform)}), version 7.3 (7.2 or later works): ` +
      'install the foundationdb-clients package of a 7.3 release from https://github.com/apple/foundationdb/releases',
    '       Debian/Ubuntu:           sudo dpkg -i foundationdb-clients_7.3.<patch>-1_amd64.deb',
    '       RHEL/CentOS/Rocky Linux: sudo rpm -i foundationdb-clients-7.3.<patch>-1.el7.x86_64.rpm',
    '       macOS:                   FoundationDB-7.3.<patch>_<x86_64|arm64>.pkg (includes the client)',
    '  2. the Node.js binding: npm install foundationdb',
  ]
  if (platform === 'darwin') {
    lines.push(
      'On macOS the binding may also need DYLD_LIBRARY_PATH=/usr/local/lib to find libfdb_c.dylib.',
    )
  }
  lines.push(
    'Then point foundkit at a cluster: open({ clusterFile: "/path/to/fdb.cluster" }), or set FDB_CLUSTER_FILE, ' +
      'or rely on the default cluster file (/etc/foundationdb/fdb.cluster on Linux, ' +
      '/usr/local/etc/foundationdb/fdb.cluster on macOS).',
    'Without a FoundationDB cluster, use the embedded engine instead: it needs nothing else installed.',
  )
  return lines.join('\n')
}

/**
 * The {@link FoundError} (9008, clientNotFound) for a failed
 * `import('foundationdb')`, with a message saying what is missing and what
 * to install; `cause` is the original error.
 */
export function describeLoadFailure(error: unknown, platform: string, arch: string): FoundError {
  const original = error instanceof Error ? error.message : String(error)
  const kind = classifyLoadFailure(error)
  let what: string
  switch (kind) {
    case 'package-missing':
      what =
        'the foundationdb npm package is not installed (it is an optional peer dependency of @foundkit/core)'
      break
    case 'client-library-missing':
      what = `the foundationdb binding could not load the FoundationDB client library ${clientLibraryName(platform)} (${original})`
      break
    case 'no-native-build':
      what =
        `the foundationdb binding has no prebuilt native module for ${platform}-${arch}; ` +
        'reinstall it with its install script enabled so node-gyp builds it against the installed client ' +
        `(this needs the FoundationDB client headers and a C++ toolchain) (${original})`
      break
    default:
      what = `the foundationdb binding failed to load: ${original}`
  }
  return new FoundError(ErrorCode.clientNotFound, `FoundationDB client not found: ${what}.\n${installInstructions(platform)}`, {
    cause: error,
  })
}

/**
 * The FoundError for a failed API version selection.
 *
 * @param error - what the binding's `setAPIVersion` threw
 * @param requested - the API version asked for
 */
export function describeApiVersionFailure(error: unknown, requested: number): FoundError {
  const original = error instanceof Error ? error.message : String(error)
  const already = /already initialized with API version (\d+)/.exec(original)
  if (already !== null) return apiVersionAlreadySet(Number(already[1]), requested, error)
  if (isBindingError(error) && error.code !== ErrorCode.apiVersionNotSupported) {
    const name = fdbErrorName(error.code)
    return new FoundError(
      error.code,
      `selecting FoundationDB API version ${requested} failed: ${original} (FoundationDB error ${error.code}` +
        `${name === undefined ? '' : ' ' + name})`,
      { cause: error },
    )
  }
  return new FoundError(
    ErrorCode.apiVersionNotSupported,
    `FoundationDB API version ${requested} is not supported by the installed client library: ${original}. ` +
      `The foundationdb npm binding is built for API version ${MAX_API_VERSION} and needs the FoundationDB ` +
      `client 7.2 or later (7.3 recommended): install the foundationdb-clients 7.3 package from ` +
      `https://github.com/apple/foundationdb/releases, or pass an apiVersion from ${MIN_API_VERSION} to ` +
      `${MAX_API_VERSION} (default ${DEFAULT_API_VERSION}).`,
    { cause: error },
  )
}

/** FoundationDB's code for "API version may be set only once". */
export const API_VERSION_ALREADY_SET = 2201

/** The FoundError for opening an engine with an API version other than the one this process selected. */
export function apiVersionAlreadySet(selected: number, requested: number, cause?: unknown): FoundError {
  return new FoundError(
    API_VERSION_ALREADY_SET,
    `FoundationDB API version ${selected} is already selected in this process and cannot be changed to ` +
      `${requested} (FoundationDB error 2201 api_version_already_set): a process selects one API version, once. ` +
      `Open every FoundationDB engine with apiVersion ${selected}, or run the other version in another process.`,
    cause === undefined ? undefined : { cause },
  )
}

let binding: FdbModule | undefined

/**
 * Loads the binding with a dynamic `import()` (cached after the first
 * success; a failure is retried on the next call).
 *
 * @throws FoundError 9008 (clientNotFound) explaining what to install
 */
export async function loadFdbBinding(): Promise<FdbModule> {
  if (binding !== undefined) return binding
  let ns: FdbModule & { default?: FdbModule }
  try {
    ns = (await import('foundationdb')) as FdbModule & { default?: FdbModule }
  } catch (error) {
    throw describeLoadFailure(error, process.platform, process.arch)
  }
  // A CommonJS module imported from ESM: its exports are the `default` export.
  binding = ns.default ?? ns
  return binding
}
