// docs/traceability.md names, for every duty, the tests that show it: each named file exists and holds each named test.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
const rows = fs.readFileSync(path.join(ROOT, 'docs', 'traceability.md'), 'utf8').split('\n').filter((l) => /^\| [A-Z]\d+ /.test(l));

/** Each test file a row names, with the test names quoted after it (up to the next file). */
function citations(row: string): { rule: string; file: string; names: string[] }[] {
  const cells = row.split(' | ');
  const rule = (cells[0] ?? '').replace(/^\| /, '').split(' ')[0] ?? '';
  const shownBy = cells[cells.length - 1] ?? '';
  const out: { rule: string; file: string; names: string[] }[] = [];
  const parts = shownBy.split(/`(tests\/[^`]+\.test\.ts)`/);
  for (let i = 1; i < parts.length; i += 2) {
    const names = [...(parts[i + 1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/\s*…$/, '').trim());
    out.push({ rule, file: parts[i] as string, names });
  }
  return out;
}

/** A test's name as written in its file, with test.each's %s placeholders matching anything. */
function namePatterns(source: string): RegExp[] {
  return [...source.matchAll(/\b(?:test|it|describe)(?:\.each\([\s\S]*?\))?\(\s*(['`"])((?:\\.|(?!\1).)*)\1/g)].map((m) => {
    const escaped = (m[2] ?? '').replace(/\\(.)/g, '$1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%[sdpi#jo]/g, '.*?');
    return new RegExp(`^${escaped}`);
  });
}

const cited = rows.flatMap(citations);

test('when the traceability table is read, then it cites tests for every rule', () => {
  expect(rows.length).toBeGreaterThan(40);
  expect(cited.length).toBeGreaterThan(40);
});

test.each(cited.map((c) => [c.rule, c.file, c] as const))('when %s cites %s, then the file exists and holds each test it names', (_rule, file, c) => {
  const full = path.join(ROOT, file);
  expect(fs.existsSync(full)).toBe(true);
  const patterns = namePatterns(fs.readFileSync(full, 'utf8'));
  // Names as written in the file, quotes unescaped.
  const source = fs.readFileSync(full, 'utf8').replace(/\\(['"`])/g, '$1');
  for (const name of c.names) {
    // A long name may be cited with a middle part left out ("when … then …"): its parts appear in order on one line.
    const parts = name.split('…').map((p) => p.trim()).filter(Boolean);
    const inOrder = new RegExp(parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^\\n]*?'));
    const found = inOrder.test(source) || patterns.some((p) => p.test(name));
    if (!found) throw new Error(`${file} has no test named "${name}"`);
  }
});
