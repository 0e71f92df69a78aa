import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { loadAppConfig, objectStoreSettings } from '../../libs/shared/src/config/app.config';

// Static checks that docker-compose.yml and the Dockerfile fit the repo (there is no Docker engine to run them here).
const ROOT = resolve(__dirname, '../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

type Healthcheck = { test: string[] | string };
type Service = {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: Healthcheck;
  entrypoint?: string[] | string;
  restart?: string;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };
type NestProject = { entryFile: string; compilerOptions: { tsConfigPath: string } };

const compose = parse(read('docker-compose.yml')) as Compose;
const dockerfile = read('Dockerfile');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const stages = splitStages(instructions);
const runtime = stages[stages.length - 1];
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

const healthTest = (s: Service) => [s.healthcheck?.test ?? []].flat().join(' ');
const asArgs = (cmd: string[] | string | undefined) => (Array.isArray(cmd) ? cmd : (cmd ?? '').split(/\s+/).filter(Boolean));

// Where `nest build <project>` writes the entry file: the project's tsconfig outDir + entryFile (relative to rootDir).
function builtEntry(project: 'api' | 'worker'): string {
  const nest = JSON.parse(read('nest-cli.json')) as { projects: Record<string, NestProject> };
  const p = nest.projects[project];
  const tsconfigPath = join(ROOT, p.compilerOptions.tsConfigPath);
  const { compilerOptions } = JSON.parse(readFileSync(tsconfigPath, 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
  const rootDir = resolve(dirname(tsconfigPath), compilerOptions.rootDir);
  expect(existsSync(join(rootDir, `${p.entryFile}.ts`))).toBe(true);
  return relative(ROOT, join(resolve(dirname(tsconfigPath), compilerOptions.outDir), `${p.entryFile}.js`));
}

function splitStages(lines: string[]): { name: string | null; lines: string[] }[] {
  const out: { name: string | null; lines: string[] }[] = [];
  for (const line of lines) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[1] ?? null, lines: [] });
    else out[out.length - 1]?.lines.push(line);
  }
  return out;
}

function execForm(line: string | undefined): string[] {
  const json = line?.replace(/^CMD\s+/i, '') ?? '';
  return JSON.parse(json) as string[];
}

describe('docker-compose.yml', () => {
  it('should run postgres 16/17 with pg_isready and a named volume when composed', () => {
    const pg = compose.services.postgres;
    expect(pg.image).toMatch(/^postgres:1[67]([.-]|$)/);
    expect(healthTest(pg)).toContain('pg_isready');
    const volume = (pg.volumes ?? []).find((v) => v.endsWith(':/var/lib/postgresql/data'));
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
  });

  it('should run redis 7 with a redis-cli ping healthcheck when composed', () => {
    const redis = compose.services.redis;
    expect(redis.image).toMatch(/^redis:7([.-]|$)/);
    expect(healthTest(redis)).toMatch(/redis-cli\s+ping/);
  });

  it.each(['api', 'worker'])('should build %s from the repo Dockerfile and wait for healthy postgres and redis when composed', (name) => {
    const s = compose.services[name];
    const build = typeof s.build === 'string' ? { context: s.build } : s.build;
    expect(build).toBeDefined();
    expect(existsSync(join(ROOT, build!.context, build!.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(resolve(ROOT, build!.context)).toBe(ROOT);
    expect(s.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(s.depends_on?.redis?.condition).toBe('service_healthy');
    const env = s.environment ?? {};
    expect(new URL(env.DATABASE_URL).hostname).toBe('postgres');
    expect(new URL(env.DATABASE_URL).protocol).toBe('postgres:');
    expect(new URL(env.REDIS_URL).hostname).toBe('redis');
    expect(env.JWT_SECRET).toBeTruthy();
    expect(env.DATA_KEYS).toBeTruthy();
    expect(env.DATA_HMAC_KEY).toBeTruthy();
  });

  // compose's own interpolation, as `docker compose config` would do it with nothing set but the required secrets
  const interpolate = (v: string) =>
    v.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_m, _name: string, op?: string, arg?: string) => (op === '-' ? (arg ?? '') : 'set-by-the-operator'));

  it('should run MinIO from its official image with a named volume, a readiness healthcheck and a bucket made before the apps start', () => {
    const minio = compose.services.minio;
    expect(minio.image).toMatch(/^minio\/minio(:|$)/);
    expect(asArgs(minio.command).slice(0, 2)).toEqual(['server', '/data']);
    const volume = (minio.volumes ?? []).find((v) => v.endsWith(':/data'));
    expect(Object.keys(compose.volumes ?? {})).toContain(volume!.split(':')[0]);
    expect(healthTest(minio)).toMatch(/mc ready local/);
    expect(minio.environment?.MINIO_ROOT_PASSWORD).toMatch(/^\$\{S3_SECRET_ACCESS_KEY:\?/);

    const init = compose.services['minio-init'];
    expect(init.image).toMatch(/^minio\/mc(:|$)/);
    expect(init.depends_on?.minio?.condition).toBe('service_healthy');
    expect(init.restart).toBe('no');
    const script = asArgs(init.command).join(' ');
    expect(script).toMatch(/mc alias set kaytuu http:\/\/minio:9000 "\$\$S3_ACCESS_KEY_ID" "\$\$S3_SECRET_ACCESS_KEY"/);
    expect(script).toMatch(/mc mb --ignore-existing "kaytuu\/\$\$S3_BUCKET"/);
    // the init logs in with MinIO's root user, and makes the bucket the apps use
    expect(init.environment?.S3_ACCESS_KEY_ID).toBe(minio.environment?.MINIO_ROOT_USER);
    expect(init.environment?.S3_SECRET_ACCESS_KEY).toBe(minio.environment?.MINIO_ROOT_PASSWORD);
    for (const name of ['api', 'worker']) expect(init.environment?.S3_BUCKET).toBe(compose.services[name].environment?.S3_BUCKET);
  });

  it.each(['api', 'worker'])('should configure %s for the S3 file store on MinIO, started after the bucket exists', (name) => {
    const s = compose.services[name];
    expect(s.depends_on?.['minio-init']?.condition).toBe('service_completed_successfully');
    const env = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
    const settings = objectStoreSettings(env);
    expect(settings).toMatchObject({ kind: 's3', endpoint: 'http://minio:9000', bucket: 'kaytuu-files', forcePathStyle: true, accessKeyId: 'kaytuu' });
    expect(new URL(env.S3_ENDPOINT).hostname).toBe('minio');
    expect(s.environment?.S3_ACCESS_KEY_ID).toBe(compose.services.minio.environment?.MINIO_ROOT_USER);
    expect(s.environment?.S3_SECRET_ACCESS_KEY).toBe(compose.services.minio.environment?.MINIO_ROOT_PASSWORD);
  });

  it('should publish port 3000 on the proxy only and probe /api/health/ready when the api runs', () => {
    const api = compose.services.api;
    expect(compose.services.proxy.ports).toEqual(['3000:8080']);
    expect(healthTest(api)).toContain('http://127.0.0.1:3000/api/health/ready');
    const openApi = JSON.parse(read('docs/openapi.json')) as { paths: Record<string, unknown> };
    expect(Object.keys(openApi.paths)).toContain('/api/health/ready');
  });

  // `docker compose up --scale api=2 --scale worker=2`: a scaled service may not bind a fixed host port (the second
  // replica could not start), and the proxy must spread requests over every api replica
  it('should leave host ports off the services that scale, and bind no host port twice, when replicas run', () => {
    for (const name of ['api', 'worker']) expect(compose.services[name].ports ?? []).toEqual([]);
    const hostPorts = Object.values(compose.services).flatMap((svc) => (svc.ports ?? []).map((p) => p.split(':').slice(-2)[0]));
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
  });

  it('should proxy to every api replica through nginx, re-resolving the service name, when replicas run', () => {
    const proxy = compose.services.proxy;
    expect(proxy.image).toMatch(/^nginx:\d+\.\d+/);
    expect(proxy.depends_on?.api?.condition).toBe('service_healthy');
    const mount = (proxy.volumes ?? []).find((v) => v.endsWith(':/etc/nginx/conf.d/default.conf:ro'));
    const conf = read(mount!.split(':')[0]);
    const env = compose.services.api.environment ?? {};
    const apiPort = Number(env.PORT ?? 3000);
    // docker's DNS answers the service name with every replica; nginx re-reads it (resolve, in a shared zone)
    expect(conf).toMatch(/resolver 127\.0\.0\.11\b/);
    expect(conf).toMatch(new RegExp(`upstream kaytuu_api \\{[^}]*zone kaytuu_api [^}]*server api:${apiPort} resolve;`));
    expect(conf).toMatch(/proxy_pass http:\/\/kaytuu_api;/);
    expect(conf).toContain('proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;');
    const listen = /listen (\d+);/.exec(conf)![1];
    expect(proxy.ports![0].split(':')[1]).toBe(listen);
    // nginx 1.27.3 is the first open-source release with `resolve` on an upstream server
    const [major, minor] = proxy.image!.split(':')[1].split('.').map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(127);
  });

  it('should believe the proxy and drain a stopping api before it closes, within its stop grace period', () => {
    const api = compose.services.api as Service & { stop_grace_period?: string };
    const env = Object.fromEntries(Object.entries(api.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
    const cfg = loadAppConfig({
      ...env,
      DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      DATA_HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
      JWT_SECRET: 'x'.repeat(32),
    });
    expect(cfg.trustProxy).toEqual(['loopback', 'uniquelocal']);
    expect(cfg.shutdownDrainSeconds).toBeGreaterThan(0);
    expect(Number(/^(\d+)s$/.exec(api.stop_grace_period ?? '')![1])).toBeGreaterThan(cfg.shutdownDrainSeconds + 10);
  });

  it('should start the worker from the file nest build writes when composed', () => {
    const args = asArgs(compose.services.worker.command);
    expect(args[0]).toBe('node');
    expect(args[args.length - 1]).toBe(builtEntry('worker'));
  });
});

describe('Dockerfile', () => {
  it('should install with npm ci in a build stage and ship only the runtime when the image is built', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(instructions.some((l) => /^RUN\s+npm ci\b/.test(l))).toBe(true);
    expect(runtime.lines.some((l) => /^RUN\s+npm\b/.test(l))).toBe(false);
  });

  it('should build the server and the console when the image is built', () => {
    const build = stages.find((s) => s.lines.some((l) => /^RUN\s+npm run build$/.test(l)));
    expect(build).toBeDefined();
    expect(pkg.scripts.build).toMatch(/build:server/);
    expect(pkg.scripts.build).toMatch(/build:console/);
    expect(pkg.scripts['build:server']).toMatch(/nest build api/);
    expect(pkg.scripts['build:server']).toMatch(/nest build worker/);
    expect(pkg.scripts['build:console']).toMatch(/@kaytuu\/console/);
    const copies = runtime.lines.filter((l) => l.startsWith('COPY'));
    expect(copies).toContainEqual(expect.stringMatching(new RegExp(`^COPY --from=${build!.name} /app/dist \\./dist$`)));
    expect(copies).toContainEqual(expect.stringMatching(new RegExp(`^COPY --from=${build!.name} /app/apps/console/dist \\./apps/console/dist$`)));
    expect(runtime.lines).toContainEqual(expect.stringMatching(/CONSOLE_DIST=\/app\/apps\/console\/dist/));
  });

  it('should start the api from the file nest build writes when run with the default command', () => {
    expect(runtime.lines).toContain('WORKDIR /app');
    const cmd = execForm(runtime.lines.filter((l) => /^CMD\s/i.test(l)).pop());
    expect(cmd[0]).toBe('node');
    expect(cmd[cmd.length - 1]).toBe(builtEntry('api'));
  });

  it('should leave node_modules, dist and .data out when docker reads the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', 'dist', '.data']));
  });
});
