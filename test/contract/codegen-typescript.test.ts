import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { jsonSchemaToTs } from '../../src/contract/codegen/json-schema-to-ts.js'
import { generateTypeScript } from '../../src/contract/codegen/typescript.js'
import { errors } from './fixtures/agents-catalog.js'
import { REPO_ROOT } from './run-cli.js'

const USAGE = `
import { ERROR_STATUS, isErrorCode, isKnownErrorCode, type ErrorCode, type ErrorDetails } from './errors.js'

declare const caught: unknown

if (isErrorCode(caught, 'AGENT_NOT_FOUND')) {
  const id: string = caught.details.agentId
  void id
}
if (isErrorCode(caught, 'PLAN_LIMIT_REACHED')) {
  const limit: number = caught.details.limit
  const tier: 'free' | 'pro' | undefined = caught.details.tier
  void limit
  void tier
}
if (isErrorCode(caught, 'TIMEOUT')) {
  const none: undefined = caught.details
  void none
}
const status: 404 = ERROR_STATUS.AGENT_NOT_FOUND
const code: ErrorCode = 'RATE_LIMITED'
const issues: ErrorDetails<'VALIDATION_ERROR'>['issues'] = [{ path: ['email', 0], message: 'required' }]
if (isKnownErrorCode('x')) void code
void status
void issues
`

const WRONG = `
import { isErrorCode } from './errors.js'
declare const caught: unknown
if (isErrorCode(caught, 'AGENT_NOT_FOUND')) {
  const n: number = caught.details.agentId
  void n
}
isErrorCode(caught, 'NO_SUCH_CODE')
`

function tsc(files: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'npx',
      [
        'tsc',
        '--noEmit',
        '--strict',
        '--target',
        'ES2022',
        '--module',
        'NodeNext',
        '--moduleResolution',
        'NodeNext',
        '--skipLibCheck',
        '--types',
        'node',
        ...files,
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (c) => {
      output += c
    })
    // npx may print its own config warnings on stderr; only the compiler's diagnostics count.
    child.stderr.on('data', (c) => {
      output += String(c)
        .split('\n')
        .filter((line) => line !== '' && !line.startsWith('npm warn'))
        .map((line) => `${line}\n`)
        .join('')
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

describe('generated TypeScript errors module', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-ts-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const source = generateTypeScript(errors)

  it('has the code union, a details type per code and the status map, with no imports', () => {
    expect(source).not.toMatch(/^import /m)
    expect(source).toContain('export type ErrorCode = (typeof ERROR_CODES)[number]')
    expect(source).toContain('  AGENT_NOT_FOUND: {\n    readonly agentId: string\n  }')
    expect(source).toContain('  TIMEOUT: undefined')
    expect(source).toContain('  AGENT_NOT_FOUND: 404,')
  })

  it('typechecks under --strict, and narrows details in a usage file', async () => {
    writeFileSync(join(dir, 'errors.ts'), source)
    writeFileSync(join(dir, 'usage.ts'), USAGE)
    const result = await tsc([join(dir, 'errors.ts'), join(dir, 'usage.ts')])
    expect(result.output).toBe('')
    expect(result.code).toBe(0)
  })

  it('rejects a wrong details type and an unknown code', async () => {
    writeFileSync(join(dir, 'errors.ts'), source)
    writeFileSync(join(dir, 'wrong.ts'), WRONG)
    const result = await tsc([join(dir, 'wrong.ts')])
    expect(result.code).not.toBe(0)
    expect(result.output).toContain("Type 'string' is not assignable to type 'number'")
    expect(result.output).toContain('"NO_SUCH_CODE"')
  })
})

describe('jsonSchemaToTs', () => {
  it.each([
    [{ type: 'string' }, 'string'],
    [{ type: 'integer' }, 'number'],
    [{ type: ['string', 'null'] }, 'string | null'],
    [{ enum: ['a', 'b'] }, '"a" | "b"'],
    [{ const: 3 }, '3'],
    [{ type: 'array', items: { type: 'boolean' } }, 'Array<boolean>'],
    [{ anyOf: [{ type: 'string' }, { type: 'integer' }] }, 'string | number'],
    [{ type: 'object' }, 'Record<string, unknown>'],
    [{ type: 'object', additionalProperties: { type: 'number' } }, '{\n  readonly [key: string]: number\n}'],
    [
      { type: 'object', properties: { 'a-b': { type: 'string' }, c: { type: 'number' } }, required: ['c'] },
      '{\n  readonly "a-b"?: string\n  readonly c: number\n}',
    ],
    [{}, 'unknown'],
    [{ $ref: '#/$defs/x' }, 'unknown'],
  ])('%j → %s', (schema, expected) => {
    expect(jsonSchemaToTs(schema)).toBe(expected)
  })
})
