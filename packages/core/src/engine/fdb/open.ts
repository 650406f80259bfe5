/**
 * `openFdbEngine`: loads the `foundationdb` binding on first use, selects the
 * API version, opens the database handle and wraps it as a foundkit engine.
 *
 * @module
 */
import type { Engine } from '../types.js'
import { FdbEngine } from './engine.js'
import { toFoundError } from './error-map.js'
import { apiVersionAlreadySet, describeApiVersionFailure, loadFdbBinding } from './load.js'
import { resolveFdbEngineOptions, type FdbEngineOptions } from './options.js'

/** The API version this process selected through foundkit, once it has. */
let selectedApiVersion: number | undefined

/**
 * Checks a requested API version against the one already selected in this
 * process (FoundationDB allows one selection per process).
 *
 * @throws FoundError 2201 (api_version_already_set) when they differ
 * @internal
 */
export function checkApiVersionSelection(selected: number | undefined, requested: number): void {
  if (selected !== undefined && selected !== requested) throw apiVersionAlreadySet(selected, requested)
}

/**
 * Opens a FoundationDB cluster as a foundkit engine (`kind` "fdb").
 *
 * The `foundationdb` npm package is loaded here, with a dynamic `import()`,
 * the first time this is called: importing `@foundkit/core` never loads it.
 * Opening does not contact the cluster; the first transaction does (with no
 * `timeout`, a transaction on an unreachable cluster waits until one is
 * reachable).
 *
 * @example
 * ```ts
 * const engine = await openFdbEngine({ clusterFile: '/etc/foundationdb/fdb.cluster' })
 * ```
 * @throws FoundError 9008 (clientNotFound) when the binding or the
 *   FoundationDB client library cannot be loaded, with what to install;
 *   2203 (api_version_not_supported) for an API version the binding or the
 *   client does not support; 2201 (api_version_already_set) when this
 *   process already selected another API version; the client's error (1515
 *   no_cluster_file_found, 2104 connection_string_invalid, ...) when the
 *   database cannot be opened
 */
export async function openFdbEngine(options: FdbEngineOptions = {}): Promise<Engine> {
  const resolved = resolveFdbEngineOptions(options, process.env)
  checkApiVersionSelection(selectedApiVersion, resolved.apiVersion)
  const fdb = await loadFdbBinding()
  checkApiVersionSelection(selectedApiVersion, resolved.apiVersion)
  if (selectedApiVersion === undefined) {
    try {
      fdb.setAPIVersion(resolved.apiVersion)
    } catch (error) {
      throw describeApiVersionFailure(error, resolved.apiVersion)
    }
    selectedApiVersion = resolved.apiVersion
  }
  let db: ReturnType<typeof fdb.open>
  try {
    // The network thread starts on the first open; the binding stops it when
    // the process exits. Raw bytes in and out: no key or value encoder.
    db = fdb.open(resolved.clusterFile)
  } catch (error) {
    throw toFoundError(error, `opening the FoundationDB database (cluster file: ${resolved.clusterFile ?? 'default'})`)
  }
  if (resolved.maxWatches !== undefined) db.setNativeOptions({ max_watches: resolved.maxWatches })
  return new FdbEngine(db, resolved.transaction)
}
