import { defineErrors, validationDetails } from 'faultline'

/**
 * Reproduces the error reference of an agent payments API (seed 003): on error `data` is null, `meta`
 * carries `requestId` and `timestamp`, and `errors` holds one `{ code, message, field }` object per
 * problem. The page gives each code a status and a description (the message the client sees).
 */
export const format = 'list'

export const agentPaymentsErrors = defineErrors({
  VALIDATION_ERROR: {
    status: 400,
    group: 'Error codes',
    description: 'Request body failed schema validation',
    details: validationDetails,
  },
  UNAUTHORIZED: { status: 401, group: 'Error codes', description: 'Missing or invalid API key' },
  FORBIDDEN: { status: 403, group: 'Error codes', description: 'Valid key but insufficient permissions' },
  NOT_FOUND: { status: 404, group: 'Error codes', description: 'Resource does not exist' },
  INSUFFICIENT_FUNDS: {
    status: 402,
    group: 'Error codes',
    description: 'Wallet balance too low for the transaction',
  },
  DELEGATION_EXCEEDED: {
    status: 403,
    group: 'Error codes',
    description: 'Transaction exceeds delegation rules',
  },
  HUMAN_APPROVAL_REQUIRED: {
    status: 403,
    group: 'Error codes',
    description: 'Transaction requires human approval',
  },
  LIMIT_EXCEEDED: {
    status: 400,
    group: 'Error codes',
    description: 'Resource limit reached (e.g., 20 agents/account, 50 services/agent)',
  },
  RATE_LIMITED: { status: 429, group: 'Error codes', description: 'Too many requests' },
  INVALID_STATE_TRANSITION: {
    status: 409,
    group: 'Error codes',
    description: 'Operation not valid for the current transaction state',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    group: 'Error codes',
    description: 'A request with this Idempotency-Key is currently in flight',
  },
  IDEMPOTENCY_MISMATCH: {
    status: 422,
    group: 'Error codes',
    description: 'Idempotency-Key reused with different parameters',
  },
  SCHEMA_VALIDATION_FAILED: {
    status: 400,
    group: 'Error codes',
    description: 'Service input/output failed JSON Schema validation',
  },
  INTERNAL_ERROR: { status: 500, group: 'Error codes', description: 'Unexpected server error' },
})

export default agentPaymentsErrors
