// The Vue page's build: `npm run build:web` writes web/dist (index.html + content-hashed assets/), the one
// directory both nginx and the Flask app serve.
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true },
  logLevel: 'warn',
});
