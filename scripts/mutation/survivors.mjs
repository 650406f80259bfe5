// `node scripts/mutation/survivors.mjs reports/mutation/<target>/mutants.jsonl`:
// the score so far of a (running or stopped) `pnpm mutate`, by file, and
// every surviving or uncovered mutant with its source line.
import { readFileSync } from 'node:fs'

const mutants = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
const byFile = new Map()
for (const m of mutants) {
  const file = m.fileName.replace(/^.*?(packages\/)/, '$1')
  if (!byFile.has(file)) byFile.set(file, [])
  byFile.get(file).push(m)
}
const score = (list) => {
  const killed = list.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length
  const survived = list.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').length
  return { killed, survived, text: `${((100 * killed) / Math.max(1, killed + survived)).toFixed(1)}% (${killed} killed or timed out, ${survived} survived or not covered)` }
}
for (const [file, list] of [...byFile].sort()) {
  const source = readFileSync(file, 'utf8').split('\n')
  console.log(`\n${file}: ${score(list).text}`)
  for (const m of list.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').sort((a, b) => a.location.start.line - b.location.start.line)) {
    const line = m.location.start.line
    console.log(`  ${m.status === 'NoCoverage' ? 'no coverage' : 'survived'} ${line}:${m.location.start.column} ${m.mutatorName}: ${source[line - 1]?.trim()}\n      => ${String(m.replacement).replace(/\s+/g, ' ').slice(0, 140)}`)
  }
}
console.log(`\ntotal: ${score(mutants).text} of ${mutants.length} tested`)
