import type { CatalogApi, CodeOf, DetailsOf } from '../catalog/define.js'
import { APIError } from './errors/api-error.js'

/** A client error whose code is `K` of catalog schema map `S`: `details` has that entry's type. */
export type APIErrorOf<S, K extends CodeOf<S> = CodeOf<S>> = {
  [Code in K]: APIError<Code, DetailsOf<S, Code>>
}[K]

/**
 * Whether `error` is the APIError for catalog code `code`; narrows `code` and `details` with no casts.
 * An unknown code does not compile. Details are trusted as the catalog types them, as the server rendered them.
 */
export function isErrorCode<S, K extends CodeOf<S>>(
  error: unknown,
  catalog: CatalogApi<S>,
  code: K,
): error is APIErrorOf<S, K> {
  return error instanceof APIError && error.code === code && catalog.has(code)
}

/** Whether `error` is an APIError carrying any code of the catalog; checking `code` then narrows `details`. */
export function isCatalogError<S>(error: unknown, catalog: CatalogApi<S>): error is APIErrorOf<S> {
  return error instanceof APIError && catalog.has(error.code)
}
