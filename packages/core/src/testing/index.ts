/**
 * `@foundkit/core/testing`: what a conformance suite needs to run the same
 * tests on every engine, and to check that a full garbage collection leaves
 * optimized code in place.
 *
 * @packageDocumentation
 */
export { testEngines, type EngineUnderTest, type TestEnginesOptions, type TestFaultOptions, type FaultyEngineName, type EngineFaults } from './engines.js'
export { optimizationAcrossCollection, type OptimizationProbeOptions, type OptimizationAcrossCollection } from './optimization.js'
