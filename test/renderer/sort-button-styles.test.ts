/**
 * The column-sort buttons of three views share one class, and Vite concatenates every stylesheet
 * into one file: a rule one view writes for `.sort-button` applies in all views. jsdom has no
 * selector specificity, so these checks read the stylesheets' selectors instead of computed styles.
 */
// The renderer's tsconfig has no Node types: describe just what this test uses.
declare const __dirname: string;
const fs = jest.requireActual<{
  readdirSync(path: string, options: { recursive: true }): string[];
  readFileSync(path: string, encoding: 'utf8'): string;
}>('node:fs');

const ROOT = `${__dirname}/../../renderer/src`;

/** Each view's sort buttons, by the stylesheet that styles them and the container they live in. */
const SCOPES: Readonly<Record<string, string>> = {
  'views/reports/report-list.css': '.report-grid-header',
  'views/detail/report-detail.css': '.module-table',
  'views/problems/problems.css': '.problems-table',
};

/** Every selector (comma-separated parts of the rule preludes) of a stylesheet that mentions `.sort-button`. */
function sortButtonSelectors(file: string): string[] {
  const css = fs.readFileSync(`${ROOT}/${file}`, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...css.matchAll(/([^{}]+)\{[^{}]*\}/g)]
    .flatMap((m) => (m[1] ?? '').split(','))
    .map((s) => s.trim().replace(/\s+/g, ' '))
    .filter((s) => s.includes('.sort-button'));
}

const files = fs.readdirSync(ROOT, { recursive: true }).filter((f) => f.endsWith('.css')).map((f) => f.replace(/\\/g, '/'));

describe('sort button styles', () => {
  it('has one neutral base rule, in the global stylesheet', () => {
    expect(sortButtonSelectors('styles.css')).toEqual(['.sort-button']);
    const css = fs.readFileSync(`${ROOT}/styles.css`, 'utf8');
    expect(css).toMatch(/\n\.sort-button \{[^}]*color: inherit;[^}]*\}/);
  });

  it('scopes every other sort-button rule to its own view', () => {
    for (const file of files.filter((f) => f !== 'styles.css')) {
      const selectors = sortButtonSelectors(file);
      if (selectors.length === 0) continue;
      // A new view styling sort buttons gets its own container here.
      expect(SCOPES).toHaveProperty([file]);
      const scope = SCOPES[file];
      for (const selector of selectors) expect({ file, selector, scoped: selector.startsWith(`${scope} `) }).toEqual({ file, selector, scoped: true });
    }
  });

  it('marks only a header sorted ascending or descending as active, never aria-sort="none"', () => {
    const withSortState = files.flatMap((f) => sortButtonSelectors(f)).filter((s) => s.includes('aria-sort'));
    expect(withSortState.length).toBeGreaterThan(0);
    for (const selector of withSortState) expect(selector).toMatch(/\[aria-sort='(ascending|descending)'\]/);
  });
});
