import { vitePlugin as remix } from '@remix-run/dev';
import { NodePackageImporter } from 'sass-embedded';
import { defineConfig } from 'vite';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
  resolve: { alias: { '~': new URL('./app', import.meta.url).pathname } },
  css: {
    preprocessorOptions: {
      scss: { api: 'modern-compiler', importers: [new NodePackageImporter()] },
    },
  },
  optimizeDeps: { exclude: ['@node-rs/argon2', '@electric-sql/pglite'] },
  ssr: { external: ['@node-rs/argon2', '@electric-sql/pglite'] },
  server: { port: 3000 },
});
