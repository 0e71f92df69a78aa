import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const COMPRESSIBLE = /\.(js|mjs|css|html|json|webmanifest|svg|txt)$/;

// Writes a .br and a .gz next to every text file of the build (once, at the highest levels), so the API sends the
// precompressed file that matches the request's Accept-Encoding without compressing on each request.
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'kaytuu-precompress',
    apply: 'build',
    configResolved: (config) => void (outDir = config.build.outDir),
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const body = readFileSync(file);
        if (body.length < 512) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        );
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The API (Nest, :3000) serves the built console at `/`; in dev, Vite proxies /api to it.
export default defineConfig({
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // everything the first page needs in two files (libraries, app) instead of ~20 small shared chunks, each a
    // request with its own headers; the pages behind the login stay in their own lazily loaded chunks
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, tags: ['$initial'] },
            { name: 'app', tags: ['$initial'] },
            // the rest of react-admin and MUI (lists, forms, dialogs) in one file for the pages behind the login,
            // instead of ~40 small shared chunks each a round trip away; the charts stay apart (dashboard, reports)
            {
              name: 'vendor-pages',
              test: /[\\/]node_modules[\\/](ra-[^\\/]+|react-admin|@mui[\\/](material|system|utils|icons-material)|react-hook-form|@tanstack|lodash|react-dropzone|attr-accept|file-selector|inflection|@popperjs)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: { port: 5173, proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: true } } },
  preview: { proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: true } } },
});
