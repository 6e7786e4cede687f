import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port.js'

/** The example API as a separate process on a free loopback port, the way a consumer meets it. */
export interface ExampleProcess {
  readonly baseUrl: string
  readonly port: number
  readonly databaseFile: string
  /** Every line the server printed (its error log is one JSON object per line). */
  readonly lines: string[]
  /** The parsed JSON log lines. */
  logs(): Array<Record<string, unknown>>
  stop(signal?: NodeJS.Signals): Promise<void>
}

const REPO = new URL('../..', import.meta.url).pathname

export async function startExample(
  env: Record<string, string> = {},
  databaseFile?: string,
): Promise<ExampleProcess> {
  const port = await freePort()
  const file = databaseFile ?? join(mkdtempSync(join(tmpdir(), 'agents-api-')), 'agents.db')
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', 'examples/agents-api/main.ts'],
    {
      cwd: REPO,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_FILE: file, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  const lines: string[] = []
  let pending = ''
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8')
    const parts = pending.split('\n')
    pending = parts.pop() ?? ''
    lines.push(...parts)
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(
      () => reject(new Error(`example did not start:\n${lines.join('\n')}`)),
      30_000,
    )
    const check = () => {
      if (lines.some((line) => line.includes('listening on'))) {
        clearTimeout(deadline)
        child.stdout!.off('data', check)
        resolve()
      }
    }
    child.stdout!.on('data', check)
    child.once('exit', (code) => {
      clearTimeout(deadline)
      reject(new Error(`example exited with ${code}:\n${lines.join('\n')}`))
    })
  })
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    databaseFile: file,
    lines,
    logs: () =>
      lines.flatMap((line) => {
        if (!line.startsWith('{')) return []
        try {
          return [JSON.parse(line) as Record<string, unknown>]
        } catch {
          return []
        }
      }),
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill(signal)
      }),
  }
}
