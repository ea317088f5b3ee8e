// Finds a Java 17+ runtime for the local engine host: JAVA_HOME when it is new enough, else the newest JDK under /usr/lib/jvm.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const MIN_JAVA = 17;

export function javaMajorVersion(javaBin: string): number | undefined {
  // `java -version` writes to stderr.
  const run = spawnSync(javaBin, ['-version'], { encoding: 'utf8', timeout: 20_000 });
  return parseJavaVersion(`${run.stdout ?? ''}${run.stderr ?? ''}`);
}

export function parseJavaVersion(text: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!m?.[1]) return undefined;
  const major = Number(m[1]);
  return major === 1 && m[2] ? Number(m[2]) : major;
}

export function findJava(env: NodeJS.ProcessEnv = process.env, jvmDir = '/usr/lib/jvm'): { javaHome: string; version: number } {
  const seen: string[] = [];
  const candidates: string[] = [];
  if (env.JAVA_HOME) candidates.push(env.JAVA_HOME);
  if (fs.existsSync(jvmDir)) {
    candidates.push(...fs.readdirSync(jvmDir).map((d) => path.join(jvmDir, d)));
  }
  let best: { javaHome: string; version: number } | undefined;
  for (const home of candidates) {
    const bin = path.join(home, 'bin', 'java');
    if (!fs.existsSync(bin)) continue;
    const version = javaMajorVersion(bin);
    seen.push(`${home} (${version ?? 'unknown version'})`);
    if (version === undefined || version < MIN_JAVA) continue;
    if (home === env.JAVA_HOME) return { javaHome: home, version };
    if (!best || version > best.version) best = { javaHome: home, version };
  }
  if (best) return best;
  throw new Error(
    `No Java ${MIN_JAVA}+ runtime found; the engine host (Operaton) needs one. Looked at JAVA_HOME and ${jvmDir}: ` +
      `${seen.length ? seen.join(', ') : 'nothing there'}. Install a JDK ${MIN_JAVA} or newer under ${jvmDir} ` +
      `(apt-get install openjdk-17-jdk-headless, or Temurin 21 or 25) or point JAVA_HOME at one, or set ENGINE_REST_URL to use an engine that runs elsewhere.`,
  );
}
