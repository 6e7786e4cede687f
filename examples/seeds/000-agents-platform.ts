import { defineErrors, validationDetails } from 'faultline'

/**
 * Reproduces the error reference of an agents platform (seed 000): every error is
 * `{ "error": message, "code": CODE, "statusCode": status }`, codes in sections from
 * "Authentication Errors" to "Workspace Errors", each with a description and a resolution.
 * The description is the message the client sees (the page's envelope example calls it
 * "Human-readable error description").
 */
export const format = 'flat'

export const agentsPlatformErrors = defineErrors(
  {
    UNAUTHORIZED: {
      status: 401,
      group: 'Authentication Errors',
      description: 'No valid authentication token provided',
      resolution: 'Sign in again; the JWT may have expired',
    },
    TOKEN_EXPIRED: {
      status: 401,
      group: 'Authentication Errors',
      description: 'The JWT has expired',
      resolution: 'Refresh the page to obtain a new token',
    },
    TOKEN_REVOKED: {
      status: 401,
      group: 'Authentication Errors',
      description: 'The JWT has been revoked (logout from another device)',
      resolution: 'Sign in again',
    },
    INVALID_TOKEN: {
      status: 401,
      group: 'Authentication Errors',
      description: 'The token is malformed or invalid',
      resolution: 'Clear cookies and sign in again',
    },
    ADMIN_REQUIRED: {
      status: 403,
      group: 'Authentication Errors',
      description: 'The endpoint requires admin privileges',
      resolution: 'Only admin users can access this endpoint',
    },
    TERMS_NOT_ACCEPTED: {
      status: 403,
      group: 'Authentication Errors',
      description: 'User has not accepted the terms of service',
      resolution: 'Call POST /auth/accept-terms first',
    },

    RATE_LIMITED: {
      status: 429,
      group: 'Rate Limiting Errors',
      description: 'Too many requests in the time window',
      resolution: 'Wait and retry; check the Retry-After header',
    },
    OUTGOING_RATE_LIMITED: {
      status: 429,
      group: 'Rate Limiting Errors',
      description: 'Too many outgoing tool calls to a site (10/min per domain)',
      resolution: 'Wait 60 seconds before retrying',
    },

    NO_CREDITS: {
      status: 402,
      group: 'Credit and Billing Errors',
      description: 'Insufficient credit balance for the requested operation',
      resolution: 'Purchase credits or enable auto top-up on the Billing page',
    },
    NO_PAYMENT_METHOD: {
      status: 402,
      group: 'Credit and Billing Errors',
      description: 'No payment method on file for a purchase',
      resolution: 'Add a card on the Billing page',
    },
    PAYMENT_FAILED: {
      status: 402,
      group: 'Credit and Billing Errors',
      description: 'The payment charge was declined',
      resolution: 'Check your card details or use a different payment method',
    },
    SUBSCRIPTION_PAST_DUE: {
      status: 402,
      group: 'Credit and Billing Errors',
      description: 'Subscription payment is overdue',
      resolution: 'Update your payment method on the Billing page',
    },

    TIER_REQUIRED: {
      status: 403,
      group: 'Tier and Access Errors',
      description: 'The feature requires a higher subscription tier',
      resolution: 'Upgrade your plan on the Billing page',
    },
    FEATURE_LIMIT_REACHED: {
      status: 403,
      group: 'Tier and Access Errors',
      description: 'You have reached the limit for this feature on your tier (e.g., max agents, max sites)',
      resolution: 'Upgrade to a higher tier or remove unused items',
    },
    WORKSPACE_REQUIRED: {
      status: 403,
      group: 'Tier and Access Errors',
      description: 'The operation requires a Team plan workspace',
      resolution: 'Upgrade to the Team plan',
    },

    INVALID_SESSION: {
      status: 400,
      group: 'Session Errors',
      description: 'The session token is invalid or expired',
      resolution: 'Create a new session via POST /sessions',
    },
    SESSION_NOT_FOUND: {
      status: 404,
      group: 'Session Errors',
      description: 'No session found with the provided token',
      resolution: 'The session may have expired; create a new one',
    },
    SESSION_EXPIRED: {
      status: 410,
      group: 'Session Errors',
      description: 'The session has expired',
      resolution: 'Create a new session',
    },

    CHAT_TIMEOUT: {
      status: 504,
      group: 'Chat Errors',
      description: 'The AI response took too long (90-second timeout)',
      resolution: 'Try again with a simpler prompt or a faster model',
    },
    STREAM_ABORTED: {
      status: 499,
      group: 'Chat Errors',
      description: 'The client disconnected during streaming',
      resolution: 'No action needed; the partial response is not saved',
    },
    MODEL_ERROR: {
      status: 502,
      group: 'Chat Errors',
      description: 'The AI provider returned an error',
      resolution: 'Try a different model or wait and retry',
    },
    TOOL_EXECUTION_ERROR: {
      status: 502,
      group: 'Chat Errors',
      description: 'A tool call to an external site failed',
      resolution: "Check the site's status; the tool endpoint may be down",
    },

    TOKEN_EXISTS: {
      status: 409,
      group: 'Vault Errors',
      description: 'A token for this site already exists in the vault',
      resolution: 'Use PATCH to update the existing token, or delete it first',
    },
    VAULT_LIMIT_REACHED: {
      status: 403,
      group: 'Vault Errors',
      description: 'Maximum sites in vault reached for your tier',
      resolution: 'Remove unused sites or upgrade your plan',
    },
    MANIFEST_NOT_FOUND: {
      status: 404,
      group: 'Vault Errors',
      description: 'Could not fetch the manifest from the site URL',
      resolution: 'Verify the URL is correct and the manifest is published',
    },
    MANIFEST_INVALID: {
      status: 422,
      group: 'Vault Errors',
      description: 'The manifest JSON is malformed or missing required fields',
      resolution: 'Fix the manifest; see the Manifest Format reference',
    },

    AGENT_NOT_FOUND: {
      status: 404,
      group: 'Agent Errors',
      description: 'No agent found with the provided ID',
      resolution: 'Check the agent ID',
    },
    AGENT_LIMIT_REACHED: {
      status: 403,
      group: 'Agent Errors',
      description: 'Maximum agents reached for your tier',
      resolution: 'Delete unused agents or upgrade',
    },
    RUN_NOT_FOUND: {
      status: 404,
      group: 'Agent Errors',
      description: 'No run found with the provided ID',
      resolution: 'Check the run ID',
    },
    RUN_NOT_CANCELLABLE: {
      status: 400,
      group: 'Agent Errors',
      description: 'The run is not in a cancellable state (already completed or failed)',
      resolution: 'No action needed',
    },
    AGENT_ALREADY_RUNNING: {
      status: 409,
      group: 'Agent Errors',
      description: 'The agent already has an active run',
      resolution: 'Wait for the current run to finish',
    },

    WEBHOOK_SECRET_INVALID: {
      status: 401,
      group: 'Webhook Errors',
      description: 'The X-Webhook-Secret header does not match',
      resolution: 'Verify the webhook secret in the agent configuration',
    },
    WEBHOOK_PAYLOAD_INVALID: {
      status: 422,
      group: 'Webhook Errors',
      description: 'The request body does not match the webhook schema',
      resolution: "Check the payload format against the agent's webhook schema",
    },

    VALIDATION_ERROR: {
      status: 400,
      group: 'Validation Errors',
      description: 'Request body failed Zod schema validation',
      resolution: 'Check the error details for which fields are invalid',
      details: validationDetails,
    },
    INVALID_URL: {
      status: 400,
      group: 'Validation Errors',
      description: 'A provided URL is not valid',
      resolution: 'Ensure URLs include the protocol (https://)',
    },
    NOT_FOUND: {
      status: 404,
      group: 'Validation Errors',
      description: 'The requested resource does not exist',
      resolution: 'Check the ID or path',
    },

    WORKSPACE_NOT_FOUND: {
      status: 404,
      group: 'Workspace Errors',
      description: 'No workspace found with the provided ID',
      resolution: 'Check the workspace ID',
    },
    PERMISSION_DENIED: {
      status: 403,
      group: 'Workspace Errors',
      description: 'You do not have the required permission in this workspace',
      resolution: 'Contact the workspace admin for access',
    },
    MEMBER_NOT_FOUND: {
      status: 404,
      group: 'Workspace Errors',
      description: 'The user is not a member of this workspace',
      resolution: 'Invite them first',
    },
    ROLE_CHANGE_FORBIDDEN: {
      status: 403,
      group: 'Workspace Errors',
      description: "Cannot change the owner's role",
      resolution: 'Ownership transfer is not supported via this endpoint',
    },
  },
  // The page's own code for a client that went away; normalization maps aborts to it.
  { roles: { clientClosed: 'STREAM_ABORTED' } },
)

export default agentsPlatformErrors
