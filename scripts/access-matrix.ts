// Prints the access policy (src/api/access-policy.ts) as the Markdown table the README carries: `npm run -s access:matrix`.
import { accessMatrix } from '../src/api/access-policy';

process.stdout.write(`${accessMatrix()}\n`);
