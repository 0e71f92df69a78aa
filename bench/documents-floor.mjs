// The raw floor of bench/documents.mjs: the same bytes through a bare stream to the same store, no framework, no
// multipart parsing, no encryption, no database. PUT /o → the request body into store.put under a new random key
// (201 {key}); GET /o/<key> → store.get piped to the response. The store comes from the same env as the API's
// (FILE_STORE, FILES_DIR, S3_*), built by the server build's own createObjectStore. Prints "FLOOR_READY <port>".
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ROOT } from './common.mjs';

const require = createRequire(import.meta.url);
const shared = join(ROOT, 'dist/apps/api/libs/shared/src');
const { createObjectStore, newObjectKey } = require(join(shared, 'storage/object-store.js'));
const { objectStoreSettings } = require(join(shared, 'config/app.config.js'));

const store = createObjectStore(objectStoreSettings(process.env));
const server = createServer((req, res) => {
  const fail = (err) => {
    if (!res.headersSent) res.writeHead(500).end(String(err?.message ?? err));
    else res.destroy();
  };
  if (req.method === 'PUT' && req.url === '/o') {
    const key = newObjectKey();
    store.put(key, req).then(({ bytes }) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ key, bytes })), fail);
    return;
  }
  const m = /^\/o\/([a-z0-9]+)$/.exec(req.url ?? '');
  if (req.method === 'GET' && m) {
    store
      .get(m[1])
      .then((s) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return pipeline(s, res);
      }, fail)
      .catch(fail);
    return;
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`FLOOR_READY ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
