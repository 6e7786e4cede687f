import { parseArgs } from 'node:util'
import type { Command, CommandIo } from './command.js'
import { checkCommand } from './commands/check.js'
import { codegenCommand } from './commands/codegen.js'
import { diffCommand } from './commands/diff.js'
import { docsCommand } from './commands/docs.js'
import { openapiCommand } from './commands/openapi.js'
import { snapshotCommand } from './commands/snapshot.js'
import { EXIT } from './exit-codes.js'
import { UsageError } from './usage-error.js'

const COMMANDS: readonly Command[] = [
  docsCommand,
  openapiCommand,
  snapshotCommand,
  diffCommand,
  checkCommand,
  codegenCommand,
]

const MAIN_HELP = `Usage: faultline <command> [options]

The contract side of a Faultline error catalog.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run \`faultline <command> --help\` for a command's options.

Exit codes: 0 ok, 1 breaking changes (diff) or lint errors (check), 2 usage or input error.
`

const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr, never a stack trace. */
export async function runCli(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(MAIN_HELP)
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const command = COMMANDS.find((c) => c.name === name)
  try {
    if (!command)
      throw new UsageError(`unknown command ${name} (commands: ${COMMANDS.map((c) => c.name).join(', ')})`)
    const { values, positionals } = parseCommandArgs(command, rest)
    if (values.help) {
      io.stdout(command.help)
      return EXIT.ok
    }
    if (positionals.length !== command.positionals.length) {
      const expected = command.positionals.map((p) => `<${p}>`).join(' ')
      throw new UsageError(`${command.name} takes ${expected} (run faultline ${command.name} --help)`)
    }
    return await command.run({ values, positionals }, io)
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error)
    io.stderr(`faultline: ${message}\n`)
    if (process.env.FAULTLINE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`)
    // Bad flags, a missing file, a module without a catalog, an invalid catalog: all input the user must fix.
    return EXIT.usage
  }
}

function parseCommandArgs(command: Command, args: readonly string[]) {
  try {
    const parsed = parseArgs({
      args: [...args],
      options: command.options,
      allowPositionals: true,
      strict: true,
    })
    return {
      values: parsed.values as Record<string, string | boolean | undefined>,
      positionals: parsed.positionals,
    }
  } catch (error) {
    // node:util reports unknown flags with a multi-line hint; the first line says it.
    throw new UsageError(
      `${command.name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    )
  }
}
