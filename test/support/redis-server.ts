import { type ChildProcess, spawn } from 'node:child_process'
import { connect } from 'node:net'
import { freePort } from './free-port.js'

/** A real redis-server child process on a free loopback port, for tests. Fails loudly when redis-server is missing. */
export interface RedisServer {
  readonly port: number
  readonly url: string
  /** The running server's process id (undefined while it is down). */
  readonly pid: number | undefined
  /** SIGKILL the server (simulates a crash); `start()` brings it back on the same port. */
  kill(): Promise<void>
  start(): Promise<void>
  stop(): Promise<void>
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.end()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`redis-server did not accept connections on port ${port} within ${timeoutMs} ms`)
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined

  const start = async () => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    )
    const spawnError = new Promise<never>((_, reject) =>
      proc.once('error', (err) =>
        reject(new Error(`cannot start redis-server (is it installed?): ${err.message}`)),
      ),
    )
    child = proc
    await Promise.race([waitForPort(port, 10_000), spawnError])
  }

  const kill = async () => {
    const proc = child
    child = undefined
    if (!proc || proc.exitCode !== null) return
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve())
      proc.kill('SIGKILL')
    })
  }

  await start()
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid
    },
    kill,
    start,
    stop: kill,
  }
}
