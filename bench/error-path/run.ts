import { pathToFileURL } from 'node:url'
import { runErrorPathBench } from './index.js'

/** `node --import tsx bench/error-path/run.ts [framework...]`: this part alone, printed as tables. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const frameworks = process.argv.slice(2) as never[]
  const tables = await runErrorPathBench(frameworks.length > 0 ? { frameworks } : {})
  for (const table of tables) {
    console.log(`\n${table.title}`)
    console.table(table.rows)
  }
}
