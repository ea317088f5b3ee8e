// Refreshes src/domain/data/bank-holidays.json from GOV.UK's bank holidays JSON, checked before it is written:
//   npm run bank-holidays
// GOV.UK adds each year's bank holidays about a year ahead; the service warns at start-up when its copy runs short.
import fs from 'node:fs';
import path from 'node:path';
import { bankHolidaysSchema } from '../src/domain/working-days';

const SOURCE = 'https://www.gov.uk/bank-holidays.json';

async function main(): Promise<void> {
  const res = await fetch(SOURCE);
  if (!res.ok) throw new Error(`${SOURCE} answered ${res.status}`);
  const body = bankHolidaysSchema.parse(await res.json());
  // npm runs scripts from the project's root.
  const target = path.join(process.cwd(), 'src', 'domain', 'data', 'bank-holidays.json');
  fs.writeFileSync(target, JSON.stringify(body));
  const dates = body['england-and-wales'].events.map((e) => e.date).sort();
  console.log(`wrote ${dates.length} England and Wales bank holidays, ${dates[0]} to ${dates.at(-1)}, to ${path.relative(process.cwd(), target)}`);
}

main().catch((err: unknown) => {
  console.error(`bank holidays not refreshed: ${(err as Error).message}`);
  process.exit(1);
});
