/** Replaces each `{name}` in a spec path with its percent-encoded value. */
export function fillPath(schemaPath: string, values: Record<string, unknown> = {}): string {
  return schemaPath.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(String(values[name])))
}

/** Serializes a query as `?a=1&b=x&b=y`: arrays repeat their key, `undefined` and `null` are left out. */
export function queryString(query: Record<string, unknown> = {}): string {
  // By hand: WeChat has no `URLSearchParams`.
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
