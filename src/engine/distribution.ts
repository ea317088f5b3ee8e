// Builds the engine host (engine/: Spring Boot with Operaton, every version pinned in engine/pom.xml) with Maven, once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** The checkout's root, found from src/ (ts-jest) and from dist/src/ (compiled) alike. */
export const PROJECT_ROOT = findRoot(__dirname);
export const ENGINE_DIR = path.join(PROJECT_ROOT, 'engine');
export const POM = path.join(ENGINE_DIR, 'pom.xml');
export const ENGINE_JAR = path.join(ENGINE_DIR, 'target', 'care-front-door-engine.jar');

function findRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'engine', 'pom.xml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`No engine/pom.xml above ${from}`);
    dir = up;
  }
  return dir;
}

/** The newest modification time of what the jar is built from: the pom and everything under engine/src. */
function newestSource(): number {
  const files = [POM, ...fs.readdirSync(path.join(ENGINE_DIR, 'src'), { recursive: true, encoding: 'utf8' }).map((f) => path.join(ENGINE_DIR, 'src', f))];
  return Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
}

/** True when the jar is missing or older than its sources. */
export function engineNeedsBuild(): boolean {
  return !fs.existsSync(ENGINE_JAR) || fs.statSync(ENGINE_JAR).mtimeMs < newestSource();
}

/**
 * Builds engine/target/care-front-door-engine.jar with Maven when it is missing or stale, with the JDK given.
 * Throws a sentence naming what is missing (Maven) or what Maven said.
 */
export function ensureEngineJar(javaHome: string, onBuild: () => void = () => undefined): string {
  if (!engineNeedsBuild()) return ENGINE_JAR;
  onBuild();
  try {
    execFileSync('mvn', ['-q', '-B', '-f', POM, 'package', '-DskipTests'], {
      stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, JAVA_HOME: javaHome },
    });
  } catch (err) {
    const e = err as { code?: string; stdout?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') {
      throw new Error('Maven (mvn) is not installed; it builds the engine host from engine/pom.xml. Install Maven 3.8+ (apt-get install maven) or set ENGINE_REST_URL to use an engine that runs elsewhere.', { cause: err });
    }
    throw new Error(`Could not build the engine host with Maven: ${((e.stdout ?? '') + (e.stderr ?? '')).trim().slice(-2000) || e.message}`, { cause: err });
  }
  if (!fs.existsSync(ENGINE_JAR)) throw new Error(`Maven ran but ${ENGINE_JAR} is not there`);
  // Maven may keep the jar's old time when nothing changed; mark it as built now.
  const now = new Date();
  fs.utimesSync(ENGINE_JAR, now, now);
  return ENGINE_JAR;
}
