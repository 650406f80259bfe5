export { requireKnownOptions } from './known.js'
