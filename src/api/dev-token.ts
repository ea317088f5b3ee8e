// Prints a development access token, so the API can be called locally without an identity provider.
import { parseArgs } from 'node:util';
import { DEFAULT_DEV_SECRET, signDevToken } from './auth';

export const USAGE = 'Usage: npm run -s token -- --sub <user id> [--groups group1,group2] [--expires 8h]';

/** Signs the token the arguments describe, with JWT_DEV_SECRET or else the service's own default secret. */
export async function devToken(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      sub: { type: 'string' },
      groups: { type: 'string', default: '' },
      expires: { type: 'string', default: '8h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.sub === undefined || values.sub.trim() === '') throw new Error('--sub is required: the user the token is for');
  const groups = values.groups
    .split(',')
    .map((g) => g.trim())
    .filter((g) => g !== '');
  // An exported but empty variable counts as unset, hence || rather than ??.
  const secret = env.JWT_DEV_SECRET || DEFAULT_DEV_SECRET;
  return signDevToken(secret, { id: values.sub.trim(), groups }, values.expires);
}

if (require.main === module) {
  // On stderr, so it never ends up in a captured token: a mismatch with the service's secret is the usual reason a token is refused.
  if (!process.env.JWT_DEV_SECRET) process.stderr.write('JWT_DEV_SECRET is not set: signing with the default development secret.\n');
  devToken(process.argv.slice(2)).then(
    (token) => {
      // Only the token on stdout, so `TOKEN=$(npm run -s token -- …)` works.
      process.stdout.write(`${token}\n`);
    },
    (err: Error) => {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      process.exitCode = 2;
    },
  );
}
