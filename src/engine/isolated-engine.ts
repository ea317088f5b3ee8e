// An engine host of its own for tests and benchmarks: a free loopback port, a database of its own, the test clock on.
import net from 'node:net';
import path from 'node:path';
import { loadConfig, type Config } from '../config';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Configuration for an engine host in `dataDir` with its own database, named after the folder. */
export async function isolatedEngineConfig(dataDir: string, overrides: Record<string, string> = {}): Promise<Config> {
  const base = new URL(process.env.TEST_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  base.pathname = `/${path.basename(dataDir).replace(/[^a-zA-Z0-9_]/g, '_')}_engine`;
  return loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    ENGINE_TEST_CLOCK: 'true',
    ENGINE_PORT: String(await freePort()),
    ENGINE_DATABASE_URL: base.toString(),
    ...overrides,
  });
}
