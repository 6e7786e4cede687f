import { runCli } from './run.js'

// The `faultline` command (bin/faultline.js): exitCode rather than exit() so piped output is flushed first.
process.exitCode = await runCli(process.argv.slice(2))
