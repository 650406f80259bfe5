// A Stryker ignorer: leaves out mutants of error-message text. Changing a
// message cannot change behaviour a caller relies on (codes, conditions,
// bounds and arithmetic are all still mutated), and pinning every message
// word by word in tests would make them brittle. Two shapes carry message
// text in this codebase:
// - string and template literals passed to `new SomethingError(...)`;
// - the `what` argument of the `require*` argument checks
//   (`requireBytes(value, 'pack: key')`) and of `tx.checkWritable('set')`,
//   which only ever enters a message.
// Used by stryker.config.mjs.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin'

/** Whether `path` is (inside) an argument of `new XxxError(...)` or of a `requireXxx(...)` / `checkWritable(...)` check. */
function inErrorMessage(path) {
  for (let p = path; p.parentPath; p = p.parentPath) {
    const parent = p.parentPath
    if (parent.isNewExpression() || parent.isCallExpression()) {
      const callee = parent.node.callee
      const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && callee.property.type === 'Identifier' ? callee.property.name : ''
      const carriesMessage = parent.isNewExpression() ? /Error$/.test(name) : /^(require[A-Z]|checkWritable$)/.test(name)
      if (carriesMessage && parent.node.arguments.includes(p.node)) return true
      if (parent.isNewExpression()) return false
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
