// Choosing a Java runtime for the engine host: 17 or newer, and a plain sentence when there is none.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findJava, parseJavaVersion } from '../../src/engine/java';

test.each([
  ['openjdk version "17.0.15" 2025-04-15', 17],
  ['openjdk version "25.0.3" 2026-04-21 LTS', 25],
  ['java version "1.8.0_402"', 8],
  ['openjdk version "21" 2023-09-19', 21],
  ['nonsense', undefined],
])('when java -version says %s, then the major version is %s', (text, major) => {
  expect(parseJavaVersion(text)).toBe(major);
});

/** A folder laid out like /usr/lib/jvm whose "java" programs only print a version, as real ones do. */
function jvmDir(versions: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jvm-'));
  for (const [name, version] of Object.entries(versions)) {
    fs.mkdirSync(path.join(dir, name, 'bin'), { recursive: true });
    const bin = path.join(dir, name, 'bin', 'java');
    fs.writeFileSync(bin, `#!/bin/sh\necho 'openjdk version "${version}" 2026-01-01' >&2\n`);
    fs.chmodSync(bin, 0o755);
  }
  return dir;
}

test('when JAVA_HOME is too old, then the newest JDK 17+ in the JVM folder is chosen', () => {
  const dir = jvmDir({ 'java-11': '11.0.1', 'java-17': '17.0.15', 'temurin-25': '25.0.3' });
  expect(findJava({ JAVA_HOME: path.join(dir, 'java-11') }, dir)).toEqual({ javaHome: path.join(dir, 'temurin-25'), version: 25 });
});

test('when JAVA_HOME is 17 or newer, then it is used as it is', () => {
  const dir = jvmDir({ 'java-17': '17.0.15', 'temurin-25': '25.0.3' });
  expect(findJava({ JAVA_HOME: path.join(dir, 'java-17') }, dir).javaHome).toBe(path.join(dir, 'java-17'));
});

test('when no Java 17+ is installed, then the error says what was found and what to install', () => {
  const dir = jvmDir({ 'java-11': '11.0.1' });
  expect(() => findJava({}, dir)).toThrow(/No Java 17\+ runtime found.*java-11 \(11\).*Install a JDK 17 or newer/);
});
