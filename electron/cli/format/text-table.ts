/** Cuts a cell to `width` characters, marking the cut with an ellipsis. */
function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}\u2026`;
}

/** A plain fixed-width text table for terminals; each column has a maximum width. */
export function textTable(
  columns: readonly { readonly title: string; readonly max: number }[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columns.map((c, i) =>
    Math.min(c.max, Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => fit(cell, widths[i] ?? 0)).join('  ').trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
