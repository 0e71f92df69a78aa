import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { CommonError, validationFailed } from '@kaytuu/shared';

// Deeper JSON than any request of the API needs; beyond it class-transformer's recursion would overflow the stack.
export const MAX_INPUT_DEPTH = 32;

// Unknown properties are rejected (not silently dropped), and errors come back as a field → message map with a code
// per field (`fieldCodes`, by the constraint that failed: libs/shared/src/errors/field-codes.ts). Before any
// DTO sees it, every body, query and route parameter is checked for what no field accepts and what would otherwise
// fail deep inside the app as a 500: nesting deeper than MAX_INPUT_DEPTH, NUL characters (Postgres text cannot hold
// them) and lone UTF-16 surrogates (jsonb refuses them), in values and in keys; and the keys __proto__, constructor
// and prototype, which no DTO has and class-transformer would silently skip.
export class KaytuuValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      rejectUnstorable(value, metadata.type === 'body' ? '' : metadata.type);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new KaytuuValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(errors),
  });
}

// Iterative (no recursion of its own), so any depth the JSON parser accepted is walked safely.
function rejectUnstorable(root: unknown, rootPath: string): void {
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: root, path: rootPath, depth: 0 }];
  const field = (path: string) => path || 'body';
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!storable(v)) throw CommonError.validation({ [field(path)]: 'must not contain NUL characters or lone surrogates' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) throw CommonError.validation({ [field(path)]: `is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)` });
    for (const [k, child] of Object.entries(v)) {
      const childPath = Array.isArray(v) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      if (!storable(k)) throw CommonError.validation({ [field(path)]: 'must not contain NUL characters or lone surrogates in its keys' });
      // class-transformer skips these keys instead of reporting them as unknown properties: refused here
      if (FORBIDDEN_KEYS.has(k)) throw CommonError.validation({ [childPath]: 'is not an allowed property' });
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const storable = (s: string) => !s.includes('\u0000') && !LONE_SURROGATE.test(s);
