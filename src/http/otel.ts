import type { FaultlineError } from '../error.js'

/** The slice of `@opentelemetry/api` used here, declared locally so the package stays an optional peer. */
interface OtelSpan {
  setAttribute(key: string, value: string): unknown
  setStatus(status: { code: number; message?: string }): unknown
}
interface OtelApi {
  trace: { getActiveSpan(): OtelSpan | undefined }
  SpanStatusCode: { ERROR: number }
}

let api: OtelApi | undefined
let loading: Promise<OtelApi | undefined> | undefined

/** A variable specifier keeps bundlers and the compiler from requiring the package. */
const OTEL_PACKAGE = '@opentelemetry/api'

/**
 * Loads the OpenTelemetry API once per process when it is installed; resolves undefined when it is not.
 * Started at install time so the first error does not wait for it.
 */
export function loadOpenTelemetry(): Promise<OtelApi | undefined> {
  loading ??= import(OTEL_PACKAGE).then(
    (module: { default?: OtelApi } & Partial<OtelApi>) => {
      const found = module.trace ? (module as OtelApi) : module.default
      api = found?.trace ? found : undefined
      return api
    },
    () => undefined,
  )
  return loading
}

/** Marks the active span: `error.type` = the code on every error; status ERROR for 5xx only (4xx are the client's). */
export function recordOnActiveSpan(error: FaultlineError): void {
  if (api === undefined) return
  try {
    const span = api.trace.getActiveSpan()
    if (span === undefined) return
    span.setAttribute('error.type', error.code)
    if (error.status >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR, message: error.code })
  } catch {
    // Tracing must never turn an error response into a crash.
  }
}
