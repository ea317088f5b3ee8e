// The main job: starts the service (and, unless ENGINE_REST_URL is set, its own engine host) and stops it cleanly on a signal.
import { loadConfig } from './config';
import { log } from './log';
import { startService } from './service';

async function main(): Promise<void> {
  const config = loadConfig();
  log.level = config.LOG_LEVEL;
  const service = await startService(config, log);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    void service.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  // A clear sentence, not a stack trace: this is what someone starting the service reads.
  log.error('care front door could not start', { error: err.message });
  process.exitCode = 1;
});
