import { defineErrors, validationDetails } from 'faultline'
import { z } from 'zod'

/**
 * Reproduces the API errors page of a chatbot platform for agencies (seed 004): authenticated endpoints
 * answer `{ "error": { "code", "message", "requestId", "details" } }`, public endpoints only
 * `{ "error": { "code" } }` (the `nestedPublic` format). Retries: 5xx with exponential backoff
 * (1s, 2s, 4s, 8s, 16s: five attempts), 429 after exactly Retry-After seconds and then once,
 * any other 4xx never.
 */
export const format = 'nested'
export const publicFormat = 'nestedPublic'

const BACKOFF_FIVE_TIMES = { strategy: 'backoff', attempts: 5 } as const

export const planLimitDetails = z.object({
  resource: z.string(),
  limit: z.number().int().nonnegative(),
  current: z.number().int().nonnegative(),
})

export const chatbotAgencyErrors = defineErrors(
  {
    VALIDATION_ERROR: {
      status: 400,
      group: 'Status codes',
      message: 'Invalid request body',
      description: 'Body failed Zod validation or required field missing',
      details: validationDetails,
      retry: 'never',
    },
    UNAUTHENTICATED: {
      status: 401,
      group: 'Status codes',
      description: 'Missing, empty, or invalid Bearer token on /api/*',
      retry: 'never',
    },
    PLAN_LIMIT_REACHED: {
      status: 402,
      group: 'Status codes',
      title: 'Plan limit reached',
      message: ({ resource, limit }) => `Your agency has reached its plan limit of ${limit} ${resource}`,
      description: 'Agency is at its plan limit for the resource',
      resolution: 'Surface an upgrade nudge; do not retry',
      details: planLimitDetails,
      retry: 'never',
    },
    FORBIDDEN: {
      status: 403,
      group: 'Status codes',
      description: 'Token is valid but lacks access to the resource',
      retry: 'never',
    },
    NO_AGENCY: {
      status: 403,
      group: 'Status codes',
      description: 'Authenticated user has no agency attached to their profile',
      retry: 'never',
    },
    NOT_FOUND: {
      status: 404,
      group: 'Status codes',
      description: 'Resource does not exist or is soft-deleted',
      retry: 'never',
    },
    CONFLICT: {
      status: 409,
      group: 'Status codes',
      description: 'Duplicate resource (e.g., second bot for the same clientUrl)',
      retry: 'never',
    },
    RATE_LIMITED: {
      status: 429,
      group: 'Status codes',
      description: 'See Rate limits',
      retry: { strategy: 'retry-after', attempts: 1 },
    },
    INTERNAL_ERROR: {
      status: 500,
      group: 'Status codes',
      description: 'Server-side bug; retry with exponential backoff',
      retry: BACKOFF_FIVE_TIMES,
    },
    TEMPORAL_UNAVAILABLE: {
      status: 503,
      group: 'Status codes',
      description: 'Background worker (Temporal) is unreachable',
      retry: BACKOFF_FIVE_TIMES,
    },
    UPSTREAM_UNAVAILABLE: {
      status: 503,
      group: 'Status codes',
      description: 'A dependent upstream service is unreachable',
      retry: BACKOFF_FIVE_TIMES,
    },
  },
  // The page's own 503 for an unreachable dependency plays the standard "unavailable" role.
  { roles: { unavailable: 'UPSTREAM_UNAVAILABLE' } },
)

export default chatbotAgencyErrors
