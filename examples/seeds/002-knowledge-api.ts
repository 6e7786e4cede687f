import { defineErrors, validationDetails } from 'faultline'

/**
 * Reproduces the error reference of a knowledge API with lower snake_case codes (seed 002):
 * `{ "status": "error", "error": code, "message", "details": {} }`, field-level problems in an
 * `errors` array. Retry guidance is the page's: 429 after the Retry-After delay; 500, 502, 503 and
 * 504 with exponential backoff; 400, 401, 402 and 403 never.
 */
export const format = 'status'

export const knowledgeApiErrors = defineErrors({
  auth_required: {
    status: 401,
    group: 'Error codes',
    description: 'Missing or malformed API key',
    resolution: 'Provide a key via Authorization: Bearer sk_live_... or X-API-Key header.',
    retry: 'never',
  },
  key_revoked: {
    status: 401,
    group: 'Error codes',
    description: 'API key has been revoked',
    resolution: 'Generate a new key from the Organization → API Keys page.',
    retry: 'never',
  },
  key_expired: {
    status: 401,
    group: 'Error codes',
    description: 'API key is past its expiry date',
    resolution: 'Generate a new key. Set a longer expiry or "Never expires" when creating keys.',
    retry: 'never',
  },
  insufficient_scope: {
    status: 403,
    group: 'Error codes',
    description: 'Key lacks a required scope for this endpoint',
    resolution: 'Generate a new key with the required scope (query, tools, conversations, files).',
    retry: 'never',
  },
  workspace_access_denied: {
    status: 403,
    group: 'Error codes',
    description: 'Key is not scoped to the requested workspace',
    resolution: 'Either use a different key or generate one with access to this workspace.',
    retry: 'never',
  },
  rate_limit_exceeded: {
    status: 429,
    group: 'Error codes',
    description: 'Too many requests from this API key',
    resolution: 'Check the Retry-After response header for how many seconds to wait.',
    retry: 'retry-after',
  },
  quota_exceeded: {
    status: 402,
    group: 'Error codes',
    description: 'Organization compute quota exhausted',
    resolution: 'Upgrade your plan from the Billing page, or wait for quota to reset.',
    retry: 'never',
  },
  validation_error: {
    status: 400,
    group: 'Error codes',
    description: 'Missing or invalid request parameters',
    resolution: 'Check the errors array in the response body for field-level details.',
    retry: 'never',
    details: validationDetails,
  },
  workspace_required: {
    status: 400,
    group: 'Error codes',
    description: 'workspace_id parameter is required for this endpoint',
    resolution: 'Pass workspace_id as a query parameter or in the request body.',
    retry: 'never',
  },
  agent_error: {
    status: 500,
    group: 'Error codes',
    description: 'The agent encountered an error while processing your request',
    resolution: 'Transient — retry with exponential backoff. Persistent errors indicate a bug.',
    retry: 'backoff',
  },
  not_found: {
    status: 404,
    group: 'Error codes',
    description: 'The requested resource does not exist',
    resolution: 'Check the ID and workspace_id are correct.',
    retry: 'never',
  },
  internal_error: {
    status: 500,
    group: 'Error codes',
    description: 'An unexpected server-side error occurred',
    resolution: 'Retry after a short delay. If the problem persists, contact support.',
    retry: 'backoff',
  },
})

export default knowledgeApiErrors
