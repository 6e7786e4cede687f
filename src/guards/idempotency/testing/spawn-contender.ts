import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ContenderTask, RaceSummary } from './contender-task.js'

/** Starts `contender.ts` in its own Node process (tsx loader), for the cross-process tests. */

const script = fileURLToPath(new URL('./contender.ts', import.meta.url))

export function spawnContender(task: ContenderTask): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  let errors = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString()
  })
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal === null) output += `\nexit ${code}: ${errors}`
  })
  return { child, output: () => output }
}

/** Runs a `race` contender to its end and returns its summary. */
export async function runRace(task: ContenderTask, timeoutMs = 30_000): Promise<RaceSummary> {
  const { child, output } = spawnContender(task)
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`contender did not finish within ${timeoutMs} ms: ${output()}`))
    }, timeoutMs)
    child.once('exit', (exitCode) => {
      clearTimeout(timer)
      resolve(exitCode)
    })
  })
  if (code !== 0) throw new Error(`contender exited with ${code}: ${output()}`)
  return JSON.parse(output().trim()) as RaceSummary
}

/** Starts a `hold` contender and resolves once it reports holding the lease. */
export async function startHolder(task: ContenderTask, timeoutMs = 15_000): Promise<ChildProcess> {
  const { child, output } = spawnContender(task)
  const deadline = Date.now() + timeoutMs
  while (!output().includes('claimed')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL')
      throw new Error(`holder did not claim the key: ${output()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return child
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}
