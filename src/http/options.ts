import type { AnyCatalog } from '../catalog/define.js'
import {
  compileFormatSelection,
  type FormatSelectionOptions,
  type FormatSelector,
} from './format-selection.js'
import { type ErrorHook, type LoggerLike, resolveErrorHook } from './log.js'
import { loadOpenTelemetry } from './otel.js'
import { createRequestIdGenerator } from './request-id.js'

/** The one options object every adapter takes. */
export interface FaultlineOptions<C extends AnyCatalog = AnyCatalog> extends FormatSelectionOptions {
  readonly catalog: C
  /** URL of the error reference page: `link: <docsUrl#CODE>; rel="help"`, and problem `type` URIs. */
  readonly docsUrl?: string | undefined
  /** Called once per error; default: one line through `logger`, or the console. `false` turns logging off. */
  readonly onError?: ErrorHook | false | undefined
  /** A pino-shaped logger (`logger.warn(obj, msg)`) used by the default hook. */
  readonly logger?: LoggerLike | undefined
  /** Header carrying the request id both ways; default `x-request-id`. */
  readonly requestIdHeader?: string | undefined
  /** Echo a sane incoming id (default true); false always generates one. */
  readonly trustRequestId?: boolean | undefined
  readonly generateRequestId?: (() => string) | undefined
  /** Largest JSON request body in bytes (413 above it); default 1 MiB. */
  readonly bodyLimit?: number | undefined
  /** Put the request path in the body as `instance` where the format has one (default true). */
  readonly instance?: boolean | undefined
  /** The response time formats such as `list` print; default now. Fixing it makes bodies reproducible. */
  readonly now?: (() => string | Date) | undefined
  /** Set `error.type` and ERROR status on the active OpenTelemetry span when the API is installed (default true). */
  readonly openTelemetry?: boolean | undefined
}

/** Options after install: every default applied and every format resolved, so a request does no setup. */
export interface ResolvedOptions {
  readonly catalog: AnyCatalog
  readonly selectFormat: FormatSelector
  readonly docsUrl: string | undefined
  readonly report: ErrorHook | undefined
  /** Lower-case header name. */
  readonly requestIdHeader: string
  readonly trustRequestId: boolean
  readonly generateRequestId: () => string
  readonly bodyLimit: number
  readonly instance: boolean
  readonly timestamp: (() => string) | undefined
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024

const resolved = new WeakMap<object, ResolvedOptions>()

/** Normalizes options once; resolving the same object again returns the same result. */
export function resolveOptions(options: FaultlineOptions | ResolvedOptions): ResolvedOptions {
  if ('selectFormat' in options) return options
  const known = resolved.get(options)
  if (known) return known
  if (typeof options.catalog?.fromRole !== 'function')
    throw new TypeError('faultline: options.catalog is required')
  const limit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
  if (!Number.isInteger(limit) || limit < 0)
    throw new TypeError('faultline: bodyLimit must be a whole number of bytes')
  const now = options.now
  const result: ResolvedOptions = {
    catalog: options.catalog,
    selectFormat: compileFormatSelection(options),
    docsUrl: options.docsUrl,
    report: resolveErrorHook(options.onError, options.logger),
    requestIdHeader: (options.requestIdHeader ?? 'x-request-id').toLowerCase(),
    trustRequestId: options.trustRequestId ?? true,
    generateRequestId: options.generateRequestId ?? createRequestIdGenerator(),
    bodyLimit: limit,
    instance: options.instance ?? true,
    timestamp:
      now === undefined
        ? undefined
        : () => {
            const value = now()
            return typeof value === 'string' ? value : value.toISOString()
          },
  }
  if (options.openTelemetry !== false) void loadOpenTelemetry()
  resolved.set(options, result)
  return result
}
