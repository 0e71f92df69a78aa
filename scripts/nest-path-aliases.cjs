// Nest CLI compiler plugin (nest-cli.json compilerOptions.plugins): rewrites `@kaytuu/*` imports to relative paths in dist.
// Why: npm workspaces link every lib into node_modules/@kaytuu, and Nest's own tsconfig-paths hook leaves an alias alone
// whenever a package of that name resolves, so dist would `require('@kaytuu/shared')` → libs/shared/src/index.ts, which Node
// cannot run. Both apps compile with rootDir = repo root, so the relative path between sources equals the one between outputs.
'use strict';
const path = require('node:path');
const ts = require('typescript');

function aliasTargets(compilerOptions) {
  const base = compilerOptions.baseUrl ?? compilerOptions.pathsBasePath ?? process.cwd();
  const exact = new Map();
  const wildcard = [];
  for (const [key, targets] of Object.entries(compilerOptions.paths ?? {})) {
    if (!key.startsWith('@kaytuu/') || !targets?.length) continue;
    if (key.endsWith('/*')) wildcard.push([key.slice(0, -1), path.resolve(base, targets[0].replace(/\*$/, ''))]);
    else exact.set(key, path.resolve(base, targets[0]));
  }
  return (specifier) => {
    if (exact.has(specifier)) return exact.get(specifier);
    const hit = wildcard.find(([prefix]) => specifier.startsWith(prefix));
    return hit ? path.join(hit[1], specifier.slice(hit[0].length)) : undefined;
  };
}

exports.before = (_options, program) => {
  const resolve = aliasTargets(program.getCompilerOptions());
  return (ctx) => (sf) => {
    const visit = (node) => {
      const isImport = ts.isImportDeclaration(node);
      if ((isImport || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const target = resolve(node.moduleSpecifier.text);
        if (!target) return node;
        let rel = path.relative(path.dirname(sf.fileName), target).split(path.sep).join('/');
        if (!rel.startsWith('.')) rel = `./${rel}`;
        const spec = ctx.factory.createStringLiteral(rel);
        spec.parent = node.moduleSpecifier.parent;
        if (isImport) {
          const updated = ctx.factory.updateImportDeclaration(node, node.modifiers, node.importClause, spec, node.attributes);
          updated.flags = node.flags;
          return updated;
        }
        const updated = ctx.factory.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, spec, node.attributes);
        // decorator metadata emit resolves re-exported names through the original source file
        updated.parent = node.parent;
        updated.flags = node.flags;
        return updated;
      }
      return ts.visitEachChild(node, visit, ctx);
    };
    return ts.visitNode(sf, visit);
  };
};
