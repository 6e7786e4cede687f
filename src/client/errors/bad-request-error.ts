import { isValidationIssueList, type ValidationIssue } from '../../issues.js'
import { APIError, type APIErrorInit } from './api-error.js'

/** 400 Bad Request. `issues` lists the field-level problems a validation error carries in `details.issues`. */
export class BadRequestError<C extends string | undefined = string | undefined, D = unknown> extends APIError<
  C,
  D
> {
  override name = 'BadRequestError'
  readonly issues: readonly ValidationIssue[]

  constructor(init: APIErrorInit<C, D>) {
    super(init)
    const details = init.details as { issues?: unknown } | undefined
    const issues = typeof details === 'object' && details !== null ? details.issues : undefined
    this.issues = isValidationIssueList(issues) ? issues : []
  }
}
