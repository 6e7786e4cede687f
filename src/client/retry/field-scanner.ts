/** Counts the characters a parser visits, so tests can bound its work on hostile input. */
export interface WorkMeter {
  steps: number
}

/**
 * A forward-only cursor over a header value. Every parser in this folder reads through it, so each
 * character is visited a bounded number of times and parsing stays linear in the input length.
 */
export class FieldScanner {
  readonly text: string
  pos: number
  end: number
  private readonly meter: WorkMeter | undefined

  constructor(text: string, meter?: WorkMeter) {
    this.text = text
    this.pos = 0
    this.end = text.length
    this.meter = meter
  }

  get done(): boolean {
    return this.pos >= this.end
  }

  /** The character code at the cursor, or -1 at the end. */
  peek(): number {
    return this.pos < this.end ? this.text.charCodeAt(this.pos) : -1
  }

  advance(): void {
    this.pos++
    if (this.meter) this.meter.steps++
  }

  /** Consumes `code` if it is next; says whether it did. */
  eat(code: number): boolean {
    if (this.peek() !== code) return false
    this.advance()
    return true
  }

  /** Drops spaces and tabs from both ends (HTTP optional whitespace). */
  trimOws(): void {
    while (this.pos < this.end && isOws(this.text.charCodeAt(this.pos))) this.advance()
    while (this.end > this.pos && isOws(this.text.charCodeAt(this.end - 1))) {
      this.end--
      if (this.meter) this.meter.steps++
    }
  }

  skipSpaces(): void {
    while (this.peek() === SP) this.advance()
  }

  skipOws(): void {
    while (isOws(this.peek())) this.advance()
  }

  /** The remaining text, once, for fixed-length grammars. */
  rest(): string {
    return this.text.slice(this.pos, this.end)
  }
}

export const SP = 0x20
const HTAB = 0x09

function isOws(code: number): boolean {
  return code === SP || code === HTAB
}

export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39
}
