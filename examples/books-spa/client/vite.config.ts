// The example's front end, built as a Flask + Vue prototype builds it: `npm run build:example` writes
// client/dist (committed, so the example runs without a build).
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
