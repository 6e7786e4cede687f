import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runFaultline } from './run-cli.js'

const CATALOG = 'test/contract/fixtures/agents-catalog.ts'
const dir = mkdtempSync(join(tmpdir(), 'faultline-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('faultline CLI', () => {
  it('prints help for the tool and for every command, exit 0', async () => {
    const main = await runFaultline(['--help'])
    expect(main.code).toBe(0)
    for (const name of ['docs', 'openapi', 'snapshot', 'diff', 'check', 'codegen']) {
      expect(main.stdout).toContain(`  ${name} `)
      const help = await runFaultline([name, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(new RegExp(`^Usage: faultline ${name} `))
    }
  })

  it('writes docs, OpenAPI and snapshots to stdout, or to --out', async () => {
    const md = await runFaultline(['docs', CATALOG, '--envelope', 'flat'])
    expect(md.code).toBe(0)
    expect(md.stdout).toMatch(/^# Agents error codes\n/)
    expect(md.stdout).toContain('"statusCode": 400')

    const htmlFile = join(dir, 'site', 'errors.html')
    const html = await runFaultline(['docs', CATALOG, '--format', 'html', '--out', htmlFile])
    expect(html).toMatchObject({ code: 0, stdout: '' })
    expect(readFileSync(htmlFile, 'utf8')).toContain('<tr class="code-row" id="AGENT_NOT_FOUND"')

    const openapi = await runFaultline(['openapi', CATALOG, '--format', 'nested'])
    expect(openapi.code).toBe(0)
    expect(JSON.parse(openapi.stdout).components.responses.Error404).toBeDefined()

    const snapshotFile = join(dir, 'errors.json')
    expect((await runFaultline(['snapshot', CATALOG, '--out', snapshotFile])).code).toBe(0)
    const snapshot = JSON.parse(readFileSync(snapshotFile, 'utf8'))
    expect(snapshot).toMatchObject({ faultline: 1, name: 'Agents' })

    // A snapshot is accepted wherever a catalog is, and gives the same page.
    const fromSnapshot = await runFaultline(['docs', snapshotFile, '--envelope', 'flat'])
    expect(fromSnapshot.stdout).toBe(md.stdout)
  })

  it('checks a catalog: exit 0 when clean, 1 on lint errors', async () => {
    const clean = await runFaultline(['check', CATALOG])
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/0 error\(s\)/)
    const failing = await runFaultline(['check', 'test/contract/fixtures/lint-failing.ts', '--json'])
    expect(failing.code).toBe(1)
    expect(JSON.parse(failing.stdout).issues).toContainEqual(
      expect.objectContaining({ rule: 'exposed-server-error', code: 'LEAKY_FAILURE' }),
    )
  })

  it('generates code into a folder', async () => {
    const out = join(dir, 'sdk')
    const py = await runFaultline(['codegen', CATALOG, '--lang', 'python', '--out', out])
    expect(py.code).toBe(0)
    expect(existsSync(join(out, 'errors.py'))).toBe(true)
    const ts = await runFaultline(['codegen', CATALOG, '--lang', 'typescript', '--out', out])
    expect(ts.code).toBe(0)
    expect(readFileSync(join(out, 'errors.ts'), 'utf8')).toContain('export type ErrorCode')
  })

  it.each([
    [['docs', 'missing.ts'], 'faultline: catalog file not found: missing.ts'],
    [['docs', 'test/contract/fixtures/no-catalog.ts'], 'exports no catalog'],
    [['docs', 'test/contract/fixtures/invalid-catalog.ts'], 'status must be an HTTP error status'],
    [['docs', 'test/contract/fixtures/two-catalogs.ts'], 'exports several catalogs (first, second)'],
    [['docs', 'test/contract/fixtures/two-catalogs.ts', '--export', 'third'], 'has no export named third'],
    [['docs', 'package.json'], 'package.json is not a faultline catalog snapshot'],
    [['docs', CATALOG, '--format', 'pdf'], '--format must be md or html'],
    [['docs', CATALOG, '--envelope', 'xml'], '--envelope must be one of problem, flat'],
    [['docs', CATALOG, '--frobnicate'], "Unknown option '--frobnicate'"],
    [['docs'], 'docs takes <catalog>'],
    [['diff', 'a.json'], 'diff takes <old> <new>'],
    [['codegen', CATALOG, '--lang', 'cobol', '--out', 'x'], '--lang must be python or typescript'],
    [['launch'], 'unknown command launch'],
  ])('rejects %j with one line and exit 2', async (args, message) => {
    const result = await runFaultline(args)
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(message)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('picks the named export with --export', async () => {
    const result = await runFaultline([
      'snapshot',
      'test/contract/fixtures/two-catalogs.ts',
      '--export',
      'second',
    ])
    expect(result.code).toBe(0)
    expect(Object.keys(JSON.parse(result.stdout).codes)).toEqual(['TWO'])
  })
})
