// The access policy table (G1): the README's matrix is the table's own, and every group is named and described.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACCESS_POLICY, accessMatrix, GROUPS } from '../../src/api/access-policy';

test('when the README shows who may call each route, then it is the policy table as it is now (npm run -s access:matrix)', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const copy = /<!-- access-matrix:start -->\n([\s\S]*?)\n<!-- access-matrix:end -->/.exec(readme)?.[1];
  expect(copy).toBe(accessMatrix());
});

test('when the policy names a group, then it is one of the groups described, and every route is open to someone', () => {
  for (const [route, p] of Object.entries(ACCESS_POLICY)) {
    expect([route, p.groups.length > 0]).toEqual([route, true]);
    for (const g of p.groups) expect(Object.keys(GROUPS)).toContain(g);
  }
});
