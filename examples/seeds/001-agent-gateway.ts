import { defineErrors } from 'faultline'
import { z } from 'zod'

/**
 * Reproduces the error reference of an agent gateway (seed 001). The page lists no codes, only
 * statuses (Meaning, Common causes, What to do) and, per section (General, Agents, Secrets, Rules,
 * Apps, User), the exact messages its endpoints return. Each status becomes a code whose title,
 * description and resolution are the status row; each message becomes a code in its section whose
 * message is the page's text, whose description is the row's cause and whose resolution is the
 * "What to do" of its status. Retry guidance is the page's retry table: only 500 is retryable.
 *
 * Route-level validation errors travel as `{ "error": "message" }`; every other error as
 * `{ "error": { "message", "type" } }` (the `plain` format, with the code as `type`).
 */
export const format = 'plain'

const WHAT_TO_DO = {
  400: 'Check the request body against the endpoint’s schema. Ensure required fields are present and values match expected types/formats.',
  401: 'Verify your Authorization header. Regenerate your API key if needed via POST /user/api-key/regenerate.',
  403: 'Confirm you are using the correct project and API key.',
  404: 'Confirm the resource ID or provider name exists. Use the corresponding list endpoint to check.',
  409: 'Choose a different identifier. Use the list endpoint to see existing resources.',
  500: 'Retry after a brief delay. If the error persists, contact support.',
} as const

/** The page's retry table ("Retryable?" column). */
const NO_RETRY = 'never'
const BACKOFF = 'backoff'

const issues = z.object({
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() })),
})

export const agentGatewayErrors = defineErrors({
  // Error reference: one code per status.
  BAD_REQUEST: {
    status: 400,
    group: 'Error reference',
    message: 'Bad Request',
    title: 'Bad Request',
    description: 'Missing required field, invalid field value, body fails validation',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  UNAUTHORIZED: {
    status: 401,
    group: 'Error reference',
    message: 'Unauthorized',
    title: 'Unauthorized',
    description: 'Missing or invalid API key, expired session',
    resolution: WHAT_TO_DO[401],
    retry: NO_RETRY,
  },
  FORBIDDEN: {
    status: 403,
    group: 'Error reference',
    message: 'Forbidden',
    title: 'Forbidden',
    description: 'Insufficient permissions for this resource',
    resolution: WHAT_TO_DO[403],
    retry: NO_RETRY,
  },
  NOT_FOUND: {
    status: 404,
    group: 'Error reference',
    message: 'Not Found',
    title: 'Not Found',
    description: 'Resource ID doesn’t exist, wrong provider name',
    resolution: WHAT_TO_DO[404],
    retry: NO_RETRY,
  },
  CONFLICT: {
    status: 409,
    group: 'Error reference',
    message: 'Conflict',
    title: 'Conflict',
    description: 'Duplicate agent identifier',
    resolution: WHAT_TO_DO[409],
    retry: NO_RETRY,
  },
  INTERNAL_ERROR: {
    status: 500,
    group: 'Error reference',
    message: 'Internal Server Error',
    title: 'Internal Server Error',
    description: 'Unexpected server failure',
    resolution: WHAT_TO_DO[500],
    retry: BACKOFF,
  },

  // General
  INVALID_API_KEY: {
    status: 401,
    group: 'General',
    message: 'Invalid API key or token.',
    description:
      'Missing/invalid key, or an organization key (oc_org_) used on a project endpoint without X-Project-Id',
    resolution: WHAT_TO_DO[401],
    retry: NO_RETRY,
  },
  PROJECT_ID_REQUIRED: {
    status: 400,
    group: 'General',
    message: 'X-Project-Id header is required',
    description: 'The endpoint needs a project context that the request didn’t carry',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  INSUFFICIENT_PERMISSIONS: {
    status: 403,
    group: 'General',
    message: 'Insufficient permissions',
    description: 'The endpoint requires the admin or owner role',
    resolution: WHAT_TO_DO[403],
    retry: NO_RETRY,
  },

  // Agents. The page's "Zod validation message" rows (Agents and User) are route-level validation:
  // the flat `{ "error": "message" }` shape, whose message is the first issue's.
  VALIDATION_ERROR: {
    status: 400,
    group: 'Agents',
    title: 'Zod validation message for name (1-255 characters)',
    message: (details) => details?.issues[0]?.message ?? 'Invalid request body',
    description: 'Empty or overly long name field',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
    details: issues.optional(),
  },
  AGENT_IDENTIFIER_INVALID: {
    status: 400,
    group: 'Agents',
    message:
      'Identifier must be 1-50 characters, start with a letter or number, and contain only lowercase letters, numbers, and hyphens',
    description: 'Invalid identifier format',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  AGENT_IDENTIFIER_EXISTS: {
    status: 409,
    group: 'Agents',
    message: 'An agent with this identifier already exists',
    description: 'Duplicate identifier within the project (envelope shape)',
    resolution: WHAT_TO_DO[409],
    retry: NO_RETRY,
  },
  DEFAULT_AGENT_NOT_DELETABLE: {
    status: 400,
    group: 'Agents',
    message: 'Cannot delete the default agent',
    description: 'Attempting to delete the project’s default agent',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  AGENT_ALREADY_DEFAULT: {
    status: 400,
    group: 'Agents',
    message: 'Agent is already the default',
    description: 'Agent is already set as default',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  SECRETS_NOT_FOUND: {
    status: 400,
    group: 'Agents',
    message: 'One or more secrets not found',
    description: 'Secret IDs in the request don’t exist in the project',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  AGENT_NOT_FOUND: {
    status: 404,
    group: 'Agents',
    message: 'Agent not found',
    description: 'Agent ID doesn’t exist',
    resolution: WHAT_TO_DO[404],
    retry: NO_RETRY,
  },

  // Secrets
  HOST_PATTERN_IS_URL: {
    status: 400,
    group: 'Secrets',
    message: 'Enter a hostname, not a URL (remove http:// or https://)',
    description: 'hostPattern includes a protocol prefix',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  HOST_PATTERN_HAS_PATH: {
    status: 400,
    group: 'Secrets',
    message: 'Enter a hostname only, not a path (use the path pattern field for paths)',
    description: 'hostPattern includes a / path',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  HOST_PATTERN_HAS_SPACES: {
    status: 400,
    group: 'Secrets',
    message: 'Host pattern must not contain spaces',
    description: 'hostPattern contains whitespace',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  INJECTION_METHOD_REQUIRED: {
    status: 400,
    group: 'Secrets',
    message: 'Header name, parameter name, or URL path template is required for generic secrets',
    description: 'type is generic but injectionConfig has no injection method',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  ONEPASSWORD_PROJECT_ONLY: {
    status: 400,
    group: 'Secrets',
    message: '1Password is only available for project-scoped secrets',
    description: 'valueSource: onepassword on an organization secret',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  NO_FIELDS_TO_UPDATE: {
    status: 400,
    group: 'Secrets',
    message: 'No fields to update',
    description: 'PATCH request with an empty body',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  SECRET_NOT_FOUND: {
    status: 404,
    group: 'Secrets',
    message: 'Secret not found',
    description: 'Secret ID doesn’t exist',
    resolution: WHAT_TO_DO[404],
    retry: NO_RETRY,
  },

  // Rules
  RATE_LIMIT_FIELDS_REQUIRED: {
    status: 400,
    group: 'Rules',
    message: 'rateLimit and rateLimitWindow are required when action is rate_limit',
    description: 'Action set to rate_limit without the required rate fields',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  RATE_LIMIT_CONFIG_INVALID: {
    status: 400,
    group: 'Rules',
    message: 'Rate limit rules require a rate limit and window',
    description: 'Update would leave a rate_limit rule without a valid rate configuration',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  EMPTY_UPDATE: {
    status: 400,
    group: 'Rules',
    message: 'At least one field must be provided',
    description: 'PATCH request with an empty body',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  POLICY_RULE_NOT_FOUND: {
    status: 404,
    group: 'Rules',
    message: 'Policy rule not found',
    description: 'Rule ID doesn’t exist',
    resolution: WHAT_TO_DO[404],
    retry: NO_RETRY,
  },
  UNKNOWN_TOOL: {
    status: 400,
    group: 'Rules',
    title: 'Unknown tool: {toolId}',
    message: ({ toolId }) => `Unknown tool: ${toolId}`,
    description: 'Permission change references a tool ID not in the app’s permission definition',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
    details: z.object({ toolId: z.string() }),
  },
  INHERIT_REQUIRES_AGENT: {
    status: 400,
    group: 'Rules',
    message: 'Only agent-scoped app permissions can be set to inherit',
    description: 'inherit sent without agentId',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },

  // Apps
  UNKNOWN_PROVIDER: {
    status: 404,
    group: 'Apps',
    title: 'Unknown provider: {provider}',
    message: ({ provider }) => `Unknown provider: ${provider}`,
    description: 'Provider name not in the app registry',
    resolution: WHAT_TO_DO[404],
    retry: NO_RETRY,
    details: z.object({ provider: z.string() }),
  },
  PROVIDER_NOT_AVAILABLE: {
    status: 400,
    group: 'Apps',
    title: 'Provider "{provider}" is not available',
    message: ({ provider }) => `Provider "${provider}" is not available`,
    description: 'App exists but is not available for connection',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
    details: z.object({ provider: z.string() }),
  },
  MISSING_FIELDS: {
    status: 400,
    group: 'Apps',
    message: 'Missing fields in request body',
    description: 'No fields object in connect request',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  CREDENTIAL_FIELD_REQUIRED: {
    status: 400,
    group: 'Apps',
    title: '{field} is required',
    message: ({ field }) => `${field} is required`,
    description: 'A required credential field is empty',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
    details: z.object({ field: z.string() }),
  },
  CONNECTION_NOT_FOUND: {
    status: 404,
    group: 'Apps',
    message: 'Connection not found',
    description: 'Connection ID doesn’t exist or isn’t owned by the caller',
    resolution: WHAT_TO_DO[404],
    retry: NO_RETRY,
  },
  LABEL_REQUIRED: {
    status: 400,
    group: 'Apps',
    message: 'Label is required',
    description: 'Rename request without a non-empty label',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
  INVALID_REQUEST_BODY: {
    status: 400,
    group: 'Apps',
    message: 'Invalid request body',
    description: 'BYOC config body missing the app’s required credential fields',
    resolution: WHAT_TO_DO[400],
    retry: NO_RETRY,
  },
})

export default agentGatewayErrors
