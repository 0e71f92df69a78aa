// Renders each overlay of deploy/k8s (scripts/k8s-render.mjs) and validates every object whose kind Kubernetes
// itself defines against its schema from kubernetes-models (ESM only, hence a child process of the jest test).
// Prints { overlays: { <name>: { objects, errors: [{ id, message }], unchecked: [id] } } } as JSON.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from '../../scripts/k8s-render.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'k8s');
const BUILT_IN_GROUPS = new Set(['v1', 'apps/v1', 'batch/v1', 'policy/v1', 'autoscaling/v2', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1']);

async function modelOf(o) {
  if (!BUILT_IN_GROUPS.has(o.apiVersion)) return null;
  const mod = await import(`kubernetes-models/${o.apiVersion}/${o.kind}`);
  return mod[o.kind];
}

const out = { overlays: {} };
for (const name of process.argv.slice(2)) {
  const objects = render(join(root, 'overlays', name));
  const errors = [];
  const unchecked = [];
  for (const o of objects) {
    const id = `${o.apiVersion} ${o.kind} ${o.metadata?.name}`;
    const Model = await modelOf(o);
    if (!Model) {
      unchecked.push(id);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (err) {
      errors.push({ id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  out.overlays[name] = { objects, errors, unchecked };
}
process.stdout.write(JSON.stringify(out));
