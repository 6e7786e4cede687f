/** The CLI's documented exit codes. */
export const EXIT = {
  ok: 0,
  /** Breaking changes (`diff`) or lint errors (`check`). */
  failed: 1,
  /** Usage error, or input that cannot be used (missing file, no catalog, invalid catalog). */
  usage: 2,
} as const
