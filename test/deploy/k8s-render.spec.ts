import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

// scripts/k8s-render.mjs, the kustomize subset the manifests test relies on, on a small kustomization of its own:
// what kustomize would render, and a refusal for anything it does not render.
const ROOT = resolve(__dirname, '../..');
const RENDER = join(ROOT, 'scripts/k8s-render.mjs');

type Obj = { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };

describe('scripts/k8s-render.mjs', () => {
  let dir: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const render = (path: string) =>
    parseAllDocuments(execFileSync(process.execPath, [RENDER, join(dir, path)], { encoding: 'utf8' })).map((d) => d.toJS() as Obj);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'k8s-render-'));
    write(
      'base/kustomization.yaml',
      'resources: [app.yaml]\nlabels:\n  - pairs: { team: kaytuu }\nimages:\n  - { name: app, newName: reg.example/app, newTag: "1.0.0" }\n',
    );
    write(
      'base/app.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: 1
  template:
    spec:
      containers:
        - name: main
          image: app
          args: ["--a", "--b"]
          env:
            - { name: A, value: "1" }
            - name: B
              valueFrom: { secretKeyRef: { name: s, key: B } }
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
        - { name: side, image: other:2 }
`,
    );
    write('overlay/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: { name: n1 }\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should merge env and containers by name, replace other lists, delete on null, and set namespace, labels and images as kustomize does', () => {
    write(
      'overlay/kustomization.yaml',
      'namespace: n1\nresources: [ns.yaml, ../base]\npatches:\n  - path: patch.yaml\nimages:\n  - { name: reg.example/app, newTag: "1.2.3" }\n',
    );
    write(
      'overlay/patch.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: app }
spec:
  replicas: null
  template:
    spec:
      containers:
        - name: main
          args: ["--c"]
          env:
            - name: B
              valueFrom: { secretKeyRef: { name: other, key: uri } }
            - { name: C, value: "3" }
`,
    );
    const [ns, app] = render('overlay');
    expect(ns.metadata).toEqual({ name: 'n1' });
    expect(app.metadata).toEqual({ name: 'app', namespace: 'n1', labels: { team: 'kaytuu' } });
    expect(app.spec).toEqual({
      template: {
        spec: {
          containers: [
            {
              name: 'main',
              image: 'reg.example/app:1.2.3',
              args: ['--c'],
              env: [
                { name: 'A', value: '1' },
                { name: 'B', valueFrom: { secretKeyRef: { name: 'other', key: 'uri' } } },
                { name: 'C', value: '3' },
              ],
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            },
            { name: 'side', image: 'other:2' },
          ],
        },
      },
    });
  });

  it.each([
    ['a field it does not render', 'namePrefix: x-\nresources: [../base]\n', /not supported by this renderer: namePrefix/],
    ['a patch of an object that is not there', 'resources: [../base]\npatches:\n  - path: patch.yaml\n', /no apps\/v1 Deployment missing to patch/],
    ['an inline patch', 'resources: [../base]\npatches:\n  - patch: "{}"\n    target: { kind: Deployment }\n', /only strategic-merge patches given by path/],
  ])('should refuse %s', (_what, kustomization, message) => {
    write('overlay/kustomization.yaml', kustomization);
    write('overlay/patch.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: missing }\nspec: { replicas: 2 }\n');
    const run = spawnSync(process.execPath, [RENDER, join(dir, 'overlay')], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
  });
});
