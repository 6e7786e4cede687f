import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onServerCpu } from './cpu-pinning.js'
import type { ServerReport } from './server-report.js'
import type { Framework, Variant } from './variants.js'

const SERVER_SCRIPT = fileURLToPath(new URL('./server.ts', import.meta.url))
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const START_TIMEOUT_MS = 30_000
const STATS_TIMEOUT_MS = 5_000

export interface ServerStats {
  readonly cpuMicros: number
  readonly requests: number
}

/**
 * A benchmark server running in a child process. Its stderr goes to a file: the `faultline+log`
 * variant writes a line per request there, and a failed start shows the file's tail.
 */
export class ServerProcess {
  readonly #child: ChildProcess
  readonly #logDir: string
  readonly #logPath: string
  #port = 0

  private constructor(child: ChildProcess, logDir: string, logPath: string) {
    this.#child = child
    this.#logDir = logDir
    this.#logPath = logPath
  }

  static async start(framework: Framework, variant: Variant): Promise<ServerProcess> {
    const logDir = mkdtempSync(join(tmpdir(), 'faultline-bench-'))
    const logPath = join(logDir, 'stderr.log')
    const [command, args] = onServerCpu(process.execPath, [
      '--import',
      'tsx',
      SERVER_SCRIPT,
      framework,
      variant,
    ])
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', openSync(logPath, 'w'), 'ipc'],
      // Production mode, as deployed: Express's final handler hides stacks, details are not re-validated.
      env: { ...process.env, NODE_ENV: 'production' },
    })
    const server = new ServerProcess(child, logDir, logPath)
    try {
      const ready = await server.#next('ready', START_TIMEOUT_MS)
      server.#port = ready.port
    } catch (error) {
      server.stop()
      throw error
    }
    return server
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`
  }

  async stats(): Promise<ServerStats> {
    const reply = this.#next('stats', STATS_TIMEOUT_MS)
    this.#child.send('stats')
    const { cpuMicros, requests } = await reply
    return { cpuMicros, requests }
  }

  stop(): void {
    if (this.#child.connected) this.#child.disconnect()
    if (this.#child.exitCode === null) this.#child.kill()
    rmSync(this.#logDir, { recursive: true, force: true })
  }

  #next<T extends ServerReport['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<ServerReport, { type: T }>> {
    const child = this.#child
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer)
        child.off('message', onMessage)
        child.off('exit', onExit)
      }
      const onMessage = (message: ServerReport) => {
        if (message.type !== type) return
        done()
        resolve(message as Extract<ServerReport, { type: T }>)
      }
      const onExit = (code: number | null) => {
        done()
        reject(new Error(`server exited with code ${code}: ${this.#logTail()}`))
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`no ${type} report within ${timeoutMs} ms: ${this.#logTail()}`))
      }, timeoutMs)
      child.on('message', onMessage)
      child.on('exit', onExit)
    })
  }

  #logTail(): string {
    try {
      return readFileSync(this.#logPath, 'utf8').slice(-2000).trim() || '(no output)'
    } catch {
      return '(no output)'
    }
  }
}
