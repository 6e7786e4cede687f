export {
  type BodyHeaders,
  type ByteSource,
  hasBody,
  isJsonContentType,
  parseJsonText,
  readJsonRequest,
  readJsonStream,
} from './body.js'
export { type BodyFailure, bodyError, bodyErrorFrom, RequestBodyError } from './body-errors.js'
export { type ClientErrorSocket, clientErrorHandler } from './client-error.js'
export {
  compileFormatSelection,
  type FormatChoice,
  type FormatRequest,
  type FormatSelectionOptions,
  type FormatSelector,
} from './format-selection.js'
export { type ErrorEvent, type ErrorHook, type ErrorLevel, type LoggerLike, levelFor } from './log.js'
export { allowHeader, compilePattern, patternParams, RouteTable, routeMissError } from './not-found.js'
export { DEFAULT_BODY_LIMIT, type FaultlineOptions, type ResolvedOptions, resolveOptions } from './options.js'
export { loadOpenTelemetry } from './otel.js'
export { pathOfUrl } from './path.js'
export { keepsOnError } from './preserved-headers.js'
export {
  createRequestIdGenerator,
  isAcceptableRequestId,
  MAX_REQUEST_ID_LENGTH,
  requestIdFrom,
} from './request-id.js'
export {
  type ErrorOutcome,
  type ErrorResponse,
  type RequestFacts,
  renderError,
  reportError,
  respond,
} from './respond.js'
export { compileRoutes, type RouteMap, type RouteMatch } from './router.js'
export {
  guardStream,
  isStreamingContentType,
  type OutgoingState,
  ResponseAbortedError,
  type ResponseState,
  reportUnanswerable,
  responseState,
} from './started.js'
export {
  compileValidation,
  type InputValidator,
  type RawRequestInput,
  type RequestPart,
  type RequestSchemas,
  RequestValidationError,
  type ValidatedInput,
} from './validate.js'
