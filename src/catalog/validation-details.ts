import type { StandardJSONSchemaV1, StandardSchemaV1 } from '@standard-schema/spec'
import { isValidationIssueList, type ValidationIssue } from '../issues.js'

export interface ValidationDetails {
  readonly issues: readonly ValidationIssue[]
}

const JSON_SCHEMA = {
  type: 'object',
  properties: {
    issues: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          path: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
          message: { type: 'string' },
        },
        required: ['path', 'message'],
      },
    },
  },
  required: ['issues'],
} as const

/**
 * The schema of VALIDATION_ERROR's details, written against the Standard Schema interface by hand
 * so the core needs no schema library at run time.
 */
export const validationDetails: StandardSchemaV1<ValidationDetails> &
  StandardJSONSchemaV1<ValidationDetails> = {
  '~standard': {
    version: 1,
    vendor: 'faultline',
    validate(value) {
      if (
        typeof value === 'object' &&
        value !== null &&
        isValidationIssueList((value as ValidationDetails).issues)
      ) {
        return { value: value as ValidationDetails }
      }
      return { issues: [{ message: 'expected { issues: Array<{ path, message }> }' }] }
    },
    jsonSchema: {
      input: () => JSON_SCHEMA,
      output: () => JSON_SCHEMA,
    },
  },
}
