// Fetches the Zeebe distribution and the Redis exporter with Maven (engine/pom.xml pins both) into a git-ignored folder.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The checkout's root, found from src/ (ts-jest) and from dist/src/ (compiled) alike. */
export const PROJECT_ROOT = findRoot(__dirname);
export const POM = path.join(PROJECT_ROOT, 'engine', 'pom.xml');

function findRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'engine', 'pom.xml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No engine/pom.xml above ${from}`);
    dir = up;
  }
  return dir;
}

function pinned(property: string): string {
  const m = new RegExp(`<${property.replace(/\./g, '\\.')}>([^<]+)</`).exec(fs.readFileSync(POM, 'utf8'));
  if (!m?.[1]) throw new Error(`${POM} does not pin <${property}>`);
  return m[1];
}

export const zeebeVersion = () => pinned('zeebe.version');
export const redisExporterVersion = () => pinned('redis-exporter.version');

function maven(args: string[], what: string): void {
  try {
    execFileSync('mvn', ['-q', '-B', ...args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (err) {
    const e = err as { code?: string; stdout?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      throw new Error('Maven (mvn) is not installed; it fetches the Zeebe distribution. Install Maven 3.8+ or set ZEEBE_ADDRESS.', { cause: err });
    }
    throw new Error(`Could not fetch ${what} with Maven: ${(e.stdout ?? '') + (e.stderr ?? '') || e.message}`, { cause: err });
  }
}

export interface Distribution {
  /** The unpacked broker distribution. */
  home: string;
  /** The Redis exporter's jar, loaded by the broker. */
  redisExporterJar: string;
}

/** The broker and exporter, fetched with Maven when they are not there yet. */
export function ensureDistribution(zeebeHome: string): Distribution {
  const version = zeebeVersion();
  const home = path.join(zeebeHome, `camunda-zeebe-${version}`);
  if (!fs.existsSync(path.join(home, 'lib'))) {
    maven(['-f', POM, `-Dengine.dir=${zeebeHome}`, 'dependency:unpack@broker'], `io.camunda:camunda-zeebe:${version}:tar.gz`);
    if (!fs.existsSync(path.join(home, 'lib'))) throw new Error(`Maven ran but ${home} has no lib/ folder`);
  }
  const exporter = redisExporterVersion();
  const redisExporterJar = path.join(zeebeHome, 'exporters', `zeebe-redis-exporter-${exporter}.jar`);
  if (!fs.existsSync(redisExporterJar)) {
    const artifact = `io.zeebe.redis:zeebe-redis-exporter:${exporter}:jar:jar-with-dependencies`;
    // dependency:get 2.8 still takes `dest`; copy in 3.x would read the exporter's parent pom, which is not served.
    maven(['org.apache.maven.plugins:maven-dependency-plugin:2.8:get', `-Dartifact=${artifact}`, '-Dtransitive=false', `-Ddest=${redisExporterJar}`], artifact);
    if (!fs.existsSync(redisExporterJar)) throw new Error(`Maven ran but ${redisExporterJar} is not there`);
  }
  return { home, redisExporterJar };
}
