/** Code naming styles; one catalog keeps one style (seed 002 uses lower snake_case, the others upper). */
export type CodeNaming = 'SCREAMING_SNAKE_CASE' | 'snake_case' | 'mixed'

const SCREAMING = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/
const SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/

export function namingOf(code: string): CodeNaming {
  if (SCREAMING.test(code)) return 'SCREAMING_SNAKE_CASE'
  if (SNAKE.test(code)) return 'snake_case'
  return 'mixed'
}

/** The style a set of codes shares, or `mixed` when they disagree or fit none. */
export function catalogNaming(codes: readonly string[]): CodeNaming {
  let style: CodeNaming | undefined
  for (const code of codes) {
    const own = namingOf(code)
    if (style === undefined) style = own
    else if (style !== own) return 'mixed'
  }
  return style ?? 'SCREAMING_SNAKE_CASE'
}

export function inNaming(code: string, naming: CodeNaming): string {
  return naming === 'snake_case' ? code.toLowerCase() : code
}
