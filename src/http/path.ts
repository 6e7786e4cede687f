/** The path of a request target or absolute URL, without query or fragment, as sent (not decoded). */
export function pathOfUrl(url: string): string {
  let start = 0
  if (url.charCodeAt(0) !== 47) {
    const scheme = url.indexOf('://')
    start = scheme === -1 ? 0 : url.indexOf('/', scheme + 3)
    if (start === -1) return '/'
  }
  let end = url.length
  const query = url.indexOf('?', start)
  if (query !== -1) end = query
  const hash = url.indexOf('#', start)
  if (hash !== -1 && hash < end) end = hash
  return url.slice(start, end) || '/'
}
