export {
  type AnyCatalog,
  type Catalog,
  type CatalogError,
  type CatalogOptions,
  type CodeOf,
  type CreateArgs,
  type DetailsOf,
  defineErrors,
  type ErrorOf,
  standardCatalog,
} from './catalog/define.js'
export type { ErrorEntry, ResolvedEntry } from './catalog/entry.js'
export { type CodeNaming, catalogNaming, namingOf } from './catalog/naming.js'
export { defaultRetryFor, isRetryable, type RetryGuidance, type RetryStrategy } from './catalog/retry.js'
export { type ErrorRole, ROLE_NAMES } from './catalog/roles.js'
export type { DetailsSchema } from './catalog/schema.js'
export { type CatalogSnapshot, catalogFromSnapshot, snapshotCatalog } from './catalog/snapshot.js'
export { standardErrors } from './catalog/standard.js'
export { type ValidationDetails, validationDetails } from './catalog/validation-details.js'
export { FaultlineError, isFaultlineError, publicMessage } from './error.js'
export {
  detectFormat,
  type ErrorFormat,
  type FormatName,
  formats,
  type HeadersInput,
  type NestedOptions,
  nestedFormat,
  type ParsedError,
  PROBLEM_CONTENT_TYPE,
  type ProblemOptions,
  problemFormat,
  type RenderContext,
  type RenderedError,
  resolveFormat,
  type WireResponse,
} from './formats/index.js'
export { fromJsonPointer, toJsonPointer, toValidationIssue, type ValidationIssue } from './issues.js'
export { normalize } from './normalize.js'
export { statusText } from './status-text.js'
