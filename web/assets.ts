// Browser code is bundled at build time with esbuild, no CDN (DESIGN.md "Bundling"). Every file
// web/assets/*.entry.ts is an entry point and becomes /assets/<name>.js (+ .css when it imports CSS);
// `npm run build:web` builds them, and `npm start` builds them when dist/web is missing or older than its
// sources. dkfds (the citizen design system) is served as shipped, from its dist folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The sources of the bundles. */
export const assetsSourceDir = path.join(here, 'assets');
/** Where the bundles go (git-ignored). */
export const assetsOutDir = path.resolve(here, '..', 'dist', 'web');

/** The entry points: web/assets/*.entry.ts. */
export function entryPoints(): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(assetsSourceDir)
      .filter((f) => f.endsWith('.entry.ts'))
      .map((f) => [f.replace(/\.entry\.ts$/, ''), path.join(assetsSourceDir, f)]),
  );
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether the bundles are missing or older than a source file. */
export function assetsAreStale(): boolean {
  const stamp = path.join(assetsOutDir, '.built');
  if (!fs.existsSync(stamp)) return true;
  return fs.statSync(stamp).mtimeMs < newestSource(assetsSourceDir);
}

/** Bundles every entry point (minified, with source maps) into dist/web. */
export async function buildAssets(): Promise<{ entries: string[]; bytes: number }> {
  const entries = entryPoints();
  fs.mkdirSync(assetsOutDir, { recursive: true });
  const result = await esbuild.build({
    entryPoints: entries,
    outdir: assetsOutDir,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    splitting: true,
    target: ['es2020'],
    loader: { '.svg': 'dataurl', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.png': 'file' },
    metafile: true,
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(assetsOutDir, '.built'), new Date().toISOString());
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { entries: Object.keys(entries), bytes };
}

/** The dkfds dist folder (css, js, fonts, img). */
export const dkfdsDir = path.resolve(here, '..', 'node_modules', 'dkfds', 'dist');
