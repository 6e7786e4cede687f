import type { StandardSchemaV1 } from '@standard-schema/spec'

/**
 * The slice of the Standard Schema interface Faultline relies on. Declared here (types only) so the
 * core has no runtime dependency: Zod 4, Valibot and ArkType schemas all satisfy it.
 */
export type DetailsSchema<Input = any, Output = Input> = StandardSchemaV1<Input, Output>

export type InferDetailsInput<S> = S extends StandardSchemaV1<infer I, any> ? I : never
export type InferDetailsOutput<S> = S extends StandardSchemaV1<any, infer O> ? O : never

export interface SchemaIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

export type SchemaResult<T> =
  | { readonly value: T; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<SchemaIssue> }

/** Runs a Standard Schema synchronously; async schemas are refused because error creation is synchronous. */
export function validateSync<T>(schema: DetailsSchema<any, T>, value: unknown): SchemaResult<T> {
  const result = schema['~standard'].validate(value)
  if (result instanceof Promise) throw new TypeError('details schemas must validate synchronously')
  return result as SchemaResult<T>
}
