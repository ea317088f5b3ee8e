// Writes src/domain/data/notify-countries.json: the country and territory names GOV.UK Notify recognises on the last
// line of a letter's address, and which are in Royal Mail's Europe zone. Built as Notify builds them
// (notifications_utils/countries/data.py) from the data files of a notifications-utils checkout:
//   git clone <notifications-utils repository> /tmp/notifications-utils
//   npm run notify:countries -- /tmp/notifications-utils
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

interface GraphItem { edges: { from: string[] }; meta: { canonical: boolean }; names: { 'en-GB': string } }

const checkout = process.argv[2];
if (!checkout) {
  console.error('usage: npm run notify:countries -- <path to a notifications-utils checkout>');
  process.exit(2);
}
const dir = path.join(checkout, 'notifications_utils', 'countries', '_data');
const json = <T>(f: string): T => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as T;
const lines = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);

const UK = 'United Kingdom';
const graph = json<Record<string, GraphItem>>('location-autocomplete-graph.json');
const ended = json<Record<string, string | null>>('ended-countries.json');
const ignored = new Set(lines('ignored-numeric-synonyms.txt'));
const ukIslands = lines('uk-islands.txt');
const canonicalOf = (item: GraphItem): string => (item.meta.canonical ? item.names['en-GB'] : canonicalOf(graph[item.edges.from[0] ?? ''] as GraphItem));

// Later pairs win, as in Notify's dict of them.
const pairs: [string, string][] = [];
for (const item of Object.values(graph)) {
  const synonym = item.names['en-GB'];
  const canonical = canonicalOf(item);
  if (ignored.has(synonym)) continue;
  if (ukIslands.includes(canonical)) pairs.push([synonym, UK]);
  else if (canonical in ended) {
    const successor = ended[canonical];
    if (successor) pairs.push([synonym, successor], [canonical, successor]);
  } else pairs.push([synonym, canonical]);
}
pairs.push(...ukIslands.map((s): [string, string] => [s, UK]), ...lines('european-islands.txt').map((s): [string, string] => [s, s]));
pairs.push(...Object.entries(json<Record<string, string>>('welsh-names.json')), ...Object.entries(json<Record<string, string>>('synonyms.json')));

let commit = 'unknown';
try {
  commit = execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  // Not a git checkout: the data still stands.
}
const out = {
  source: `alphagov/notifications-utils ${commit}, notifications_utils/countries/_data (MIT licence)`,
  europe: lines('europe.txt'),
  names: pairs,
};
// npm runs scripts from the project's root.
const target = path.join(process.cwd(), 'src', 'domain', 'data', 'notify-countries.json');
fs.writeFileSync(target, `${JSON.stringify(out, null, 0)}\n`);
console.log(`wrote ${pairs.length} names to ${path.relative(process.cwd(), target)}`);
