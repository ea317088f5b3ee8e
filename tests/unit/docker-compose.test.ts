// docker-compose.yml cannot be run on the project's machines (no Docker engine), so this reads it and checks that its parts agree.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { DEFAULT_DEV_SECRET } from '../../src/api/auth';
import { authOptions, loadConfig, externalZeebeAddress } from '../../src/config';
import { brokerEnvironment, EXPORTED_VALUE_TYPES } from '../../src/engine/broker';

const ROOT = path.join(__dirname, '..', '..');
const COMPOSE = path.join(ROOT, 'docker-compose.yml');
const POM = path.join(ROOT, 'engine', 'pom.xml');

/** The parts of a compose service these tests read. */
interface ComposeService {
  image?: string;
  build?: unknown;
  ports?: unknown[];
  environment?: unknown;
  command?: unknown;
  volumes?: unknown[];
  healthcheck?: { test?: unknown };
  depends_on?: string[] | Record<string, { condition?: string } | null>;
}

interface ComposeFile {
  services?: Record<string, ComposeService | null>;
  volumes?: Record<string, unknown>;
}

const compose = YAML.parse(fs.readFileSync(COMPOSE, 'utf8')) as ComposeFile;
const services: Record<string, ComposeService> = Object.fromEntries(
  Object.entries(compose.services ?? {}).map(([name, s]) => [name, s ?? {}]),
);

function service(name: string): ComposeService {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
}

/** The one service running the given image repository, e.g. camunda/zeebe. */
function serviceNameByImage(repository: string): string {
  const names = Object.entries(services)
    .filter(([, s]) => s.image !== undefined && imageRepository(s.image) === repository)
    .map(([name]) => name);
  if (names.length !== 1) throw new Error(`expected one service running ${repository}, found ${names.length}`);
  return names[0] as string;
}

function imageRepository(image: string): string {
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(0, colon) : image;
}

function imageTag(image: string | undefined): string | undefined {
  if (image === undefined) return undefined;
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : undefined;
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
  published?: number;
  target: number;
}

/** Short syntax ("[ip:]host:container[/proto]", "container") and long syntax ({ target, published }). */
function ports(name: string): PortMapping[] {
  return (service(name).ports ?? []).map((p): PortMapping => {
    if (typeof p === 'number') return { target: p };
    if (typeof p === 'string') {
      const parts = p.replace(/\/(tcp|udp)$/, '').split(':');
      const target = Number(parts[parts.length - 1]);
      const published = parts.length > 1 ? Number(parts[parts.length - 2]) : undefined;
      return published === undefined ? { target } : { target, published };
    }
    const long = p as { target?: unknown; published?: unknown };
    const published = long.published === undefined ? undefined : Number(long.published);
    return published === undefined ? { target: Number(long.target) } : { target: Number(long.target), published };
  });
}

function containerPorts(name: string): number[] {
  return ports(name).map((p) => p.target);
}

function hostAndPort(address: string): { host: string; port: number } {
  const m = /^([^:/]+):(\d+)$/.exec(address);
  if (!m?.[1] || !m[2]) throw new Error(`"${address}" is not host:port`);
  return { host: m[1], port: Number(m[2]) };
}

interface Mount {
  source?: string;
  target: string;
}

/** Short syntax ("source:target[:mode]", "target") and long syntax ({ source, target }). */
function mounts(name: string): Mount[] {
  return (service(name).volumes ?? []).map((v): Mount => {
    if (typeof v === 'string') {
      const [first = '', second] = v.split(':');
      return second === undefined ? { target: first } : { source: first, target: second };
    }
    const long = v as { source?: unknown; target?: unknown };
    const target = String(long.target);
    return typeof long.source === 'string' ? { source: long.source, target } : { target };
  });
}

/** The command as one string, list or string form alike, for finding its arguments. */
function commandText(name: string): string {
  const c = service(name).command;
  return Array.isArray(c) ? c.map(String).join(' ') : typeof c === 'string' ? c : '';
}

/** The value of a -Dkey=value argument of a service's command. */
function systemProperty(name: string, key: string): string {
  const m = new RegExp(`-D${key.replace(/\./g, '\\.')}=(\\S+)`).exec(commandText(name));
  if (!m?.[1]) throw new Error(`${name}.command has no -D${key}=`);
  return m[1];
}

function isInside(file: string, dir: string): boolean {
  const relative = path.posix.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.posix.isAbsolute(relative);
}

function pinned(property: string): string {
  const m = new RegExp(`<${property.replace(/\./g, '\\.')}>([^<]+)</`).exec(fs.readFileSync(POM, 'utf8'));
  if (!m?.[1]) throw new Error(`engine/pom.xml does not pin <${property}>`);
  return m[1];
}

function dependencies(name: string): [string, string | undefined][] {
  const d = service(name).depends_on;
  if (d === undefined) return [];
  if (Array.isArray(d)) return d.map((n) => [n, undefined]);
  return Object.entries(d).map(([n, o]) => [n, o?.condition]);
}

const APP = 'care-front-door';
const zeebe = serviceNameByImage('camunda/zeebe');
const elasticsearch = serviceNameByImage('elasticsearch');
const postgres = serviceNameByImage('postgres');
const redis = serviceNameByImage('redis');
// The one-shot service that fetches the Redis exporter's jar with Maven.
const exporterFetch = serviceNameByImage('maven');
// The gateway's gRPC port: Zeebe's default unless the broker's environment moves it.
const zeebeGrpcPort = Number(env(zeebe)['ZEEBE_BROKER_GATEWAY_NETWORK_PORT'] ?? 26500);
const zeebeGrpcAddress = `${zeebe}:${zeebeGrpcPort}`;
// The gateway's REST port, likewise.
const zeebeRestPort = Number(env(zeebe)['SERVER_PORT'] ?? 8080);
const EXPORTER_ARTIFACT = /^io\.zeebe\.redis:zeebe-redis-exporter:([^:]+):jar:jar-with-dependencies$/;
const elasticsearchUrl = `http://${elasticsearch}:9200`;

describe('docker-compose.yml', () => {
  test('when the Zeebe service is read, then it exposes the gRPC gateway port inside the stack', () => {
    expect(containerPorts(zeebe)).toContain(zeebeGrpcPort);
  });

  test('when the service is given ZEEBE_ADDRESS, then it names the Zeebe service and its gRPC port', () => {
    const { host, port } = hostAndPort(envString(APP, 'ZEEBE_ADDRESS'));
    expect(host).toBe(zeebe);
    expect(containerPorts(host)).toContain(port);
    expect(port).toBe(zeebeGrpcPort);
  });

  test("when the service's environment goes through its own config, then it is valid and uses the stack's broker", () => {
    const config = loadConfig(env(APP) as NodeJS.ProcessEnv);
    expect(externalZeebeAddress(config)).toBe(zeebeGrpcAddress);
    // Plaintext gRPC without OAuth holds only while none of the SDK's auth variables is set.
    for (const key of ['CAMUNDA_AUTH_STRATEGY', 'ZEEBE_CLIENT_ID', 'CAMUNDA_OAUTH_URL']) {
      expect(env(APP)).not.toHaveProperty(key);
    }
    // Read from the file, not defaulted: the exporter's settings below are compared with these.
    expect(config.REDIS_URL).toBe(envString(APP, 'REDIS_URL'));
    expect(config.EXPORT_STREAM_PREFIX).toBe(envString(APP, 'EXPORT_STREAM_PREFIX'));
    expect(config.ZEEBE_REST_ADDRESS).toBe(envString(APP, 'ZEEBE_REST_ADDRESS'));
  });

  test('when the stack checks tokens, then it uses the development secret that `npm run -s token` signs with by default', () => {
    const auth = authOptions(loadConfig(env(APP) as NodeJS.ProcessEnv));
    expect(auth.issuer).toBeUndefined();
    expect(auth.devSecret).toBe(DEFAULT_DEV_SECRET);
  });

  test('when the service is given REDIS_URL, then it names the Redis service, which it waits for', () => {
    const url = new URL(envString(APP, 'REDIS_URL'));
    expect(url.protocol).toBe('redis:');
    expect(url.hostname).toBe(redis);
    expect(Number(url.port || 6379)).toBe(6379);
    expect(dependencies(APP)).toContainEqual([redis, 'service_healthy']);
  });

  test("when Zeebe's Redis exporter is configured, then it writes to the service's Redis under the service's prefix", () => {
    const read = new URL(envString(APP, 'REDIS_URL'));
    const written = new URL(envString(zeebe, 'ZEEBE_REDIS_REMOTE_ADDRESS'));
    expect({ protocol: written.protocol, host: written.hostname, port: written.port || '6379' }).toEqual({
      protocol: read.protocol,
      host: read.hostname,
      port: read.port || '6379',
    });
    expect(envString(zeebe, 'ZEEBE_REDIS_NAME')).toBe(envString(APP, 'EXPORT_STREAM_PREFIX'));
    // The exporter connects when the broker starts.
    expect(dependencies(zeebe)).toContainEqual([redis, 'service_healthy']);
  });

  test('when Zeebe exports to Redis, then it exports the value types the read model is built from', () => {
    expect(envString(zeebe, 'ZEEBE_REDIS_ENABLED_VALUE_TYPES')).toBe(EXPORTED_VALUE_TYPES.join(','));
  });

  test("when Zeebe's Redis exporter is configured, then every setting matches the local broker's", () => {
    const jar = envString(zeebe, 'ZEEBE_BROKER_EXPORTERS_REDIS_JARPATH');
    const local = brokerEnvironment(loadConfig(env(APP) as NodeJS.ProcessEnv), '/unused', jar);
    const exporterKeys = Object.keys(local).filter((k) => k.startsWith('ZEEBE_REDIS_') || k.startsWith('ZEEBE_BROKER_EXPORTERS_REDIS_'));
    expect(exporterKeys.length).toBeGreaterThan(0);
    for (const key of exporterKeys) {
      expect({ key, value: env(zeebe)[key] }).toEqual({ key, value: local[key] });
    }
  });

  test('when the Redis exporter jar is fetched, then it is the version engine/pom.xml pins, without its unserved parent pom', () => {
    const version = pinned('redis-exporter.version');
    expect(systemProperty(exporterFetch, 'artifact')).toMatch(EXPORTER_ARTIFACT);
    expect(EXPORTER_ARTIFACT.exec(systemProperty(exporterFetch, 'artifact'))?.[1]).toBe(version);
    const dest = systemProperty(exporterFetch, 'dest');
    expect(path.posix.basename(dest)).toBe(`zeebe-redis-exporter-${version}.jar`);
    // The check that skips the fetch when the jar is already there must look for this same file.
    for (const jar of commandText(exporterFetch).match(/[^\s=]*zeebe-redis-exporter-[^\s]*\.jar/g) ?? []) {
      expect(jar).toBe(dest);
    }
    expect(path.posix.basename(envString(zeebe, 'ZEEBE_BROKER_EXPORTERS_REDIS_JARPATH'))).toBe(
      `zeebe-redis-exporter-${version}.jar`,
    );
    expect(commandText(exporterFetch)).toContain('maven-dependency-plugin:2.8:get');
    expect(systemProperty(exporterFetch, 'transitive')).toBe('false');
  });

  test("when Zeebe loads the exporter, then the jar path is inside its mount of the volume the fetch writes to, after the fetch", () => {
    const dest = systemProperty(exporterFetch, 'dest');
    const written = mounts(exporterFetch).find((m) => isInside(dest, m.target));
    expect(written?.source).toBeDefined();
    // A named volume, not a folder on the host.
    expect(compose.volumes ?? {}).toHaveProperty([written?.source as string]);
    const read = mounts(zeebe).find((m) => m.source === written?.source);
    expect(read).toBeDefined();
    const expected = path.posix.join(read?.target as string, path.posix.relative(written?.target as string, dest));
    expect(envString(zeebe, 'ZEEBE_BROKER_EXPORTERS_REDIS_JARPATH')).toBe(expected);
    expect(dependencies(zeebe)).toContainEqual([exporterFetch, 'service_completed_successfully']);
  });

  test("when the service is given ZEEBE_REST_ADDRESS, then it names the Zeebe service and the gateway's REST port", () => {
    const rest = new URL(envString(APP, 'ZEEBE_REST_ADDRESS'));
    expect(rest.hostname).toBe(zeebe);
    expect(Number(rest.port || 80)).toBe(zeebeRestPort);
    expect(containerPorts(zeebe)).toContain(zeebeRestPort);
  });

  test('when the service is given PORT, then that is the container port it publishes', () => {
    const port = Number(envString(APP, 'PORT'));
    const published = ports(APP).find((p) => p.target === port);
    expect(published?.published).toBeDefined();
    // Bound to loopback the service would be unreachable through the published port.
    expect(envString(APP, 'HOST')).toBe('0.0.0.0');
  });

  test('when the service is given DATABASE_URL, then it names the PostgreSQL service with its credentials', () => {
    const url = new URL(envString(APP, 'DATABASE_URL'));
    expect(url.hostname).toBe(postgres);
    expect(Number(url.port || 5432)).toBe(5432);
    expect(decodeURIComponent(url.username)).toBe(env(postgres)['POSTGRES_USER'] ?? 'postgres');
    expect(decodeURIComponent(url.password)).toBe(envString(postgres, 'POSTGRES_PASSWORD'));
  });

  test("when Zeebe exports, then its Elasticsearch exporter writes to the Elasticsearch service", () => {
    expect(containerPorts(elasticsearch)).toContain(9200);
    expect(envString(zeebe, 'ZEEBE_BROKER_EXPORTERS_ELASTICSEARCH_CLASSNAME')).toBe(
      'io.camunda.zeebe.exporter.ElasticsearchExporter',
    );
    expect(envString(zeebe, 'ZEEBE_BROKER_EXPORTERS_ELASTICSEARCH_ARGS_URL')).toBe(elasticsearchUrl);
  });

  test.each([
    ['camunda/operate', 'CAMUNDA_OPERATE'],
    ['camunda/tasklist', 'CAMUNDA_TASKLIST'],
  ])('when %s is configured, then it reads the Zeebe gateway and the Elasticsearch service', (image, prefix) => {
    const name = serviceNameByImage(image);
    expect(envString(name, `${prefix}_ZEEBE_GATEWAYADDRESS`)).toBe(zeebeGrpcAddress);
    expect(envString(name, `${prefix}_ELASTICSEARCH_URL`)).toBe(elasticsearchUrl);
    // Where the exporter's records are: the same cluster the exporter writes to.
    expect(envString(name, `${prefix}_ZEEBEELASTICSEARCH_URL`)).toBe(
      envString(zeebe, 'ZEEBE_BROKER_EXPORTERS_ELASTICSEARCH_ARGS_URL'),
    );
  });

  test("when Tasklist calls Zeebe's REST API, then the address names the Zeebe service and a port it exposes", () => {
    const rest = new URL(envString(serviceNameByImage('camunda/tasklist'), 'CAMUNDA_TASKLIST_ZEEBE_RESTADDRESS'));
    expect(rest.hostname).toBe(zeebe);
    expect(containerPorts(zeebe)).toContain(Number(rest.port));
  });

  test('when engine/pom.xml pins the Zeebe version, then the Zeebe, Operate and Tasklist images carry that tag', () => {
    const version = pinned('zeebe.version');
    expect(imageTag(service(zeebe).image)).toBe(version);
    expect(imageTag(service(serviceNameByImage('camunda/operate')).image)).toBe(version);
    expect(imageTag(service(serviceNameByImage('camunda/tasklist')).image)).toBe(version);
  });

  test('when a service depends on another, then that service exists', () => {
    for (const name of Object.keys(services)) {
      for (const [dependency] of dependencies(name)) {
        expect({ service: name, dependsOn: dependency, exists: dependency in services }).toEqual({
          service: name,
          dependsOn: dependency,
          exists: true,
        });
      }
    }
  });

  test('when a service waits for another to be healthy, then that one has a healthcheck', () => {
    for (const name of Object.keys(services)) {
      for (const [dependency, condition] of dependencies(name)) {
        if (condition !== 'service_healthy') continue;
        expect({ dependency, healthcheck: service(dependency).healthcheck?.test !== undefined }).toEqual({
          dependency,
          healthcheck: true,
        });
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

  test('when the service is built, then it comes from the Dockerfile beside this file', () => {
    expect(service(APP).build).toBe('.');
    expect(fs.existsSync(path.join(ROOT, 'Dockerfile'))).toBe(true);
  });
});
