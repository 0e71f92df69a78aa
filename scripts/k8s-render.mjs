#!/usr/bin/env node
// Renders a kustomization of deploy/k8s (an overlay, or the base) the way `kubectl kustomize` does, for the subset of
// kustomize those files use: resources (files and folders), namespace, labels (metadata only), images, and patches
// as strategic-merge files (maps merged, the lists Kubernetes merges by key merged by that key, other lists replaced).
// Anything else in a kustomization is refused, so the manifests cannot drift into what this does not render.
// There is no kustomize binary here; test/deploy/k8s-manifests.spec.ts renders the overlays with this and validates
// the result. Usage: node scripts/k8s-render.mjs deploy/k8s/overlays/national > national.yaml
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';

const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'labels', 'images', 'patches']);
// kinds that live outside any namespace (kustomize's namespace transformer leaves them alone)
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PersistentVolume',
  'StorageClass',
  'IngressClass',
]);
// Kubernetes' patchMergeKey for the lists these manifests patch; every other list is replaced by the patch's
const MERGE_KEYS = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath', ports: 'containerPort' };

export function readYamlDocs(file) {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors[0].message}`);
      return d.toJS();
    })
    .filter((o) => o !== null && o !== undefined);
}

export function render(dir) {
  const kfile = join(dir, 'kustomization.yaml');
  if (!existsSync(kfile)) throw new Error(`${dir}: no kustomization.yaml`);
  const k = readYamlDocs(kfile)[0];
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length) throw new Error(`${kfile}: not supported by this renderer: ${unsupported.join(', ')}`);

  let objects = [];
  for (const r of k.resources ?? []) {
    const p = resolve(dir, r);
    objects.push(...(statSync(p).isDirectory() ? render(p) : readYamlDocs(p)));
  }
  const ids = new Set();
  for (const o of objects) {
    const id = idOf(o);
    if (ids.has(id)) throw new Error(`${dir}: ${id} is declared twice`);
    ids.add(id);
  }

  for (const p of k.patches ?? []) {
    if (!p.path || p.target || p.patch) throw new Error(`${kfile}: only strategic-merge patches given by path are supported`);
    for (const patch of readYamlDocs(resolve(dir, p.path))) {
      const target = objects.find((o) => o.apiVersion === patch.apiVersion && o.kind === patch.kind && o.metadata?.name === patch.metadata?.name);
      if (!target) throw new Error(`${p.path}: no ${idOf(patch)} to patch`);
      objects = objects.map((o) => (o === target ? mergePatch(o, patch, '') : o));
    }
  }

  if (k.namespace) {
    objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));
  }
  for (const l of k.labels ?? []) {
    if (l.includeSelectors || l.includeTemplates) throw new Error(`${kfile}: labels are applied to metadata only here`);
    objects = objects.map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, ...l.pairs } } }));
  }
  for (const img of k.images ?? []) objects = objects.map((o) => setImage(o, img));
  return objects;
}

function idOf(o) {
  return `${o.apiVersion} ${o.kind} ${o.metadata?.name}`;
}

function isMap(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// Strategic merge: maps merge key by key (null deletes), lists with a merge key merge item by item, others are replaced.
export function mergePatch(base, patch, field) {
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(base)) return structuredClone(patch);
    const out = base.map((b) => structuredClone(b));
    for (const item of patch) {
      const i = out.findIndex((b) => b[key] === item[key]);
      if (i < 0) out.push(structuredClone(item));
      else out[i] = mergePatch(out[i], item, '');
    }
    return out;
  }
  if (!isMap(patch) || !isMap(base)) return structuredClone(patch);
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$')) throw new Error(`patch directive ${key} is not supported`);
    if (value === null) delete out[key];
    else out[key] = key in base ? mergePatch(base[key], value, key) : structuredClone(value);
  }
  return out;
}

// kustomize's images transformer: every container image whose name (before the tag) matches
function setImage(o, img) {
  if (!o.spec?.template?.spec && !o.spec?.jobTemplate?.spec?.template?.spec) return o;
  const copy = structuredClone(o);
  for (const spec of [copy.spec?.template?.spec, copy.spec?.jobTemplate?.spec?.template?.spec].filter(Boolean)) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      const [name, tag] = splitImage(c.image);
      if (name !== img.name) continue;
      c.image = `${img.newName ?? name}${img.digest ? `@${img.digest}` : `:${img.newTag ?? tag ?? 'latest'}`}`;
    }
  }
  return copy;
}

export function splitImage(image) {
  const at = image.indexOf('@');
  if (at >= 0) return [image.slice(0, at), undefined];
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash ? [image.slice(0, colon), image.slice(colon + 1)] : [image, undefined];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/k8s-render.mjs <kustomization folder>');
    process.exit(2);
  }
  process.stdout.write(
    render(resolve(dir))
      .map((o) => stringify(o))
      .join('---\n'),
  );
}
