import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadImportsConfig } from '../../libs/imports/src/imports.config';
import { loadMessagingConfig } from '../../libs/messaging/src/messaging.config';
import { loadAppConfig } from '../../libs/shared/src/config/app.config';

// deploy/k8s: both overlays rendered without a kustomize binary (scripts/k8s-render.mjs, the subset of kustomize the
// manifests use) and every built-in object validated against the Kubernetes schemas of kubernetes-models
// (test/deploy/k8s-check.mjs, a child process: the package is ESM only). The operators' objects (CloudNativePG,
// redis-operator) have no maintained model package: their required fields are checked here by hand.
const ROOT = resolve(__dirname, '../..');
const OVERLAYS = ['small', 'national'] as const;

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // rendered YAML of many kinds: the tests below reach into it field by field
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
};
type Checked = { objects: Obj[]; errors: { id: string; message: string }[]; unchecked: string[] };

const checked = JSON.parse(execFileSync(process.execPath, [join(__dirname, 'k8s-check.mjs'), ...OVERLAYS], { cwd: ROOT, encoding: 'utf8' })) as {
  overlays: Record<(typeof OVERLAYS)[number], Checked>;
};

// Every variable the API and the worker read: the AppEnv class of app.config.ts and every env read in their sources.
function envVarsTheAppReads(): Set<string> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) {
        // the CLI scripts (seed, import, openapi…) are run by hand, not by the deployment
        if (e !== 'node_modules' && e !== 'test' && p !== join(ROOT, 'apps/api/src/scripts')) walk(p);
      } else if (e.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e)) files.push(p);
    }
  };
  for (const lib of readdirSync(join(ROOT, 'libs'))) walk(join(ROOT, 'libs', lib, 'src'));
  ['apps/api/src', 'apps/worker/src', 'migrations'].forEach((d) => walk(join(ROOT, d)));
  const vars = new Set<string>();
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\benv\.([A-Z][A-Z0-9_]{2,})\b/g)) vars.add(m[1]);
    for (const m of src.matchAll(/\benv\[['"]([A-Z][A-Z0-9_]{2,})['"]\]/g)) vars.add(m[1]);
    for (const m of src.matchAll(/\(env, ['"]([A-Z][A-Z0-9_]{2,})['"]/g)) vars.add(m[1]);
    const appEnv = /class AppEnv \{([\s\S]*?)\n\}/.exec(src);
    if (appEnv) for (const m of appEnv[1].matchAll(/(?:^|\s)([A-Z][A-Z0-9_]{2,})[?!]?:\s/g)) vars.add(m[1]);
  }
  return vars;
}

// Read by the app but not given to it by the manifests, each for a reason.
const NOT_CONFIGURED = {
  CONSOLE_DIST: 'set by the image (Dockerfile ENV)',
  KAYTUU_SQL_TRACE: 'benchmarks only: writes every statement with its parameters (personal data) to a file',
  FILES_DIR: 'the fs file store only; replicas share the S3 store (FILE_STORE=s3)',
};

const byKind = (objs: Obj[], kind: string) => objs.filter((o) => o.kind === kind);
const named = (objs: Obj[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name}`);
  return o;
};
const podSpecOf = (o: Obj) => o.spec.template.spec;
const workloads = (objs: Obj[]) => [...byKind(objs, 'Deployment'), ...byKind(objs, 'Job')];
const openApiPaths = Object.keys((JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as { paths: Record<string, unknown> }).paths);

describe('deploy/k8s: env variables the app reads', () => {
  const vars = envVarsTheAppReads();

  it('should find the settings of every config module when it reads the sources', () => {
    // the derivation must see app.config.ts, the messaging and imports configs and the field cipher
    for (const v of [
      'DATABASE_URL',
      'REDIS_URL',
      'SHUTDOWN_DRAIN_SECONDS',
      'SMPP_URL',
      'MESSAGES_DAILY_CAP',
      'IMPORT_MAX_BYTES',
      'DATA_HMAC_KEY',
      'TELEGRAM_MODE',
    ]) {
      expect(vars).toContain(v);
    }
    expect(vars.size).toBeGreaterThan(50);
  });
});

describe.each(OVERLAYS)('deploy/k8s overlay %s', (overlay) => {
  const { objects, errors, unchecked } = checked.overlays[overlay];
  const configMaps = new Map(byKind(objects, 'ConfigMap').map((c) => [c.metadata.name, c.data ?? {}]));

  it('should render and validate every built-in object against the Kubernetes schemas', () => {
    expect(errors).toEqual([]);
    const kinds = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'Namespace/kaytuu',
        'ConfigMap/kaytuu-config',
        'Job/kaytuu-migrate',
        'Deployment/kaytuu-api',
        'Deployment/kaytuu-worker',
        'Service/kaytuu-api',
        'Ingress/kaytuu',
        'HorizontalPodAutoscaler/kaytuu-api',
        'PodDisruptionBudget/kaytuu-api',
        'PodDisruptionBudget/kaytuu-worker',
        'NetworkPolicy/kaytuu-api',
        'NetworkPolicy/kaytuu-worker',
        'NetworkPolicy/kaytuu-worker-data',
      ]),
    );
    // the renderer's namespace and labels reached every namespaced object
    for (const o of objects.filter((x) => x.kind !== 'Namespace')) {
      expect(o.metadata.namespace).toBe('kaytuu');
      expect(o.metadata.labels?.['app.kubernetes.io/part-of']).toBe('kaytuu');
    }
    expect(unchecked).toEqual(overlay === 'national' ? expect.arrayContaining([expect.stringMatching(/ Cluster kaytuu-db$/)]) : []);
  });

  it('should give the API, the worker and the migration every variable the app reads, from the ConfigMap or a Secret', () => {
    const needed = [...envVarsTheAppReads()].filter((v) => !(v in NOT_CONFIGURED));
    for (const w of workloads(objects)) {
      for (const c of podSpecOf(w).containers) {
        const fromConfigMaps = (c.envFrom ?? []).flatMap((e: { configMapRef?: { name: string } }) => Object.keys(configMaps.get(e.configMapRef!.name) ?? {}));
        const given = new Set([...fromConfigMaps, ...(c.env ?? []).map((e: { name: string }) => e.name)]);
        expect({ workload: w.metadata.name, missing: needed.filter((v) => !given.has(v)) }).toEqual({ workload: w.metadata.name, missing: [] });
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
          expect(ref).toBeDefined();
          if (e.valueFrom.configMapKeyRef) expect(configMaps.has(ref.name)).toBe(true);
          // the operator's Secret, or the one CloudNativePG makes for its database
          else expect(overlay === 'national' ? ['kaytuu-secrets', 'kaytuu-db-app'] : ['kaytuu-secrets']).toContain(ref.name);
        }
      }
    }
  });

  it("should hold ConfigMap values the app's own configuration loaders accept", () => {
    const env = {
      ...configMaps.get('kaytuu-config'),
      DATABASE_URL: 'postgres://kaytuu@db/kaytuu',
      REDIS_URL: 'redis://redis:6379',
      JWT_SECRET: 'x'.repeat(32),
      DATA_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      DATA_HMAC_KEY: Buffer.alloc(32, 2).toString('base64'),
    };
    const cfg = loadAppConfig(env);
    expect(cfg.objectStore).toMatchObject({ kind: 's3', bucket: 'kaytuu-files' });
    expect(cfg.shutdownDrainSeconds).toBeGreaterThan(0);
    expect(cfg.seedDemo).toBe(false);
    expect(loadMessagingConfig(env).smpp).toBeNull();
    expect(loadImportsConfig(env)).toBeDefined();
  });

  it('should pin every image to a release tag, never latest', () => {
    const images = workloads(objects).flatMap((w) => podSpecOf(w).containers.map((c: { image: string }) => c.image));
    for (const cluster of byKind(objects, 'Cluster')) images.push(cluster.spec.imageName);
    expect(images.length).toBeGreaterThanOrEqual(3);
    for (const image of images) {
      expect(image).toMatch(/^[a-z0-9.-]+(\/[a-z0-9._-]+)+(:[A-Za-z0-9._-]+|@sha256:[a-f0-9]{64})$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  it('should probe the API on live and ready routes the API serves, on a port the container opens', () => {
    const api = podSpecOf(named(objects, 'Deployment', 'kaytuu-api')).containers[0];
    const portNames = api.ports.map((p: { name: string }) => p.name);
    expect(api.livenessProbe.httpGet.path).toBe('/api/health/live');
    expect(api.readinessProbe.httpGet.path).toBe('/api/health/ready');
    for (const probe of [api.startupProbe, api.livenessProbe, api.readinessProbe]) {
      expect(openApiPaths).toContain(probe.httpGet.path);
      expect(portNames).toContain(probe.httpGet.port);
    }
    expect(api.ports[0].containerPort).toBe(Number(configMaps.get('kaytuu-config')!.PORT));
  });

  it('should probe the worker on /live and /ready of its probe port (apps/worker/src/health-server.ts)', () => {
    const worker = podSpecOf(named(objects, 'Deployment', 'kaytuu-worker')).containers[0];
    const src = readFileSync(join(ROOT, 'apps/worker/src/health-server.ts'), 'utf8');
    expect(worker.livenessProbe.httpGet.path).toBe('/live');
    expect(worker.readinessProbe.httpGet.path).toBe('/ready');
    for (const probe of [worker.startupProbe, worker.livenessProbe, worker.readinessProbe]) {
      expect(src).toContain(`path === '${probe.httpGet.path}'`);
      const port = worker.ports.find((p: { name: string }) => p.name === probe.httpGet.port);
      expect(port.containerPort).toBe(Number(configMaps.get('kaytuu-config')!.WORKER_HEALTH_PORT));
    }
  });

  it('should outlast the drain on termination: API grace > SHUTDOWN_DRAIN_SECONDS + requests in flight, worker grace > its shutdown deadline', () => {
    const drain = Number(configMaps.get('kaytuu-config')!.SHUTDOWN_DRAIN_SECONDS);
    expect(podSpecOf(named(objects, 'Deployment', 'kaytuu-api')).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(drain + 30);
    const deadlineMs = Number(/SHUTDOWN_DEADLINE_MS = ([\d_]+)/.exec(readFileSync(join(ROOT, 'apps/worker/src/main.ts'), 'utf8'))![1].replace(/_/g, ''));
    expect(podSpecOf(named(objects, 'Deployment', 'kaytuu-worker')).terminationGracePeriodSeconds).toBeGreaterThan(deadlineMs / 1000);
  });

  it('should run every pod as non-root with a read-only root filesystem and a writable /tmp', () => {
    for (const w of workloads(objects)) {
      const spec = podSpecOf(w);
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      const emptyDirs = new Set(spec.volumes.filter((v: { emptyDir?: object }) => v.emptyDir).map((v: { name: string }) => v.name));
      for (const c of spec.containers) {
        expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        const tmp = c.volumeMounts.find((m: { mountPath: string }) => m.mountPath === '/tmp');
        expect(emptyDirs.has(tmp?.name)).toBe(true);
        expect(c.resources.requests.cpu).toBeDefined();
        expect(c.resources.limits.memory).toBeDefined();
      }
    }
  });

  it('should migrate with the command npm run migration:run runs, and start the worker from its built entry', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const migrate = podSpecOf(named(objects, 'Job', 'kaytuu-migrate')).containers[0];
    expect(migrate.command.slice(-1)[0]).toBe(pkg.scripts['migration:run'].split(' ').slice(-1)[0]);
    expect(podSpecOf(named(objects, 'Job', 'kaytuu-migrate')).restartPolicy).toBe('Never');
    const worker = podSpecOf(named(objects, 'Deployment', 'kaytuu-worker')).containers[0];
    expect(worker.command.slice(-1)[0]).toBe('dist/apps/worker/apps/worker/src/main.js');
  });

  it('should wire the Service, Ingress, autoscaler and disruption budgets to the pods they are for', () => {
    const podLabels = (name: string) => named(objects, 'Deployment', name).spec.template.metadata.labels as Record<string, string>;
    const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    const svc = named(objects, 'Service', 'kaytuu-api');
    expect(selects(svc.spec.selector, podLabels('kaytuu-api'))).toBe(true);
    const backend = named(objects, 'Ingress', 'kaytuu').spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe('kaytuu-api');
    expect(svc.spec.ports.map((p: { name: string }) => p.name)).toContain(backend.port.name);
    const hpa = named(objects, 'HorizontalPodAutoscaler', 'kaytuu-api');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'kaytuu-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(selects(named(objects, 'PodDisruptionBudget', 'kaytuu-api').spec.selector.matchLabels, podLabels('kaytuu-api'))).toBe(true);
    expect(selects(named(objects, 'PodDisruptionBudget', 'kaytuu-worker').spec.selector.matchLabels, podLabels('kaytuu-worker'))).toBe(true);
  });

  it('should let only the ingress controller reach the API, and the worker reach only DNS, Postgres, Redis and its gateways', () => {
    const api = named(objects, 'NetworkPolicy', 'kaytuu-api').spec;
    expect(api.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'kaytuu-api' });
    expect(api.ingress).toHaveLength(1);
    expect(api.ingress[0].from).toEqual([
      {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      },
    ]);
    expect(api.ingress[0].ports).toEqual([{ port: 3000, protocol: 'TCP' }]);

    const worker = named(objects, 'NetworkPolicy', 'kaytuu-worker').spec;
    expect(worker.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(worker.ingress ?? []).toEqual([]);
    const ports = (spec: { egress: { ports: { port: number }[] }[] }) => spec.egress.flatMap((r) => r.ports.map((p) => p.port)).sort((a, b) => a - b);
    expect(worker.egress.every((r: { to?: unknown[] }) => (r.to ?? []).length > 0)).toBe(true);
    expect(ports(worker)).toEqual([25, 53, 53, 443, 465, 587, 2775]);
    const data = named(objects, 'NetworkPolicy', 'kaytuu-worker-data').spec;
    expect(data.podSelector).toEqual(worker.podSelector);
    expect(data.egress.every((r: { to?: unknown[] }) => (r.to ?? []).length > 0)).toBe(true);
    expect(ports(data)).toEqual(expect.arrayContaining([5432, 6379]));
  });
});

describe('deploy/k8s overlay national: the operators’ objects (no schema package: required fields checked here)', () => {
  const { objects } = checked.overlays.national;

  it('should run PostgreSQL as a CloudNativePG Cluster with one standby, WAL archiving and nightly backups to object storage', () => {
    const cluster = named(objects, 'Cluster', 'kaytuu-db');
    expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(cluster.spec.instances).toBe(2);
    expect(cluster.spec.storage.size).toMatch(/^\d+Gi$/);
    expect(cluster.spec.bootstrap.initdb).toMatchObject({ database: 'kaytuu', owner: 'kaytuu' });
    // the owner makes the roles kaytuu_app and kaytuu_api (migrations, app-role.ts)
    expect(cluster.spec.managed.roles).toContainEqual(expect.objectContaining({ name: 'kaytuu', createrole: true, login: true }));
    const archiver = cluster.spec.plugins.find((p: { isWALArchiver?: boolean }) => p.isWALArchiver);
    expect(archiver.name).toBe('barman-cloud.cloudnative-pg.io');
    const store = named(objects, 'ObjectStore', archiver.parameters.barmanObjectName);
    expect(store.apiVersion).toBe('barmancloud.cnpg.io/v1');
    expect(store.spec.configuration.destinationPath).toMatch(/^s3:\/\/[a-z0-9.-]+\//);
    expect(store.spec.configuration.s3Credentials.accessKeyId).toEqual({ name: expect.any(String), key: expect.any(String) });
    expect(store.spec.configuration.s3Credentials.secretAccessKey).toEqual({ name: expect.any(String), key: expect.any(String) });
    expect(store.spec.retentionPolicy).toMatch(/^\d+[dwm]$/);
    const backup = byKind(objects, 'ScheduledBackup')[0];
    expect(backup.spec.cluster.name).toBe('kaytuu-db');
    expect(backup.spec.method).toBe('plugin');
    expect(backup.spec.pluginConfiguration.name).toBe(archiver.name);
    // CloudNativePG's schedules have six fields, seconds first
    expect(backup.spec.schedule.split(' ')).toHaveLength(6);
    // the apps read DATABASE_URL from the Secret the operator makes for the owner
    for (const w of workloads(objects)) {
      const url = podSpecOf(w).containers[0].env.find((e: { name: string }) => e.name === 'DATABASE_URL');
      expect(url.valueFrom.secretKeyRef).toEqual({ name: `${cluster.metadata.name}-app`, key: 'uri' });
    }
  });

  it('should run Redis with three Sentinels, never evicting keys (BullMQ)', () => {
    const redis = named(objects, 'RedisFailover', 'kaytuu-redis');
    expect(redis.apiVersion).toBe('databases.spotahome.com/v1');
    expect(redis.spec.sentinel.replicas).toBeGreaterThanOrEqual(3);
    expect(redis.spec.redis.replicas).toBeGreaterThanOrEqual(2);
    expect(redis.spec.redis.customConfig).toContain('maxmemory-policy noeviction');
    expect(redis.spec.auth.secretPath).toBeTruthy();
  });
});
