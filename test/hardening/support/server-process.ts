import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** What a server child reports about itself over IPC. */
export interface ServerProbe {
  readonly heapUsed: number
  readonly polluted: unknown
  readonly prototypeIntact: boolean
  readonly events: {
    readonly total: number
    readonly started: number
    readonly byCode: Record<string, number>
  }
}

export interface ServerProcess {
  readonly port: number
  readonly url: string
  readonly pid: number
  /** Everything the child wrote to stderr (its logs), for leak checks of what clients never see. */
  stderr(): string
  probe(): Promise<ServerProbe>
  /** Whether the process is still running. */
  alive(): boolean
  /** SIGKILL: a crash, nothing flushed. */
  kill(): Promise<void>
  /** SIGTERM, then SIGKILL if it lingers. */
  stop(): Promise<void>
}

const FIXTURE = fileURLToPath(new URL('./adapter-server.fixture.ts', import.meta.url))

/**
 * Starts a server child (`--expose-gc`, TypeScript through tsx, `source` export condition) with the
 * given environment, and resolves once it listens. `script` defaults to the adapter fixture.
 */
export async function startServerProcess(
  env: Readonly<Record<string, string>>,
  script: string = FIXTURE,
  timeoutMs = 30_000,
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--conditions=source', '--import', 'tsx', script],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 2_000_000) stderr += chunk.toString('utf8')
  })
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start within ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    )
    child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type === 'ready' && typeof message.port === 'number') {
        clearTimeout(timer)
        resolve(message.port)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening: ${stderr}`))
    })
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const alive = () => child.exitCode === null && child.signalCode === null

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stderr: () => stderr,
    alive,
    probe() {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('probe timed out')), 10_000)
        const onMessage = (message: { type?: string } & ServerProbe) => {
          if (message?.type !== 'probe') return
          clearTimeout(timer)
          child.off('message', onMessage)
          resolve(message)
        }
        child.on('message', onMessage)
        child.send('probe')
      })
    },
    async kill() {
      if (!alive()) return
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (!alive()) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
      await exited
      clearTimeout(timer)
    },
  }
}
