#!/usr/bin/env node
// The `faultline` command. In a source checkout it runs the TypeScript directly through tsx, so the
// command never lags behind the code; an installed package (no src/) runs its compiled CLI.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const source = new URL('../src/cli/main.ts', import.meta.url)
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api')
  register()
  await import(source.href)
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href)
}
