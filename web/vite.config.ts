import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Writes a .br and a .gz beside every text asset of the build, once, at build time; the server sends them to
 * browsers that accept them (@fastify/static preCompressed), so that a phone on a poor connection gets the
 * app in a third of the bytes without the server compressing on every request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'renraku-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      // A build that failed wrote nothing: its own error is the one to see.
      if (!existsSync(outDir)) return;
      const visit = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) visit(path);
          else if (/\.(js|css|html|svg|json)$/.test(entry.name)) {
            const content = readFileSync(path);
            if (content.length < 1024) continue;
            writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }));
            writeFileSync(
              `${path}.br`,
              brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
            );
          }
        }
      };
      visit(outDir);
    },
  };
}

/**
 * Writes the list of the server's source files the app bundles (schemas, vocabularies, canonical forms under
 * src/) beside the build, in dist/.web-sources.json (outside what the server serves): a change to one of them
 * must rebuild the app too, and `npm start` and the browser tests' setup read the list to know it.
 */
function sourcesList(): Plugin {
  let outDir = '';
  const repo = resolve(here, '..');
  return {
    name: 'renraku-sources-list',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    generateBundle() {
      const src = `${join(repo, 'src')}/`;
      const files = [...this.getModuleIds()]
        .filter((id) => id.startsWith(src) && !id.includes('/node_modules/'))
        .map((id) => id.slice(repo.length + 1))
        .sort();
      writeFileSync(join(outDir, '..', '.web-sources.json'), `${JSON.stringify(files, null, 1)}\n`);
    },
  };
}

/** The web app: built into dist/web, which the server serves with its strict CSP (no inline scripts/styles). */
export default defineConfig({
  root: here,
  plugins: [react(), precompress(), sourcesList()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Inlined assets would become data: URLs; keep every asset a file served from 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    // The dashboard's chunk (ECharts, loaded on first use only) is about 520 kB before compression, knowingly.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
