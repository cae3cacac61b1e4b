import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The pages (player, settings) are built to dist/renderer and served by the
// HTTP workers; the settings page is also what Electron's window loads.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Two pages: the player at / and the settings at /settings.
    rollupOptions: {
      input: {
        player: fileURLToPath(new URL('index.html', import.meta.url)),
        settings: fileURLToPath(new URL('settings.html', import.meta.url)),
      },
    },
  },
});
