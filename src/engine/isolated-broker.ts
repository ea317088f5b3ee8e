// A broker of its own for tests and benchmarks: its own data folder, free loopback ports, and the controlled clock.
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

export async function isolatedBrokerConfig(dataDir: string, overrides: Record<string, string> = {}): Promise<Config> {
  const [gateway, rest, management, command, internal] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  return loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    ZEEBE_CLOCK_CONTROLLED: 'true',
    ZEEBE_GATEWAY_PORT: String(gateway),
    ZEEBE_REST_PORT: String(rest),
    ZEEBE_MANAGEMENT_PORT: String(management),
    ZEEBE_COMMAND_PORT: String(command),
    ZEEBE_INTERNAL_PORT: String(internal),
    // Streams of their own, so a run never reads another broker's records.
    EXPORT_STREAM_PREFIX: `care-front-door-${path.basename(dataDir)}`,
    ...overrides,
  });
}
