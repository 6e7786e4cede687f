import { defineErrors } from 'faultline'
import { z } from 'zod'

/** The catalog every benchmark throws from: one code shaped like the example API's, details typed by Zod. */
export const benchCatalog = defineErrors({
  AGENT_NOT_FOUND: {
    status: 404,
    message: 'Agent not found',
    description: 'No agent found with the provided ID',
    details: z.object({ agentId: z.string() }),
  },
})

export const AGENT_NOT_FOUND_MESSAGE = 'Agent not found'
