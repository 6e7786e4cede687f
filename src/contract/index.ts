export {
  type CatalogSnapshot,
  catalogFromSnapshot,
  isCatalogSnapshot,
  type JsonSchema,
  type SnapshotEntry,
  snapshotCatalog,
} from '../catalog/snapshot.js'
export { jsonSchemaToTs } from './codegen/json-schema-to-ts.js'
export { generatePython, pythonConstantName } from './codegen/python.js'
export { type CodegenOptions, generateTypeScript } from './codegen/typescript.js'
export {
  type BreakingKind,
  type ContractChange,
  type ContractDiff,
  diffSnapshots,
  formatDiff,
  type SafeKind,
} from './diff.js'
export { type HtmlOptions, renderHtml } from './html.js'
export { formatLintReport, type LintIssue, type LintReport, type LintSeverity, lintCatalog } from './lint.js'
export {
  CatalogLoadError,
  isCatalog,
  type LoadCatalogOptions,
  loadCatalog,
  loadSnapshot,
} from './load-catalog.js'
export { type MarkdownOptions, renderMarkdown } from './markdown.js'
export {
  buildOpenApi,
  detailsSchemaName,
  type OpenApiDocument,
  type OpenApiOptions,
  responseName,
} from './openapi.js'
export { buildReference, type ErrorReference } from './reference.js'
