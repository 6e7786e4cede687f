import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generatePython } from '../../src/contract/codegen/python.js'
import { type FaultlineError, type FormatName, formats } from '../../src/index.js'
import { errors } from './fixtures/agents-catalog.js'

/** Each path answers with a real error rendered by one of our formats. */
const ROUTES: Record<string, { format: FormatName; error: () => FaultlineError }> = {
  '/limited': {
    format: 'problem',
    error: () => errors.create('RATE_LIMITED', { headers: { 'Retry-After': '42' } }),
  },
  '/agents/a1': {
    format: 'nested',
    error: () => errors.create('AGENT_NOT_FOUND', { details: { agentId: 'a1' } }),
  },
  '/flat': { format: 'flat', error: () => errors.create('UNAUTHORIZED') },
  '/status': {
    format: 'status',
    error: () => errors.create('PLAN_LIMIT_REACHED', { details: { resource: 'agents', limit: 3 } }),
  },
  '/list': {
    format: 'list',
    error: () =>
      errors.create('VALIDATION_ERROR', {
        details: { issues: [{ path: ['email'], message: 'email is required' }] },
      }),
  },
  '/plain': { format: 'plain', error: () => errors.create('FORBIDDEN') },
  '/boom': {
    format: 'problem',
    error: () =>
      errors.create('INTERNAL_ERROR', { message: 'db password is hunter2', cause: new Error('x') }),
  },
}

const SCRIPT = `
import json, sys, urllib.request, urllib.error
sys.path.insert(0, sys.argv[1])
import errors as api

base = sys.argv[2]

def fetch(path):
    try:
        urllib.request.urlopen(base + path, timeout=5)
    except urllib.error.HTTPError as e:
        return api.parse_error(e.code, e.headers, e.read())
    raise AssertionError("expected an error response from " + path)

err = fetch("/limited")
assert isinstance(err, api.RateLimitError), type(err)
assert isinstance(err, api.APIError)
assert err.retry_after == 42, err.retry_after
assert err.status == 429
assert err.code == api.RATE_LIMITED == "RATE_LIMITED", err.code
assert err.message == "Too many requests", err.message
assert err.request_id == "req_limited", err.request_id
assert err.retryable

err = fetch("/agents/a1")
assert isinstance(err, api.NotFoundError), type(err)
assert err.code == api.AGENT_NOT_FOUND and err.details == {"agentId": "a1"}, err.details
assert err.request_id == "req_agents", err.request_id
assert err.retry_after is None and not err.retryable

err = fetch("/flat")
assert isinstance(err, api.AuthenticationError) and err.code == "UNAUTHORIZED", err

err = fetch("/status")
assert isinstance(err, api.PaymentRequiredError), type(err)
assert err.message == "Your plan allows 3 agents", err.message
assert err.details == {"resource": "agents", "limit": 3}, err.details

err = fetch("/list")
assert isinstance(err, api.BadRequestError), type(err)
assert err.code == "VALIDATION_ERROR" and err.details == {"issues": [{"path": ["email"], "message": "email is required"}]}, err.details
assert err.request_id == "req_list"

err = fetch("/plain")
assert isinstance(err, api.PermissionDeniedError) and err.code == "FORBIDDEN", err

err = fetch("/boom")
assert isinstance(err, api.InternalServerError), type(err)
assert err.message == "Internal server error" and "hunter2" not in json.dumps(err.body), err.message
assert err.retryable

assert api.parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
assert api.ERROR_STATUS["PLAN_LIMIT_REACHED"] == 402
print(json.dumps({"ok": True, "codes": len(api.ERROR_STATUS)}))
`

function runPython(
  args: string[],
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => {
      stdout += c
    })
    child.stderr.on('data', (c) => {
      stderr += c
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('generated Python errors module', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-py-'))
  let server: Server
  let base: string

  beforeAll(async () => {
    writeFileSync(join(dir, 'errors.py'), generatePython(errors))
    writeFileSync(join(dir, 'check.py'), SCRIPT)
    server = createServer((req, res) => {
      const route = ROUTES[req.url ?? '']
      if (!route) {
        res.writeHead(500).end()
        return
      }
      const requestId = `req_${(req.url ?? '').split('/')[1]}`
      const rendered = formats[route.format].render(route.error(), { requestId })
      res.writeHead(rendered.status, rendered.headers)
      res.end(JSON.stringify(rendered.body))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
    rmSync(dir, { recursive: true, force: true })
  })

  it('uses only the standard library and compiles', async () => {
    const source = generatePython(errors)
    const imports = [...source.matchAll(/^(?:from (\S+) import|import (\S+))/gm)].map((m) => m[1] ?? m[2])
    expect(imports.sort()).toEqual(['email.utils', 'json', 'time', 'urllib.parse'])
    const compiled = await runPython(['-m', 'py_compile', join(dir, 'errors.py')])
    expect(compiled.stderr).toBe('')
    expect(compiled.code).toBe(0)
  })

  it('turns real responses of every format into typed exceptions (RateLimitError with retry_after 42)', async () => {
    const result = await runPython([join(dir, 'check.py'), dir, base])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({ ok: true, codes: errors.codes.length })
  })
})
