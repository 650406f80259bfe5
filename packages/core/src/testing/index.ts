/**
 * `@foundkit/core/testing`: what a conformance suite needs to run the same
 * tests on every engine.
 *
 * @packageDocumentation
 */
export { testEngines, type EngineUnderTest } from './engines.js'
