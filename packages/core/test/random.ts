/**
 * A seeded source of numbers in [0, 1) (mulberry32): tests that draw random
 * data with it reproduce exactly from their seed. The same generator as the
 * fault injection's.
 */
export { seededRandom } from '../src/engine/faults/random.js'
