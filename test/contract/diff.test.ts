import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type } from 'arktype'
import { afterAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { snapshotCatalog } from '../../src/catalog/snapshot.js'
import { diffSnapshots } from '../../src/contract/diff.js'
import { defineErrors } from '../../src/index.js'
import { runFaultline } from './run-cli.js'

const base = {
  AGENT_NOT_FOUND: {
    status: 404,
    message: 'Agent not found',
    description: 'No agent found with the provided ID',
    resolution: 'Check the agent ID',
    details: z.object({ agentId: z.string(), workspace: z.string().optional() }),
  },
  RATE_LIMITED: { status: 429, description: 'Too many requests', resolution: 'Wait' },
  UPSTREAM_DOWN: { status: 503, description: 'A dependency is down', resolution: 'Retry later' },
} as const

/** One catalog pair per rule: [name, changed entries, expected exit code, expected change kinds]. */
const PAIRS: ReadonlyArray<readonly [string, Record<string, unknown>, 0 | 1, string[]]> = [
  ['a code removed', { RATE_LIMITED: undefined }, 1, ['removed']],
  [
    'a code renamed (same status and description)',
    { RATE_LIMITED: undefined, TOO_MANY_REQUESTS: base.RATE_LIMITED },
    1,
    ['renamed'],
  ],
  ['a status changed', { AGENT_NOT_FOUND: { ...base.AGENT_NOT_FOUND, status: 410 } }, 1, ['status-changed']],
  [
    'retryable became not retryable',
    { UPSTREAM_DOWN: { ...base.UPSTREAM_DOWN, retry: 'never' } },
    1,
    ['retryable-changed'],
  ],
  [
    'not retryable became retryable',
    { AGENT_NOT_FOUND: { ...base.AGENT_NOT_FOUND, retry: 'backoff' } },
    1,
    ['retryable-changed'],
  ],
  [
    'a details property removed',
    { AGENT_NOT_FOUND: { ...base.AGENT_NOT_FOUND, details: z.object({ agentId: z.string() }) } },
    1,
    ['details-narrowed'],
  ],
  [
    'a details property newly required',
    {
      AGENT_NOT_FOUND: {
        ...base.AGENT_NOT_FOUND,
        details: z.object({ agentId: z.string(), workspace: z.string() }),
      },
    },
    1,
    ['details-narrowed'],
  ],
  [
    'a details property changed type',
    {
      AGENT_NOT_FOUND: {
        ...base.AGENT_NOT_FOUND,
        details: z.object({ agentId: z.number(), workspace: z.string().optional() }),
      },
    },
    1,
    ['details-narrowed'],
  ],
  ['nothing changed', {}, 0, []],
  [
    'a code added',
    { QUOTA_EXCEEDED: { status: 402, description: 'Quota', resolution: 'Upgrade' } },
    0,
    ['added'],
  ],
  [
    'a code deprecated',
    { RATE_LIMITED: { ...base.RATE_LIMITED, deprecated: 'Use THROTTLED' } },
    0,
    ['deprecated'],
  ],
  [
    'texts changed',
    {
      AGENT_NOT_FOUND: { ...base.AGENT_NOT_FOUND, message: 'No such agent', resolution: 'List your agents' },
    },
    0,
    ['text-changed', 'text-changed', 'text-changed'],
  ],
  [
    'an optional details property added (widened)',
    {
      AGENT_NOT_FOUND: {
        ...base.AGENT_NOT_FOUND,
        details: type({ agentId: 'string', 'workspace?': 'string', 'hint?': 'string' }),
      },
    },
    0,
    ['details-changed'],
  ],
  [
    'retry guidance refined without changing retryability',
    { RATE_LIMITED: { ...base.RATE_LIMITED, retry: { strategy: 'retry-after', attempts: 1 } } },
    0,
    ['retry-changed'],
  ],
]

function catalogWith(changes: Record<string, unknown>) {
  const entries: Record<string, unknown> = { ...base }
  for (const [code, entry] of Object.entries(changes)) {
    if (entry === undefined) delete entries[code]
    else entries[code] = entry
  }
  return defineErrors(entries as never)
}

const dir = mkdtempSync(join(tmpdir(), 'faultline-diff-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('diffSnapshots', () => {
  it.each(PAIRS)('%s', (_name, changes, exit, kinds) => {
    const diff = diffSnapshots(snapshotCatalog(catalogWith({})), snapshotCatalog(catalogWith(changes)))
    expect([...diff.breaking, ...diff.safe].map((c) => c.kind).sort()).toEqual([...kinds].sort())
    expect(diff.breaking.length > 0 ? 1 : 0).toBe(exit)
  })

  it('names the rename and the narrowed property', () => {
    const renamed = diffSnapshots(
      snapshotCatalog(catalogWith({})),
      snapshotCatalog(catalogWith({ RATE_LIMITED: undefined, TOO_MANY_REQUESTS: base.RATE_LIMITED })),
    )
    expect(renamed.breaking[0]).toMatchObject({
      kind: 'renamed',
      code: 'RATE_LIMITED',
      to: 'TOO_MANY_REQUESTS',
    })
    expect(renamed.safe).toEqual([])
    const narrowed = diffSnapshots(
      snapshotCatalog(catalogWith({})),
      snapshotCatalog(
        catalogWith({
          AGENT_NOT_FOUND: { ...base.AGENT_NOT_FOUND, details: z.object({ agentId: z.string() }) },
        }),
      ),
    )
    expect(narrowed.breaking[0]!.message).toBe('AGENT_NOT_FOUND: details.workspace: property removed')
  })
})

describe('faultline diff (the real CLI)', () => {
  const oldFile = join(dir, 'old.json')
  writeFileSync(oldFile, JSON.stringify(snapshotCatalog(catalogWith({}))))

  const named = PAIRS.map(
    ([name, changes, exit, kinds]) => [`${name} → exit ${exit}`, changes, exit, kinds] as const,
  )
  it.each(named)('%s', async (name, changes, exit, kinds) => {
    const newFile = join(dir, `${name.replace(/\W+/g, '-')}.json`)
    writeFileSync(newFile, JSON.stringify(snapshotCatalog(catalogWith(changes))))
    const result = await runFaultline(['diff', oldFile, newFile, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(exit)
    const diff = JSON.parse(result.stdout)
    expect([...diff.breaking, ...diff.safe].map((c: { kind: string }) => c.kind).sort()).toEqual(
      [...kinds].sort(),
    )
  })

  it('compares a TypeScript catalog against a snapshot and prints a readable report', async () => {
    const snapshot = join(dir, 'agents.json')
    const made = await runFaultline([
      'snapshot',
      'test/contract/fixtures/agents-catalog.ts',
      '--out',
      snapshot,
    ])
    expect(made.code).toBe(0)
    const same = await runFaultline(['diff', snapshot, 'test/contract/fixtures/agents-catalog.ts'])
    expect(same).toMatchObject({ code: 0, stdout: 'No contract changes.\n' })
    const shrunk = await runFaultline([
      'diff',
      snapshot,
      'test/contract/fixtures/two-catalogs.ts',
      '--export',
      'first',
    ])
    expect(shrunk.code).toBe(1)
    expect(shrunk.stdout).toMatch(/^Breaking changes \(\d+\):\n/)
    expect(shrunk.stdout).toContain('  ✗ AGENT_NOT_FOUND removed (was 404)\n')
    expect(shrunk.stdout).toContain('Non-breaking changes (1):\n  ✓ ONE added (400)')
  })
})
