import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ContenderTask, RaceSummary } from './contender-task.js'

/** Starts `contender.ts` in its own Node process (tsx loader), for the cross-process tests. */

const script = fileURLToPath(new URL('./contender.ts', import.meta.url))

export function spawnContender(task: ContenderTask): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(task)], {
    stdio: ['pipe', 'pipe', 'pipe'],
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

/** Runs `race` contenders side by side: waits until all are ready, starts them together, returns their summaries. */
export async function runRaces(tasks: readonly ContenderTask[], timeoutMs = 30_000): Promise<RaceSummary[]> {
  const racers = tasks.map((task) => spawnContender(task))
  const deadline = Date.now() + timeoutMs
  try {
    while (!racers.every((racer) => racer.output().includes('ready'))) {
      const dead = racers.find((racer) => racer.child.exitCode !== null)
      if (dead !== undefined) throw new Error(`a racer exited before the start: ${dead.output()}`)
      if (Date.now() > deadline) throw new Error('racers were not ready in time')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    for (const racer of racers) racer.child.stdin?.write('go\n')
    const codes = await Promise.all(
      racers.map(
        (racer) =>
          new Promise<number | null>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`racer did not finish in time: ${racer.output()}`)),
              Math.max(1, deadline - Date.now()),
            )
            const finish = () => {
              clearTimeout(timer)
              resolve(racer.child.exitCode)
            }
            if (racer.child.exitCode !== null) finish()
            else racer.child.once('exit', finish)
          }),
      ),
    )
    return racers.map((racer, index) => {
      if (codes[index] !== 0) throw new Error(`racer exited with ${codes[index]}: ${racer.output()}`)
      return JSON.parse(racer.output().replace('ready', '').trim()) as RaceSummary
    })
  } finally {
    await Promise.all(racers.map((racer) => killHard(racer.child)))
  }
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
