/** Reads the tables of a Markdown document back into rows of cells (the inverse of markdownTable). */
export function parseMarkdownTables(markdown: string): Array<{ header: string[]; rows: string[][] }> {
  const tables: Array<{ header: string[]; rows: string[][] }> = []
  let current: { header: string[]; rows: string[][] } | undefined
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined
      continue
    }
    const cells = splitRow(line)
    if (!current) {
      current = { header: cells, rows: [] }
      tables.push(current)
    } else if (!cells.every((cell) => /^-+$/.test(cell))) {
      current.rows.push(cells)
    }
  }
  return tables
}

function splitRow(line: string): string[] {
  const cells: string[] = []
  let cell = ''
  const body = line.trim().slice(1, -1)
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!
    if (char === '\\' && i + 1 < body.length) {
      cell += body[++i]
    } else if (char === '|') {
      cells.push(cell)
      cell = ''
    } else cell += char
  }
  cells.push(cell)
  return cells.map((c) =>
    c
      .trim()
      .replaceAll('<br>', '\n')
      .replace(/^`(.*)`$/s, '$1'),
  )
}
