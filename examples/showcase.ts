/**
 * Faultline in one screen: a catalog, a typed throw and catch, normalization of whatever a handler
 * throws, and one error in every envelope format.
 *
 *   node --conditions=source --import tsx examples/showcase.ts
 */
import { defineErrors, formats, normalize, publicMessage, standardErrors } from 'faultline'
import { z } from 'zod'

// 1. The catalog: every error the API can return, defined once.
const errors = defineErrors({
  ...standardErrors,
  AGENT_NOT_FOUND: {
    status: 404,
    group: 'Agents',
    message: 'Agent not found',
    description: 'No agent found with the provided ID',
    resolution: 'Check the agent ID',
    details: z.object({ agentId: z.string() }),
  },
  PLAN_LIMIT_REACHED: {
    status: 402,
    group: 'Billing',
    message: ({ resource, limit }) => `Your plan allows ${limit} ${resource}`,
    description: 'The account is at its plan limit for the resource',
    resolution: 'Upgrade the plan; retrying will not help',
    details: z.object({ resource: z.string(), limit: z.number() }),
  },
})

const heading = (text: string) => console.log(`\n=== ${text} ===`)

/** Pretty JSON with short arrays of plain values (issue paths) kept on one line. */
const pretty = (value: unknown) =>
  JSON.stringify(value, null, 2).replace(
    /\[\n\s+([^[\]{}]*?)\n\s+\]/g,
    (_, inner: string) => `[${inner.split(/,\n\s+/).join(', ')}]`,
  )

// 2. Throw with typed details; catch and narrow on the code.
heading('Throw and catch')
function createAgent(existing: number) {
  if (existing >= 3) throw errors.PLAN_LIMIT_REACHED({ details: { resource: 'agents', limit: 3 } })
}
try {
  createAgent(3)
} catch (caught) {
  if (errors.is(caught, 'PLAN_LIMIT_REACHED')) {
    console.log(`${caught.code} ${caught.status}: ${caught.message}`)
    console.log(`  details.limit is a number: ${caught.details.limit}; retry: ${caught.retry.strategy}`)
  }
}

// 3. Normalize anything a handler might throw into an error of the catalog.
heading('Normalize what handlers throw')
const signup = z.object({ email: z.email(), name: z.string().min(1) })
const thrown: Array<[string, unknown]> = [
  ['an Error', new Error('connect ECONNREFUSED 10.0.0.7:5432')],
  ['a Zod failure', signup.safeParse({ email: 'not-an-email', name: '' }).error],
  ['a string', 'something odd happened'],
]
for (const [what, value] of thrown) {
  const error = normalize(value, errors)
  console.log(`${what.padEnd(14)} → ${error.code} ${error.status}: ${publicMessage(error)}`)
}

// 4. One error, every envelope: the client parses each back to the same code and details.
heading('The Zod failure in every format')
const validation = normalize(thrown[1]![1], errors)
const context = { requestId: 'req_7f3a', instance: '/signup', timestamp: '2026-03-07T12:00:00.000Z' }
for (const [name, format] of Object.entries(formats)) {
  const { status, headers, body } = format.render(validation, context)
  console.log(`\n── ${name}: ${status} ${headers['content-type']}`)
  console.log(pretty(body))
}
