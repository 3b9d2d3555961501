/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The Django API during development; override when it runs elsewhere.
const apiTarget = process.env.SUPPORT_DESK_API_URL ?? 'http://127.0.0.1:8000';
// The Host header is kept so Django's CSRF origin check sees the page's own origin.
const apiProxy = { '/api': { target: apiTarget, changeOrigin: false } };

export default defineConfig({
  // Django serves the built app at the site root, its files under /assets/.
  base: '/',
  plugins: [react()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
  },
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/testing/setup-tests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    restoreMocks: true,
    // Whole-app renders in jsdom (the ticket page makes five requests) can pass 5 s on a busy machine.
    testTimeout: 15_000,
  },
});
