export type QueryValue = string | number | boolean | null | undefined
export type Query = Readonly<Record<string, QueryValue | readonly QueryValue[]>>

/** The base URL without a trailing slash, checked once when the client is created. */
export function normalizeBaseUrl(baseUrl: string | URL): string {
  const text = String(baseUrl)
  // Throws a TypeError for a malformed base at creation time, not at the first request.
  new URL(text)
  return text.endsWith('/') ? text.slice(0, -1) : text
}

/** `base + path` (an absolute `path` stands alone), then the query; undefined and null values are left out. */
export function requestUrl(base: string, path: string, query: Query | undefined): string {
  let url: string
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) url = path
  else url = path.startsWith('/') ? base + path : `${base}/${path}`
  if (query === undefined) return url
  const params = new URLSearchParams()
  for (const name of Object.keys(query)) {
    const value = query[name]
    const values = Array.isArray(value) ? value : [value]
    for (const item of values) if (item !== undefined && item !== null) params.append(name, String(item))
  }
  const search = params.toString()
  if (search === '') return url
  return url + (url.includes('?') ? '&' : '?') + search
}
