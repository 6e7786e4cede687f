import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'

/**
 * On a 2-core machine the load generator and the server take turns on the same cores, and a server's
 * CPU time per request swings by a fifth between identical runs. Where `taskset` exists, the benchmark
 * process (the load generator) keeps CPU 0 and every server runs on CPU 1: each has a core of its own.
 */
const canPin =
  process.platform === 'linux' &&
  availableParallelism() >= 2 &&
  spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0

const SERVER_CPU = 1
const LOAD_CPU = 0

function setOwnCpus(list: string): boolean {
  const pid = String(process.pid)
  return spawnSync('taskset', ['-a', '-p', '-c', list, pid], { stdio: 'ignore' }).status === 0
}

/**
 * Pins this process (all its threads) to the load generator's CPU while `work` runs, then gives it
 * every CPU back (later parts start servers, such as redis-server, that inherit the affinity).
 */
export async function withPinnedLoadGenerator<T>(work: () => Promise<T>): Promise<T> {
  const pinned = canPin && setOwnCpus(String(LOAD_CPU))
  try {
    return await work()
  } finally {
    if (pinned) setOwnCpus(`0-${availableParallelism() - 1}`)
  }
}

/** The command that starts a server process on the server's CPU (unchanged where pinning is unavailable). */
export function onServerCpu(command: string, args: readonly string[]): [string, string[]] {
  if (!canPin) return [command, [...args]]
  return ['taskset', ['-c', String(SERVER_CPU), command, ...args]]
}

/** Moves a running server (redis-server) onto the server's CPU; false where pinning is unavailable. */
export function pinToServerCpu(pid: number | undefined): boolean {
  if (!canPin || pid === undefined) return false
  return (
    spawnSync('taskset', ['-a', '-p', '-c', String(SERVER_CPU), String(pid)], { stdio: 'ignore' }).status ===
    0
  )
}

export function describePinning(): string {
  return canPin
    ? `load generator on CPU ${LOAD_CPU}, each server on CPU ${SERVER_CPU} (taskset)`
    : 'processes not pinned (taskset unavailable)'
}
