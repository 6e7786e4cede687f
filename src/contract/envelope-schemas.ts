import type { JsonSchema } from '../catalog/snapshot.js'

const CODE_REF = { $ref: '#/components/schemas/ErrorCode' }
const ANY_DETAILS = { description: 'Per-code context; see the ErrorDetails.<CODE> schemas.' }
const text = { type: 'string' }

/**
 * JSON Schema (OpenAPI 3.1) of each built-in envelope's body. A user's own format has no schema to read,
 * so it is described as an object.
 */
export function envelopeSchema(formatName: string): JsonSchema {
  switch (formatName) {
    case 'problem':
      return {
        type: 'object',
        description: 'RFC 9457 problem details with Faultline extension members',
        required: ['type', 'title', 'status', 'detail', 'code'],
        properties: {
          type: { type: 'string', format: 'uri-reference' },
          title: text,
          status: { type: 'integer' },
          detail: text,
          instance: text,
          code: CODE_REF,
          requestId: text,
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['detail'],
              properties: { detail: text, pointer: text, code: CODE_REF },
            },
          },
          details: ANY_DETAILS,
        },
      }
    case 'flat':
      return {
        type: 'object',
        required: ['error', 'code', 'statusCode'],
        properties: {
          error: { type: 'string', description: 'Human-readable message' },
          code: CODE_REF,
          statusCode: { type: 'integer' },
          requestId: text,
          details: ANY_DETAILS,
        },
      }
    case 'plain':
      return {
        oneOf: [
          {
            type: 'object',
            description: 'Route-level validation errors',
            required: ['error'],
            properties: { error: text, requestId: text, details: ANY_DETAILS },
          },
          {
            type: 'object',
            required: ['error'],
            properties: {
              error: {
                type: 'object',
                required: ['message', 'type'],
                properties: { message: text, type: CODE_REF, requestId: text, details: ANY_DETAILS },
              },
            },
          },
        ],
      }
    case 'status':
      return {
        type: 'object',
        required: ['status', 'error', 'message', 'details'],
        properties: {
          status: { const: 'error' },
          error: CODE_REF,
          message: text,
          details: { type: 'object', ...ANY_DETAILS },
          errors: {
            type: 'array',
            items: { type: 'object', required: ['message'], properties: { field: text, message: text } },
          },
          requestId: text,
        },
      }
    case 'list':
      return {
        type: 'object',
        required: ['data', 'meta', 'errors'],
        properties: {
          data: { type: 'null' },
          meta: {
            type: 'object',
            properties: { requestId: text, timestamp: { type: 'string', format: 'date-time' } },
          },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: CODE_REF, message: text, field: text, details: ANY_DETAILS },
            },
          },
        },
      }
    case 'nested':
      return {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: CODE_REF, message: text, requestId: text, details: ANY_DETAILS },
          },
        },
      }
    case 'nestedPublic':
      return {
        type: 'object',
        required: ['error'],
        properties: { error: { type: 'object', required: ['code'], properties: { code: CODE_REF } } },
      }
    default:
      return { type: 'object', description: `Error body of the ${formatName} format` }
  }
}
