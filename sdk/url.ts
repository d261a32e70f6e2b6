/** Replaces each `{name}` in a spec path with its percent-encoded value. */
export function fillPath(schemaPath: string, values: Record<string, unknown> = {}): string {
  return schemaPath.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])))
}

/**
 * Serializes query parameters as `?a=1&b=x&b=y`: arrays repeat their key, `undefined` and `null` are left out.
 * Written by hand because WeChat has no `URLSearchParams`.
 */
export function queryString(query: Record<string, unknown> = {}): string {
  const pairs: string[] = []
  for (const key in query) {
    const value = query[key]
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null)
        pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(item))}`)
    }
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : ''
}
