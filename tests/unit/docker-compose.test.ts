// docker-compose.yml and the engine's image cannot be run on the project's machines (no Docker engine), so this
// reads them and checks that their parts agree: addresses, ports, credentials, databases and Java versions.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_DEV_SECRET } from '../../src/api/auth';
import { authOptions, configSchema, engineHistoryTimeToLive, loadConfig } from '../../src/config';

const ROOT = path.join(__dirname, '..', '..');
const COMPOSE = path.join(ROOT, 'docker-compose.yml');
const ENGINE_DOCKERFILE = 'engine/Dockerfile';
const POM = path.join(ROOT, 'engine', 'pom.xml');
const APPLICATION_YAML = path.join(ROOT, 'engine', 'src', 'main', 'resources', 'application.yaml');

/** The parts of a compose service these tests read. */
interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: unknown[];
  environment?: unknown;
  command?: unknown;
  volumes?: unknown[];
  healthcheck?: { test?: unknown };
  restart?: string;
  depends_on?: string[] | Record<string, { condition?: string } | null>;
}

interface ComposeFile {
  services?: Record<string, ComposeService | null>;
  volumes?: Record<string, unknown>;
}

const composeText = fs.readFileSync(COMPOSE, 'utf8');
// The engine nodes share their settings through a YAML anchor and merge key (<<), which compose reads.
const compose = YAML.parse(composeText, { merge: true }) as ComposeFile;
const services: Record<string, ComposeService> = Object.fromEntries(
  Object.entries(compose.services ?? {}).map(([name, s]) => [name, s ?? {}]),
);

function service(name: string): ComposeService {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

function imageRepository(image: string): string {
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(0, colon) : image;
}

/** The environment as a map; a list form or a missing key give an empty map, which the string check reports. */
function env(name: string): Record<string, unknown> {
  const e = service(name).environment;
  return e !== null && typeof e === 'object' && !Array.isArray(e) ? (e as Record<string, unknown>) : {};
}

function envString(name: string, key: string): string {
  const v = env(name)[key];
  if (typeof v !== 'string') throw new Error(`${name}.environment.${key} is not a string`);
  return v;
}

interface PortMapping {
  hostIp?: string;
  published?: number;
  target: number;
}

/** Short syntax ("[ip:][host:]container[/proto]") and long syntax ({ target, published, host_ip }). */
function ports(name: string): PortMapping[] {
  return (service(name).ports ?? []).map((p): PortMapping => {
    if (typeof p === 'number') return { target: p };
    if (typeof p === 'string') {
      const parts = p.replace(/\/(tcp|udp)$/, '').split(':');
      const target = Number(parts[parts.length - 1]);
      const published = parts.length > 1 ? Number(parts[parts.length - 2]) : undefined;
      const hostIp = parts.length > 2 ? parts.slice(0, -2).join(':') : undefined;
      return { target, ...(published === undefined ? {} : { published }), ...(hostIp === undefined ? {} : { hostIp }) };
    }
    const long = p as { target?: unknown; published?: unknown; host_ip?: unknown };
    return {
      target: Number(long.target),
      ...(long.published === undefined ? {} : { published: Number(long.published) }),
      ...(typeof long.host_ip === 'string' ? { hostIp: long.host_ip } : {}),
    };
  });
}

/** The command as one string, list or string form alike. */
function commandText(name: string): string {
  const c = service(name).command;
  return Array.isArray(c) ? c.map(String).join(' ') : typeof c === 'string' ? c : '';
}

/** The health check's command as one string, without its CMD / CMD-SHELL marker. */
function healthcheckText(name: string): string {
  const t = service(name).healthcheck?.test;
  if (typeof t === 'string') return t;
  return Array.isArray(t) ? t.slice(1).map(String).join(' ') : '';
}

function dependencies(name: string): [string, string | undefined][] {
  const d = service(name).depends_on;
  if (d === undefined) return [];
  if (Array.isArray(d)) return d.map((n) => [n, undefined]);
  return Object.entries(d).map(([n, o]) => [n, o?.condition]);
}

/** Every string anywhere in a parsed value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** A postgres:// or jdbc:postgresql:// URL's parts. */
function database(url: string): { host: string; port: number; name: string; user?: string; password?: string } {
  const u = new URL(url.replace(/^jdbc:/, ''));
  expect(['postgres:', 'postgresql:']).toContain(u.protocol);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    name: decodeURIComponent(u.pathname.slice(1)),
    ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

function pomValue(element: string): string {
  const m = new RegExp(`<${element.replace(/\./g, '\\.')}>\\s*([^<\\s]+)\\s*</`).exec(fs.readFileSync(POM, 'utf8'));
  if (!m?.[1]) throw new Error(`engine/pom.xml has no <${element}>`);
  return m[1];
}

/** The engine/Dockerfile's instructions, continuation lines joined, comments dropped, by stage (one per FROM). */
interface Instruction {
  op: string;
  args: string;
}

function dockerfileStages(file: string): Instruction[][] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/\\\r?\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m?.[1] || m[2] === undefined || line.trimStart().startsWith('#')) continue;
    const op = m[1].toUpperCase();
    if (op === 'FROM') stages.push([]);
    stages[stages.length - 1]?.push({ op, args: m[2].trim() });
  }
  return stages;
}

function args(stage: Instruction[], op: string): string[] {
  return stage.filter((i) => i.op === op).map((i) => i.args);
}

/** The Java feature release a Temurin-based image carries: maven:3.9-eclipse-temurin-17, eclipse-temurin:17-jre. */
function javaOfImage(from: string): number {
  const m = /eclipse-temurin[-:](\d+)/.exec(from);
  if (!m?.[1]) throw new Error(`cannot tell the Java version of "${from}"`);
  return Number(m[1]);
}

/** ENV KEY=value pairs of a stage. */
function dockerEnv(stage: Instruction[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of args(stage, 'ENV')) {
    for (const m of a.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
      if (m[1] !== undefined) out[m[1]] = (m[2] ?? '').replace(/^"(.*)"$/, '$1');
    }
  }
  return out;
}

/** The keys of the service's configuration (configSchema is an object, refined). */
function configKeys(): string[] {
  const s = configSchema as unknown as { shape?: Record<string, unknown>; innerType?: () => { shape?: Record<string, unknown> } };
  return Object.keys(s.shape ?? s.innerType?.().shape ?? {});
}

const APP = 'care-front-door';
const engineStages = dockerfileStages(ENGINE_DOCKERFILE);
const engineRuntime = engineStages[engineStages.length - 1] ?? [];
// The engine nodes: every service built from engine/Dockerfile.
const engines = Object.entries(services)
  .filter(([, s]) => (s.build as { dockerfile?: unknown } | undefined)?.dockerfile === ENGINE_DOCKERFILE)
  .map(([name]) => name)
  .sort();
const serviceDatabase = () => database(envString(APP, 'DATABASE_URL'));
const engineDatabase = (node: string) => database(envString(node, 'ENGINE_JDBC_URL'));
// The PostgreSQL server: the service its DATABASE_URL names.
const postgres = serviceDatabase().host;
const postgresUser = () => (env(postgres)['POSTGRES_USER'] as string | undefined) ?? 'postgres';

/** Databases the stack creates on the server, and the service that must have finished first (if any). */
function createdDatabases(): { name: string; creator?: string }[] {
  const created: { name: string; creator?: string }[] = [];
  // The image creates POSTGRES_DB (or one named after its user) when it initialises an empty volume.
  created.push({ name: (env(postgres)['POSTGRES_DB'] as string | undefined) ?? postgresUser() });
  for (const name of Object.keys(services)) {
    if (env(name)['PGHOST'] !== postgres || typeof env(name)['DATABASES'] !== 'string') continue;
    for (const db of envString(name, 'DATABASES').split(/\s+/).filter(Boolean)) created.push({ name: db, creator: name });
  }
  return created;
}

describe('docker-compose.yml', () => {
  test('when the stack is read, then it runs two engine nodes built from engine/Dockerfile, PostgreSQL and the service', () => {
    expect(engines).toEqual(['engine-1', 'engine-2']);
    expect(imageRepository(service(postgres).image ?? '')).toBe('postgres');
    expect(service(APP).build).toBe('.');
    expect(fs.existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, ENGINE_DOCKERFILE))).toBe(true);
  });

  test('when the engine nodes are compared, then they share one image, build, settings and health check', () => {
    const [first, ...others] = engines.map((n) => service(n));
    expect(first?.image).toBeDefined();
    for (const other of others) {
      expect({ build: other.build, image: other.image, environment: other.environment, healthcheck: other.healthcheck, restart: other.restart }).toEqual({
        build: first?.build,
        image: first?.image,
        environment: first?.environment,
        healthcheck: first?.healthcheck,
        restart: first?.restart,
      });
    }
    // Built from the checkout, so that .dockerignore keeps node_modules and engine/target out of the context.
    expect((first?.build as { context?: unknown }).context).toBe('.');
  });

  test("when an engine node is configured, then it sets only settings the engine host reads, and listens on all the container's interfaces", () => {
    const yamlReads = [...fs.readFileSync(APPLICATION_YAML, 'utf8').matchAll(/\$\{([A-Z][A-Z0-9_]*)[:}]/g)].map((m) => m[1]);
    const imageReads = args(engineRuntime, 'CMD').flatMap((c) => [...c.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]));
    const known = new Set([...yamlReads, ...imageReads, 'TZ']);
    for (const node of engines) {
      for (const key of Object.keys(env(node))) {
        expect({ node, key, read: known.has(key) }).toEqual({ node, key, read: true });
      }
      // Loopback inside a container is unreachable through a published port.
      expect(envString(node, 'ENGINE_BIND_ADDRESS')).toBe('0.0.0.0');
      // The engine host's defaults point at the developer's own machine: a node must be told where its database is.
      for (const key of ['ENGINE_JDBC_URL', 'ENGINE_JDBC_USER', 'ENGINE_JDBC_PASSWORD', 'ENGINE_PORT']) envString(node, key);
      expect(envString(node, 'ENGINE_TEST_CLOCK')).toBe('false');
    }
  });

  test('when the engine nodes connect to PostgreSQL, then all name the PostgreSQL service, its credentials and one database of their own', () => {
    const dbs = engines.map(engineDatabase);
    for (const db of dbs) {
      expect(db).toEqual({ host: postgres, port: 5432, name: dbs[0]?.name });
    }
    for (const node of engines) {
      expect(envString(node, 'ENGINE_JDBC_USER')).toBe(postgresUser());
      expect(envString(node, 'ENGINE_JDBC_PASSWORD')).toBe(envString(postgres, 'POSTGRES_PASSWORD'));
      expect(dependencies(node)).toContainEqual([postgres, 'service_healthy']);
    }
    // The engine's tables are not in the case store's database.
    expect(dbs[0]?.name).not.toBe(serviceDatabase().name);
  });

  test('when the service is given DATABASE_URL, then it names the PostgreSQL service with its credentials', () => {
    const db = serviceDatabase();
    expect(db.port).toBe(5432);
    expect(db.user ?? 'postgres').toBe(postgresUser());
    expect(db.password).toBe(envString(postgres, 'POSTGRES_PASSWORD'));
    expect(dependencies(APP)).toContainEqual([postgres, 'service_healthy']);
  });

  test('when a database is named by the service or the engine nodes, then the stack creates it before they start', () => {
    const created = createdDatabases();
    const users: [string, string][] = [[APP, serviceDatabase().name], ...engines.map((n): [string, string] => [n, engineDatabase(n).name])];
    for (const [user, db] of users) {
      const by = created.find((c) => c.name === db);
      expect({ user, db, created: by !== undefined }).toEqual({ user, db, created: true });
      if (by?.creator !== undefined) expect(dependencies(user)).toContainEqual([by.creator, 'service_completed_successfully']);
    }
  });

  test('when the databases are created at start, then the one-shot signs in to the PostgreSQL service, after it is healthy, and creates each one it lacks', () => {
    const creators = [...new Set(createdDatabases().flatMap((c) => (c.creator === undefined ? [] : [c.creator])))];
    expect(creators.length).toBeGreaterThan(0);
    for (const name of creators) {
      expect(imageRepository(service(name).image ?? '')).toBe('postgres');
      expect(env(name)['PGUSER'] ?? 'postgres').toBe(postgresUser());
      expect(envString(name, 'PGPASSWORD')).toBe(envString(postgres, 'POSTGRES_PASSWORD'));
      expect(dependencies(name)).toContainEqual([postgres, 'service_healthy']);
      // $$ reaches the container's shell as $: the list is the one in DATABASES, not the host's environment.
      expect(commandText(name)).toMatch(/for (\w+) in \$\$DATABASES\b/);
      expect(commandText(name)).toContain('CREATE DATABASE');
      // A one-shot restarted whenever it exits would run for ever.
      expect(service(name).restart ?? 'no').toBe('no');
      // Database names go into CREATE DATABASE as they are.
      for (const db of envString(name, 'DATABASES').split(/\s+/).filter(Boolean)) expect(db).toMatch(/^[a-z_][a-z0-9_]*$/);
    }
  });

  test("when the engine nodes and the service sign in, then the engines' technical user is the one the service signs in as", () => {
    const config = loadConfig(env(APP) as NodeJS.ProcessEnv);
    for (const node of engines) {
      expect(envString(node, 'ENGINE_USER')).toBe(config.ENGINE_USER);
      expect(envString(node, 'ENGINE_PASSWORD')).toBe(config.ENGINE_PASSWORD);
    }
    // Read from the file, not defaulted: a change on one side only is caught here.
    expect(envString(APP, 'ENGINE_USER')).toBe(config.ENGINE_USER);
    expect(envString(APP, 'ENGINE_PASSWORD')).toBe(config.ENGINE_PASSWORD);
  });

  test('when the service is given ENGINE_REST_URL, then it names an engine node, the port that node listens on, and /engine-rest', () => {
    const url = new URL(envString(APP, 'ENGINE_REST_URL'));
    expect(url.protocol).toBe('http:');
    expect(engines).toContain(url.hostname);
    expect(Number(url.port || 80)).toBe(Number(envString(url.hostname, 'ENGINE_PORT')));
    expect(url.pathname.replace(/\/$/, '')).toBe('/engine-rest');
    expect(dependencies(APP)).toContainEqual([url.hostname, 'service_healthy']);
  });

  test("when the service's environment goes through its own config, then it is valid, uses the stack's engine and database, and sets nothing the config does not read", () => {
    const config = loadConfig(env(APP) as NodeJS.ProcessEnv);
    expect(config.ENGINE_REST_URL).toBe(envString(APP, 'ENGINE_REST_URL'));
    expect(config.DATABASE_URL).toBe(envString(APP, 'DATABASE_URL'));
    const keys = new Set(configKeys());
    expect(keys.size).toBeGreaterThan(0);
    for (const key of Object.keys(env(APP))) {
      expect({ key, read: keys.has(key) }).toEqual({ key, read: true });
    }
  });

  test('when the stack checks tokens, then it takes development tokens signed with the developer\'s own secret, never the public default, since it listens on every interface (G1)', () => {
    // Compose substitutes the developer's JWT_DEV_SECRET, and stops with the message when it is not set.
    expect(envString(APP, 'JWT_DEV_SECRET')).toMatch(/^\$\{JWT_DEV_SECRET:\?.+\}$/);
    expect(envString(APP, 'NODE_ENV')).toBe('development');
    const auth = authOptions(loadConfig({ ...env(APP), JWT_DEV_SECRET: 'a-developer-secret-of-32-characters-or-more' }));
    expect(auth.issuer).toBeUndefined();
    expect(auth.devSecret).not.toBe(DEFAULT_DEV_SECRET);
    // With the public default the service would refuse to start.
    expect(() => loadConfig({ ...env(APP), JWT_DEV_SECRET: DEFAULT_DEV_SECRET })).toThrow(/HOST: is 0\.0\.0\.0, but the public development token secret/);
  });

  test('when the engine nodes keep history, then they keep it as long as the service would keep it on its own engine host', () => {
    const config = loadConfig(env(APP) as NodeJS.ProcessEnv);
    for (const node of engines) expect(envString(node, 'ENGINE_HISTORY_TTL')).toBe(engineHistoryTimeToLive(config));
  });

  test("when a port is published, then it is bound to the host's loopback only, and no two services take the same host port", () => {
    const taken: number[] = [];
    for (const name of Object.keys(services)) {
      for (const p of ports(name)) {
        // A port without a host address (or without a host port) is published on every interface.
        expect({ service: name, target: p.target, hostIp: p.hostIp, published: typeof p.published }).toEqual({
          service: name,
          target: p.target,
          hostIp: '127.0.0.1',
          published: 'number',
        });
        taken.push(p.published as number);
      }
    }
    expect(new Set(taken).size).toBe(taken.length);
  });

  test('when the service is given PORT, then that is the container port it publishes, and it listens on all interfaces', () => {
    const port = Number(envString(APP, 'PORT'));
    expect(ports(APP).find((p) => p.target === port)?.published).toBeDefined();
    // Bound to loopback the service would be unreachable through the published port.
    expect(envString(APP, 'HOST')).toBe('0.0.0.0');
  });

  test("when an engine node is published, then the host reaches its ENGINE_PORT (REST API and Cockpit)", () => {
    for (const node of engines) {
      const port = Number(envString(node, 'ENGINE_PORT'));
      expect({ node, published: ports(node).some((p) => p.target === port && p.published !== undefined) }).toEqual({ node, published: true });
    }
  });

  test("when an engine node's health is checked, then it asks the REST API for its version as the technical user, with a client the image carries", () => {
    for (const node of engines) {
      const check = healthcheckText(node);
      expect(check).toContain('127.0.0.1:$${ENGINE_PORT}/engine-rest/version');
      expect(check).toContain('$${ENGINE_USER}:$${ENGINE_PASSWORD}');
      const client = /^\s*(\S+)/.exec(check)?.[1] as string;
      expect(client).toBe('curl');
      // The runtime image stops its build when the client is missing.
      expect(args(engineRuntime, 'RUN').join(' ')).toContain(`command -v ${client}`);
    }
  });

  test('when the service starts, then PostgreSQL and every engine node are healthy', () => {
    for (const dependency of [postgres, ...engines]) expect(dependencies(APP)).toContainEqual([dependency, 'service_healthy']);
  });

  test('when the engine nodes start on an empty database, then they start one after another, not racing to create the schema', () => {
    const dependsOnEngine = (node: string) => dependencies(node).filter(([d, c]) => engines.includes(d) && c === 'service_healthy');
    expect(engines.filter((n) => dependsOnEngine(n).length === 0)).toHaveLength(1);
  });

  test('when a value holds a $, then it is doubled, so compose leaves it to the container rather than take it from the host, except the developer\'s own token secret, which compose requires', () => {
    // G1: the one value taken from the host on purpose; `:?` stops compose with a message when it is not set.
    const hostSecret = /^\$\{JWT_DEV_SECRET:\?[^}$]+\}$/;
    for (const name of Object.keys(services)) {
      for (const s of strings(service(name)).filter((v) => !(name === APP && hostSecret.test(v)))) {
        expect({ service: name, value: s, hostVariable: /\$(?!\$)/.test(s.replace(/\$\$/g, '')) }).toEqual({ service: name, value: s, hostVariable: false });
      }
    }
  });

  test('when the stack and its images are read, then nothing of Zeebe, Redis, Elasticsearch or Camunda 8 is left', () => {
    for (const [name, s] of Object.entries(services)) {
      expect({ service: name, image: s.image ?? '' }).toEqual({ service: name, image: expect.not.stringMatching(/zeebe|redis|elasticsearch|kibana|keycloak|^camunda\//i) });
      for (const key of Object.keys(env(name))) expect(key).not.toMatch(/ZEEBE|REDIS|ELASTIC|CAMUNDA|OPERATE|EXPORT/i);
    }
    for (const file of ['docker-compose.yml', 'Dockerfile', ENGINE_DOCKERFILE]) {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      expect({ file, found: /zeebe|redis|elasticsearch|camunda\/|\bOperate\b|Camunda 8/i.exec(text)?.[0] }).toEqual({ file, found: undefined });
    }
    for (const volume of Object.keys(compose.volumes ?? {})) expect(volume).not.toMatch(/zeebe|elastic|exporters|redis/i);
  });

  test('when a service depends on another, then that service exists', () => {
    for (const name of Object.keys(services)) {
      for (const [dependency] of dependencies(name)) {
        expect({ service: name, dependsOn: dependency, exists: dependency in services }).toEqual({ service: name, dependsOn: dependency, exists: true });
      }
    }
  });

  test('when a service waits for another to be healthy, then that one has a healthcheck', () => {
    for (const name of Object.keys(services)) {
      for (const [dependency, condition] of dependencies(name)) {
        if (condition !== 'service_healthy') continue;
        expect({ dependency, healthcheck: service(dependency).healthcheck?.test !== undefined }).toEqual({ dependency, healthcheck: true });
      }
    }
  });

  test('when a service has an environment, then it is a map of strings', () => {
    // Compose rejects booleans and the yaml parser turns unquoted numbers into numbers: quoting every value avoids both.
    for (const [name, s] of Object.entries(services)) {
      if (s.environment === undefined) continue;
      expect(Array.isArray(s.environment)).toBe(false);
      for (const [key, value] of Object.entries(env(name))) {
        expect({ service: name, key, type: typeof value }).toEqual({ service: name, key, type: 'string' });
      }
    }
  });
});

describe('engine/Dockerfile', () => {
  test("when the engine image is built, then it compiles and runs on a Java at least engine/pom.xml's java.version, and at least 17", () => {
    const target = Number(pomValue('java.version'));
    expect(target).toBeGreaterThanOrEqual(17);
    expect(engineStages.length).toBeGreaterThanOrEqual(2);
    const build = javaOfImage(args(engineStages[0] ?? [], 'FROM')[0] ?? '');
    const run = javaOfImage(args(engineRuntime, 'FROM')[0] ?? '');
    expect(build).toBeGreaterThanOrEqual(Math.max(17, target));
    expect(run).toBeGreaterThanOrEqual(Math.max(17, target));
    // A JRE only at run time; Maven and a JDK only in the build stage.
    expect(args(engineRuntime, 'FROM')[0]).toMatch(/^eclipse-temurin:\d+-jre\b/);
    expect(args(engineStages[0] ?? [], 'FROM')[0]).toMatch(/^maven:3\.9\S*-eclipse-temurin-\d+\b/);
  });

  test('when the engine image is built, then it builds engine/pom.xml and runs the jar it names', () => {
    const jar = `${pomValue('finalName')}.jar`;
    const build = engineStages[0] ?? [];
    expect(args(build, 'COPY')).toContainEqual(expect.stringMatching(/^engine\/pom\.xml\s/));
    expect(args(build, 'COPY')).toContainEqual(expect.stringMatching(/^engine\/src\s/));
    expect(args(build, 'RUN').join(' ')).toMatch(/mvn .*package/);
    const copied = args(engineRuntime, 'COPY').find((c) => c.startsWith('--from=') && c.includes(`/target/${jar}`));
    expect(copied).toBeDefined();
    const destination = copied?.split(/\s+/).pop() as string;
    expect(args(engineRuntime, 'CMD').join(' ')).toContain(`-jar ${destination.endsWith('/') ? destination + jar : destination}`);
  });

  test('when the engine image runs, then its JVM is on London time, its heap is bounded and its user is not root', () => {
    const cmd = args(engineRuntime, 'CMD').join(' ');
    expect(cmd).toContain('-Duser.timezone=Europe/London');
    expect(dockerEnv(engineRuntime)['TZ']).toBe('Europe/London');
    expect(cmd).toMatch(/-Xmx\S+/);
    expect(dockerEnv(engineRuntime)['ENGINE_HEAP']).toMatch(/^\d+[mg]$/);
    const user = args(engineRuntime, 'USER').pop();
    expect(user).toBeDefined();
    expect(user?.split(':')[0]).not.toMatch(/^(root|0)$/);
    // The nodes' port inside the container is the one the image exposes.
    expect(args(engineRuntime, 'EXPOSE').join(' ').split(/\s+/)).toContain(dockerEnv(engineRuntime)['ENGINE_PORT']);
    for (const node of engines) expect(envString(node, 'ENGINE_PORT')).toBe(dockerEnv(engineRuntime)['ENGINE_PORT']);
  });
});
