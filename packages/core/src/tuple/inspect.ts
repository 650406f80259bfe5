/**
 * Node's `util.inspect.custom` symbol, without importing `node:util`: the
 * published types must not need `@types/node` (Node registers the symbol
 * under this global name, so `Symbol.for` gives the same one). @internal
 */
export const inspectCustom: unique symbol = Symbol.for('nodejs.util.inspect.custom') as never
