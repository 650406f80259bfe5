/**
 * `@foundkit/core/testing`: what a conformance suite needs to run the same
 * tests on every engine.
 *
 * @packageDocumentation
 */
export { testEngines, type EngineUnderTest, type TestEnginesOptions, type TestFaultOptions, type FaultyEngineName, type EngineFaults } from './engines.js'
