import type { StandardSchemaV1 } from '@standard-schema/spec'
import { toValidationIssue, type ValidationIssue } from '../issues.js'

/** A schema per request part; any Standard Schema (Zod 4, Valibot, ArkType). */
export interface RequestSchemas {
  readonly params?: StandardSchemaV1 | undefined
  readonly query?: StandardSchemaV1 | undefined
  readonly headers?: StandardSchemaV1 | undefined
  readonly body?: StandardSchemaV1 | undefined
}

/** The parsed value of each part a schema was given for, typed by that schema's output. */
export type ValidatedInput<S extends RequestSchemas> = {
  readonly [K in keyof S as S[K] extends StandardSchemaV1 ? K : never]: S[K] extends StandardSchemaV1<
    any,
    infer O
  >
    ? O
    : never
}

export type RequestPart = keyof RequestSchemas

export type RawRequestInput = { readonly [K in RequestPart]?: unknown }

/** Parts are checked, and issues listed, in this order, whichever adapter runs the check. */
const PART_ORDER: readonly RequestPart[] = ['params', 'query', 'headers', 'body']

/** Bounds the response: a 10 000-item array of bad entries must not produce 10 000 issues. */
const MAX_ISSUES = 100

type Result = StandardSchemaV1.Result<unknown>

export type InputValidator<S extends RequestSchemas> = (
  raw: RawRequestInput,
) => ValidatedInput<S> | Promise<ValidatedInput<S>>

/**
 * Every issue of a request, as a Standard Schema failure: normalization turns it into the catalog's
 * VALIDATION_ERROR, so the check itself needs no catalog. Built without a stack (the client's fault).
 */
export class RequestValidationError extends Error {
  override readonly name = 'RequestValidationError'
  readonly issues: readonly ValidationIssue[]

  constructor(issues: readonly ValidationIssue[]) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    try {
      super('request validation failed')
    } finally {
      Error.stackTraceLimit = limit
    }
    this.issues = issues
  }
}

function collect(parts: readonly RequestPart[], results: readonly Result[]) {
  const issues: ValidationIssue[] = []
  const values: Record<string, unknown> = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    const result = results[i]!
    if (result.issues === undefined) {
      values[part] = result.value
      continue
    }
    // The part leads each path (`body.email`), so one response can say which part a field is in.
    for (const issue of result.issues) {
      if (issues.length === MAX_ISSUES) break
      const inner = toValidationIssue(issue)
      issues.push({ path: [part, ...inner.path], message: inner.message })
    }
  }
  if (issues.length > 0) throw new RequestValidationError(issues)
  return values
}

/**
 * Compiles the check of a request's parts once. The returned function runs every schema (none stops at
 * the first failure), and throws one RequestValidationError listing every issue, or returns the parsed parts.
 * It answers synchronously when every schema does.
 */
export function compileValidation<S extends RequestSchemas>(schemas: S): InputValidator<S> {
  const parts = PART_ORDER.filter((part) => schemas[part] !== undefined)
  const validators = parts.map((part) => schemas[part]!['~standard'])
  return (raw) => {
    const results: Array<Result | Promise<Result>> = []
    let pending = false
    for (let i = 0; i < parts.length; i++) {
      const result = validators[i]!.validate(raw[parts[i]!])
      if (result instanceof Promise) pending = true
      results.push(result)
    }
    if (!pending) return collect(parts, results as Result[]) as ValidatedInput<S>
    return Promise.all(results).then((settled) => collect(parts, settled) as ValidatedInput<S>)
  }
}
