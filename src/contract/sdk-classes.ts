/** The exception classes the generated SDKs raise, by status (the contract of seed 002's table, extended per status). */
export interface SdkClass {
  readonly name: string
  /** The statuses it is raised for; undefined for the catch-all base class. */
  readonly matches: ((status: number) => boolean) | undefined
  readonly whenRaised: string
  /** Raised whatever the catalog holds (seed 002 always lists these). */
  readonly always: boolean
}

export const SDK_CLASSES: readonly SdkClass[] = [
  { name: 'BadRequestError', matches: (s) => s === 400, whenRaised: '400 responses', always: false },
  { name: 'AuthenticationError', matches: (s) => s === 401, whenRaised: '401 responses', always: true },
  { name: 'PaymentRequiredError', matches: (s) => s === 402, whenRaised: '402 responses', always: false },
  { name: 'PermissionDeniedError', matches: (s) => s === 403, whenRaised: '403 responses', always: true },
  { name: 'NotFoundError', matches: (s) => s === 404, whenRaised: '404 responses', always: false },
  { name: 'ConflictError', matches: (s) => s === 409, whenRaised: '409 responses', always: false },
  {
    name: 'UnprocessableEntityError',
    matches: (s) => s === 422,
    whenRaised: '422 responses',
    always: false,
  },
  {
    name: 'RateLimitError',
    matches: (s) => s === 429,
    whenRaised: '429 responses (includes retry_after / retryAfter)',
    always: true,
  },
  { name: 'InternalServerError', matches: (s) => s >= 500, whenRaised: '5xx responses', always: false },
  { name: 'APIError', matches: undefined, whenRaised: 'All other non-2xx responses', always: true },
]

/** The classes a catalog's statuses call for, in table order; APIError (the base) last. */
export function sdkClassesFor(statuses: Iterable<number>): SdkClass[] {
  const present = [...statuses]
  return SDK_CLASSES.filter((cls) => cls.always || present.some((status) => cls.matches?.(status)))
}

/** The class raised for a status. */
export function sdkClassFor(status: number): string {
  return SDK_CLASSES.find((cls) => cls.matches?.(status))?.name ?? 'APIError'
}
