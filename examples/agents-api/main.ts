import { serve } from '@hono/node-server'
import { clientErrorHandler } from 'faultline/hono'
import { createApp } from './app.js'
import { readConfig } from './config.js'
import { DEMO_DEFAULT_AGENT, DEMO_KEYS, DEMO_WORKSPACE, openDatabase } from './db.js'
import { errors } from './errors.js'
import { startModelServer } from './model-server.js'
import { createGuards } from './stores.js'

/** Starts the example API: `npm start`. Prints where to look and a few curl lines worth running. */
async function main() {
  const config = readConfig()
  const db = openDatabase(config.databaseFile)
  const model = config.modelUrl ? undefined : await startModelServer()
  const modelUrl = config.modelUrl ?? model!.url
  const guards = createGuards(config, db)
  const baseUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`
  const app = createApp({
    db,
    modelUrl,
    chatBudgetMs: config.chatBudgetMs,
    limiter: guards.limiter,
    idempotencyGuard: guards.idempotencyGuard,
    quota: guards.quota,
    outgoing: guards.outgoing,
    allowedSiteHosts: config.allowedSiteHosts,
    baseUrl,
  })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${info.port}`
    const ws = `${base}/v1/workspaces/${DEMO_WORKSPACE}`
    const key = `-H 'Authorization: Bearer ${DEMO_KEYS.owner}'`
    process.stdout.write(
      [
        `Agents API listening on ${base}  (store: ${guards.storeName}, database: ${config.databaseFile}, model: ${modelUrl})`,
        '',
        `  Error reference   ${base}/docs/errors`,
        `  OpenAPI           ${base}/openapi.json`,
        '',
        'Errors worth seeing:',
        `  curl -i ${ws}/agents                                   # 401 UNAUTHORIZED`,
        `  curl -i ${ws}/agents -H 'X-API-Key: ${DEMO_KEYS.revoked}'   # 401 TOKEN_REVOKED`,
        `  curl -i ${ws}/agents/agt_missing ${key}   # 404 AGENT_NOT_FOUND`,
        `  curl -i -X POST ${ws}/agents ${key} -H 'Content-Type: application/json' -d '{"name":"","identifier":"Bad Id"}'   # 400 VALIDATION_ERROR`,
        `  curl -i -X DELETE ${ws}/agents/${DEMO_DEFAULT_AGENT} ${key}   # 400 DEFAULT_AGENT_UNDELETABLE`,
        `  curl -i -X POST ${ws}/chat ${key} -H 'Content-Type: application/json' -d '{"prompt":"hi","model":"slow-1","maxTokens":5000}'   # 504 CHAT_TIMEOUT (after the budget)`,
        `  curl -i ${base}/v1/public/agents/agt_missing   # 404 in the reduced public shape`,
        '',
      ].join('\n'),
    )
  })
  // Requests node's parser refuses (a bad Content-Length, a broken chunk) still get the catalog's envelope.
  server.on('clientError', clientErrorHandler({ catalog: errors, format: 'problem' }))
  const shutdown = () => {
    server.close()
    void model?.close()
    void guards.close()
    db.close()
    process.exit(0)
  }
  process.once('SIGINT', shutdown)
  process.once('SIGTERM', shutdown)
}

main().catch((failure: unknown) => {
  process.stderr.write(
    `agents-api failed to start: ${failure instanceof Error ? failure.message : String(failure)}\n`,
  )
  process.exit(1)
})
