// A Stryker reporter: appends each tested mutant, as one JSON line, to the
// file FOUNDKIT_MUTATION_LOG names (set by scripts/mutate.mjs), so that a
// long run's results can be read, and survivors worked on, before it ends,
// and are not lost when it is stopped. `node scripts/mutation/survivors.mjs
// <log>` summarises one.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin'

class ProgressLog {
  constructor() {
    this.file = process.env['FOUNDKIT_MUTATION_LOG']
    if (this.file === undefined) return
    mkdirSync(dirname(this.file), { recursive: true })
    writeFileSync(this.file, '')
  }

  onMutantTested(result) {
    if (this.file === undefined) return
    const { id, fileName, mutatorName, replacement, location, status, statusReason, coveredBy, killedBy } = result
    appendFileSync(this.file, `${JSON.stringify({ id, fileName, mutatorName, replacement, location, status, statusReason, coveredBy: coveredBy?.length, killedBy })}\n`)
  }
}

export const strykerPlugins = [declareClassPlugin(PluginKind.Reporter, 'progress-log', ProgressLog)]
