import { z } from 'zod'
import { defineErrors, standardErrors } from '../../src/index.js'

const errors = defineErrors({
  ...standardErrors,
  AGENT_NOT_FOUND: {
    status: 404,
    group: 'Agents',
    message: 'Agent not found',
    details: z.object({ agentId: z.string() }),
  },
  PLAN_LIMIT_REACHED: {
    status: 402,
    message: ({ resource, limit }) => `Your plan allows ${limit} ${resource}`,
    details: z.object({ resource: z.string(), limit: z.number() }),
  },
  PLAIN: { status: 400 },
})
const e = errors.create('AGENT_NOT_FOUND', { details: { agentId: 'a' } })
const id: string = e.details.agentId
const p = errors.PLAN_LIMIT_REACHED({ details: { resource: 'agents', limit: 3 } })
const n: number = p.details.limit
errors.create('PLAIN')
errors.NOT_FOUND()
errors.VALIDATION_ERROR({ details: { issues: [] } })
// @ts-expect-error unknown code
errors.create('NOPE')
// @ts-expect-error wrong details type
errors.create('AGENT_NOT_FOUND', { details: { agentId: 1 } })
// @ts-expect-error details required
errors.create('AGENT_NOT_FOUND')
const x: unknown = e
if (errors.is(x)) {
  if (x.code === 'PLAN_LIMIT_REACHED') {
    const l: number = x.details.limit
    void l
  }
}
void id
void n
