// Formatting for the benchmark report: sizes, rates, durations, markdown tables and the sections holding them.

/** Bytes as KB (1024) with one decimal. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
/** A size difference with its sign. */
export const signedKb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${kb(Math.abs(bytes))}`
/** A whole number with thousands separators. */
export const count = (n: number) => Math.round(n).toLocaleString('en-US')
/** `a / b` as `0.25×`. */
export const ratio = (a: number, b: number) => times(a / b)
/** A ratio as `0.25×`. */
export const times = (r: number) => `${r.toFixed(2)}×`
/** autocannon latency (whole ms): 0 means under a millisecond. */
export const latency = (n: number) => (n === 0 ? '<1' : String(n))
/** Milliseconds, rounded. */
export const ms = (n: number) => `${n.toFixed(0)} ms`
const row = (cells: unknown[]) => `| ${cells.join(' | ')} |`
/** A markdown table. */
export const table = (head: string[], rows: unknown[][]) =>
  [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n')
/** The table cell for a part that has no result. */
export const failed = (error: Error) => `not measured: ${error.message.split('\n')[0]}`
/** A report section: its title, what was measured and how, one table, then any notes below it. */
export const section = (title: string, method: string, head: string[], rows: unknown[][], ...notes: string[]) =>
  [`## ${title}`, '', method, '', table(head, rows), ...notes.flatMap((note) => ['', note])].join('\n')
