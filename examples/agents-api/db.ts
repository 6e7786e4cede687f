import { createHash, randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'

export type Db = Database.Database

const SCHEMA = `
CREATE TABLE IF NOT EXISTS plans (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, max_agents INTEGER NOT NULL, max_vault_sites INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS workspaces (
  id TEXT PRIMARY KEY, name TEXT NOT NULL, owner_id TEXT NOT NULL REFERENCES users(id),
  plan_id TEXT NOT NULL REFERENCES plans(id)
);
CREATE TABLE IF NOT EXISTS members (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id), user_id TEXT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')), PRIMARY KEY (workspace_id, user_id)
);
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY, key_hash TEXT NOT NULL UNIQUE, user_id TEXT NOT NULL REFERENCES users(id),
  scopes TEXT NOT NULL, revoked_at TEXT, expires_at TEXT
);
CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id), name TEXT NOT NULL,
  identifier TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0, webhook_secret TEXT NOT NULL,
  created_at TEXT NOT NULL, UNIQUE (workspace_id, identifier)
);
CREATE TABLE IF NOT EXISTS runs (
  id TEXT PRIMARY KEY, agent_id TEXT NOT NULL REFERENCES agents(id),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
  input TEXT NOT NULL, output TEXT, error_code TEXT, created_at TEXT NOT NULL, finished_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS one_active_run ON runs (agent_id) WHERE status = 'running';
CREATE TABLE IF NOT EXISTS vault_tokens (
  id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id), site TEXT NOT NULL,
  token TEXT NOT NULL, manifest TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (workspace_id, site)
);
CREATE TABLE IF NOT EXISTS messages (
  id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, prompt TEXT NOT NULL, answer TEXT NOT NULL, created_at TEXT NOT NULL
);
`

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url')}`
}

/** The demo keys the README's curl lines use; printed at start. */
export const DEMO_KEYS = {
  owner: 'sk_demo_owner_0000000000000000',
  readonly: 'sk_demo_readonly_00000000000000',
  outsider: 'sk_demo_outsider_00000000000000',
  revoked: 'sk_demo_revoked_000000000000000',
  expired: 'sk_demo_expired_000000000000000',
} as const

export const DEMO_WORKSPACE = 'ws_demo'
export const DEMO_DEFAULT_AGENT = 'agt_default'

/** Opens (and on first start creates and seeds) the database file. */
export function openDatabase(file: string): Db {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 2000')
  db.pragma('foreign_keys = ON')
  db.exec(SCHEMA)
  const seeded = db.prepare('SELECT 1 FROM plans LIMIT 1').get()
  if (!seeded) seed(db)
  return db
}

function seed(db: Db): void {
  const now = new Date().toISOString()
  const past = new Date(Date.now() - 86_400_000).toISOString()
  db.transaction(() => {
    db.prepare('INSERT INTO plans VALUES (?, ?, ?, ?)').run('free', 'Free', 3, 2)
    db.prepare('INSERT INTO plans VALUES (?, ?, ?, ?)').run('team', 'Team', 50, 20)
    for (const [id, name] of [
      ['usr_owner', 'Ada Owner'],
      ['usr_member', 'Max Member'],
      ['usr_outsider', 'Olive Outsider'],
    ]) {
      db.prepare('INSERT INTO users VALUES (?, ?)').run(id, name)
    }
    db.prepare('INSERT INTO workspaces VALUES (?, ?, ?, ?)').run(
      DEMO_WORKSPACE,
      'Demo workspace',
      'usr_owner',
      'free',
    )
    db.prepare('INSERT INTO members VALUES (?, ?, ?)').run(DEMO_WORKSPACE, 'usr_owner', 'owner')
    db.prepare('INSERT INTO members VALUES (?, ?, ?)').run(DEMO_WORKSPACE, 'usr_member', 'member')
    const key = db.prepare('INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?)')
    const all = 'agents:read agents:write runs:write vault:write members:write chat'
    key.run('key_owner', hashKey(DEMO_KEYS.owner), 'usr_owner', all, null, null)
    key.run('key_readonly', hashKey(DEMO_KEYS.readonly), 'usr_member', 'agents:read', null, null)
    key.run('key_outsider', hashKey(DEMO_KEYS.outsider), 'usr_outsider', all, null, null)
    key.run('key_revoked', hashKey(DEMO_KEYS.revoked), 'usr_owner', all, now, null)
    key.run('key_expired', hashKey(DEMO_KEYS.expired), 'usr_owner', all, null, past)
    db.prepare('INSERT INTO agents VALUES (?, ?, ?, ?, 1, ?, ?)').run(
      DEMO_DEFAULT_AGENT,
      DEMO_WORKSPACE,
      'Default agent',
      'default',
      'whsec_demo',
      now,
    )
  })()
}
