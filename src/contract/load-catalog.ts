import { existsSync, readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import type { AnyCatalog } from '../catalog/define.js'
import {
  type CatalogSnapshot,
  catalogFromSnapshot,
  isCatalogSnapshot,
  snapshotCatalog,
} from '../catalog/snapshot.js'
import { sourceAliases } from './source-aliases.js'

/** A catalog file that cannot be used; the CLI prints its message as one line (no stack). */
export class CatalogLoadError extends Error {
  override readonly name = 'CatalogLoadError'
}

export interface LoadCatalogOptions {
  /** The export holding the catalog, when a module exports several. */
  readonly exportName?: string | undefined
}

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.tsx', '.jsx'])

/** Whether a value is a catalog made by `defineErrors` (duck-typed: another module copy's catalog works too). */
export function isCatalog(value: unknown): value is AnyCatalog {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<AnyCatalog>
  return (
    Array.isArray(candidate.codes) &&
    typeof candidate.entries === 'object' &&
    typeof candidate.create === 'function' &&
    typeof candidate.entry === 'function'
  )
}

/** Loads a catalog from a TypeScript/JavaScript module (no build step) or a JSON snapshot. */
export async function loadCatalog(path: string, options: LoadCatalogOptions = {}): Promise<AnyCatalog> {
  const file = resolve(path)
  if (!existsSync(file)) throw new CatalogLoadError(`catalog file not found: ${path}`)
  const ext = extname(file).toLowerCase()
  if (ext === '.json') return catalogFromSnapshotFile(file, path)
  if (!MODULE_EXTENSIONS.has(ext)) {
    throw new CatalogLoadError(`cannot load ${path}: expected a .ts/.js module or a .json snapshot`)
  }
  return catalogFromModule(file, path, options.exportName)
}

/** The snapshot of a catalog file: a JSON snapshot as is, a module's catalog snapshotted. */
export async function loadSnapshot(path: string, options: LoadCatalogOptions = {}): Promise<CatalogSnapshot> {
  const file = resolve(path)
  if (extname(file).toLowerCase() === '.json' && existsSync(file)) {
    const snapshot = readJson(file, path)
    if (!isCatalogSnapshot(snapshot))
      throw new CatalogLoadError(`${path} is not a faultline catalog snapshot`)
    return snapshot
  }
  return snapshotCatalog(await loadCatalog(path, options))
}

function readJson(file: string, shown: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    throw new CatalogLoadError(`cannot read ${shown}: ${firstLine(error)}`)
  }
}

function catalogFromSnapshotFile(file: string, shown: string): AnyCatalog {
  const snapshot = readJson(file, shown)
  if (!isCatalogSnapshot(snapshot)) {
    throw new CatalogLoadError(
      `${shown} is not a faultline catalog snapshot (expected { "faultline": 1, "codes": {...} })`,
    )
  }
  try {
    return catalogFromSnapshot(snapshot)
  } catch (error) {
    throw new CatalogLoadError(`invalid catalog in ${shown}: ${firstLine(error)}`)
  }
}

async function catalogFromModule(
  file: string,
  shown: string,
  exportName: string | undefined,
): Promise<AnyCatalog> {
  let module: Record<string, unknown>
  try {
    const { createJiti } = await import('jiti')
    module = (await createJiti(import.meta.url, { alias: sourceAliases() }).import(file)) as Record<
      string,
      unknown
    >
  } catch (error) {
    throw new CatalogLoadError(`cannot load ${shown}: ${firstLine(error)}`)
  }
  if (exportName !== undefined) {
    const named = module[exportName]
    if (named === undefined) throw new CatalogLoadError(`${shown} has no export named ${exportName}`)
    if (!isCatalog(named))
      throw new CatalogLoadError(`export ${exportName} of ${shown} is not a catalog made by defineErrors`)
    return named
  }
  if (isCatalog(module.default)) return module.default
  const found = Object.entries(module).filter(([name, value]) => name !== 'default' && isCatalog(value))
  if (found.length === 1) return found[0]![1] as AnyCatalog
  if (found.length > 1) {
    const names = found.map(([name]) => name).join(', ')
    throw new CatalogLoadError(`${shown} exports several catalogs (${names}); choose one with --export NAME`)
  }
  throw new CatalogLoadError(`${shown} exports no catalog (export the result of defineErrors)`)
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0] ?? text
}
