import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { listenExpress } from './apps/express.js'
import { listenFastify } from './apps/fastify.js'
import { listenHono } from './apps/hono.js'
import type { ServerReport } from './server-report.js'
import { type Framework, isFramework, isVariant, type Variant } from './variants.js'

/**
 * One benchmark server in its own process: `server.ts <framework> <variant>`. It listens on a free
 * loopback port, reports the port over IPC, answers each `stats` message with its CPU time and request
 * count, and exits when the parent disconnects.
 */

const LISTEN: Record<Framework, (variant: Variant) => Promise<Server>> = {
  express: listenExpress,
  fastify: listenFastify,
  hono: listenHono,
}

const [framework, variant] = process.argv.slice(2)
if (!isFramework(framework) || !isVariant(variant) || process.send === undefined) {
  console.error('usage (with an IPC channel): server.ts <express|fastify|hono> <variant>')
  process.exit(2)
}
const send = process.send.bind(process)

const server = await LISTEN[framework](variant)
let requests = 0
// Counted at the socket layer, the same way for every framework.
server.on('request', () => {
  requests++
})

process.on('message', (message) => {
  if (message !== 'stats') return
  const cpu = process.cpuUsage()
  send({ type: 'stats', cpuMicros: cpu.user + cpu.system, requests } satisfies ServerReport)
})
process.on('disconnect', () => {
  server.close()
  process.exit(0)
})
send({ type: 'ready', port: (server.address() as AddressInfo).port } satisfies ServerReport)
