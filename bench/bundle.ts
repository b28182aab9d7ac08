// The web app's weight: builds it into a temporary folder with Vite's manifest and measures, gzipped, the
// JavaScript a browser must load for the first page (the entry and everything it imports statically) apart
// from what is loaded on first use (the dashboard, administration).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface BundleResult {
  firstPageJsGzipKb: number;
  firstPageCssGzipKb: number;
  lazyChunks: { name: string; gzipKb: number }[];
}

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** Builds the web app and measures what the first page loads, gzipped. */
export async function measureBundle(): Promise<BundleResult> {
  const root = resolve(import.meta.dirname, '..');
  const outDir = mkdtempSync(join(tmpdir(), 'renraku-web-'));
  try {
    await build({
      configFile: join(root, 'web', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, manifest: 'manifest.json' },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    const gz = (file: string) => gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;

    const firstPage = new Set<string>();
    const visit = (key: string) => {
      if (firstPage.has(key)) return;
      firstPage.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

    let js = 0;
    let css = 0;
    for (const key of firstPage) {
      const chunk = manifest[key];
      if (!chunk) continue;
      if (chunk.file.endsWith('.js')) js += gz(chunk.file);
      for (const sheet of chunk.css ?? []) css += gz(sheet);
    }
    const lazyChunks = Object.entries(manifest)
      .filter(([key, chunk]) => !firstPage.has(key) && chunk.file.endsWith('.js'))
      .map(([key, chunk]) => ({ name: key, gzipKb: kb(gz(chunk.file)) }))
      .sort((a, b) => b.gzipKb - a.gzipKb);
    return { firstPageJsGzipKb: kb(js), firstPageCssGzipKb: kb(css), lazyChunks };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
