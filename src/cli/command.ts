import type { ParseArgsConfig } from 'node:util'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface CommandInput {
  readonly positionals: readonly string[]
  readonly values: Readonly<Record<string, string | boolean | undefined>>
}

/** Where a command writes: stdout for results, stderr for notes. */
export interface CommandIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
}

export interface Command {
  readonly name: string
  readonly summary: string
  /** The full `--help` text. */
  readonly help: string
  readonly options: OptionSpec
  /** How many positional arguments it takes (exactly). */
  readonly positionals: readonly string[]
  run(input: CommandInput, io: CommandIo): Promise<number>
}
