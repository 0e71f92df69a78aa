import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The API (Nest, :3000) serves the built console at `/`; in dev, Vite proxies /api to it.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { port: 5173, proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: true } } },
  preview: { proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: true } } },
});
