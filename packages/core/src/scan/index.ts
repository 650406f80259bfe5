/**
 * Resumable scans: {@link scanPage} reads one page and a continuation;
 * {@link scanAll} reads any number of keys across transactions.
 *
 * @module
 */
export { scanPage } from './page.js'
export { scanAll, Scan } from './all.js'
export type { ScanPage, ScanPageOptions, ScanOptions, ScanStats } from './types.js'
