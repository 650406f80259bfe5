// A Stryker ignorer: leaves out mutants of error-message text (string and
// template literals passed to `new SomethingError(...)`). Changing a message
// cannot change behaviour that a caller relies on (codes, conditions, bounds
// and arithmetic are still mutated), and pinning every message word by word
// in tests would make them brittle. Used by stryker.config.mjs.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin'

/** Whether `path` is (inside) an argument of `new XxxError(...)`. */
function inErrorMessage(path) {
  for (let p = path; p.parentPath; p = p.parentPath) {
    const parent = p.parentPath
    if (parent.isNewExpression()) {
      const callee = parent.node.callee
      return callee.type === 'Identifier' && /Error$/.test(callee.name) && parent.node.arguments.includes(p.node)
    }
    if (parent.isStatement() || parent.isFunction()) return false
  }
  return false
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'error-messages', {
    shouldIgnore(path) {
      if (!(path.isStringLiteral() || path.isTemplateLiteral())) return undefined
      return inErrorMessage(path) ? 'error-message text (left out by configuration: see scripts/mutation/error-messages.mjs)' : undefined
    },
  }),
]
