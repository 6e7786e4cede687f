import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { CommandIo } from './command.js'

/** Writes a result to `--out FILE` (creating its folder), else to stdout. */
export function writeResult(text: string, out: string | undefined, io: CommandIo): void {
  const body = text.endsWith('\n') ? text : `${text}\n`
  if (out === undefined) {
    io.stdout(body)
    return
  }
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, body)
  io.stderr(`wrote ${out}\n`)
}
