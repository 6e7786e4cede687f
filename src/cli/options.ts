import { type FormatName, formats } from '../formats/index.js'
import type { OptionSpec } from './command.js'
import { UsageError } from './usage-error.js'

export const ENVELOPE_NAMES = Object.keys(formats) as FormatName[]

/** Options every command that reads a catalog accepts. */
export const CATALOG_OPTIONS: OptionSpec = {
  export: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
}

export const CATALOG_HELP = `  <catalog>          a .ts/.js module exporting a catalog (defineErrors), or a .json snapshot
  --export NAME      the export holding the catalog (default: the default export, else the only catalog)`

export function envelopeOption(value: string | boolean | undefined, flag: string): FormatName {
  if (value === undefined) return 'problem'
  if (typeof value !== 'string' || !(ENVELOPE_NAMES as string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${ENVELOPE_NAMES.join(', ')} (got ${String(value)})`)
  }
  return value as FormatName
}

export function stringOption(value: string | boolean | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined
}
