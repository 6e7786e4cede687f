import { defineErrors, standardErrors } from '../../../src/index.js'

/** The catalog every hardening server speaks: the standard codes plus the idempotency guard's two. */
export const hardeningCatalog = defineErrors({
  ...standardErrors,
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    message: 'A request with this Idempotency-Key is in flight',
    retry: 'retry-after',
  },
  IDEMPOTENCY_MISMATCH: {
    status: 422,
    message: 'This Idempotency-Key was used with a different request',
  },
})

export const KNOWN_CODES: ReadonlySet<string> = new Set(hardeningCatalog.codes)
