// Builds the map page into dist/, which web/embed.go embeds in the binary:
//
//   dist/index.html                       from src/index.html, pointing at the hashed assets
//   dist/assets/app-HASH.js               src/main.js with MapLibre GL JS bundled in (ES module)
//   dist/assets/app-HASH.css              src/style.css with MapLibre's CSS bundled in
//   dist/assets/maplibre-worker-HASH.js   MapLibre's worker, as the package ships it
//
// Every asset name carries a hash of its content, so the server can let
// browsers cache assets for a year while index.html is revalidated.
// Run with `npm run build` (make web does npm ci first).
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const assets = path.join(dist, 'assets');
const require = createRequire(import.meta.url);

const hash = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 10);

// Start from an empty dist/ but keep its committed README.md, which lets
// `go build` embed dist/ before the page was ever built.
await mkdir(assets, { recursive: true });
for (const name of await readdir(dist)) {
  if (name !== 'README.md') await rm(path.join(dist, name), { recursive: true, force: true });
}
await mkdir(assets, { recursive: true });

// MapLibre 6 runs its tile work in a module worker it loads by URL. The page
// serves the package's own worker file from our origin (the CSP allows
// worker-src 'self'); main.js learns its hashed name through `define`.
const workerSrc = await readFile(require.resolve('maplibre-gl/dist/maplibre-gl-worker.mjs'));
const workerName = `maplibre-worker-${hash(workerSrc)}.js`;
await writeFile(path.join(assets, workerName), workerSrc);

const result = await esbuild.build({
  entryPoints: { app: path.join(here, 'src/main.js') },
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'linked', // keeps MapLibre's licence notice in assets/app-HASH.js.LEGAL.txt
  outdir: assets,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  define: { __MAPLIBRE_WORKER_URL__: JSON.stringify(`/assets/${workerName}`) },
  logLevel: 'warning',
});

// Find the hashed names esbuild chose for the JS and CSS entry outputs.
const outputs = Object.keys(result.metafile.outputs).map((p) => path.basename(p));
const js = outputs.find((n) => /^app-.*\.js$/.test(n));
const css = outputs.find((n) => /^app-.*\.css$/.test(n));
if (!js || !css) throw new Error(`esbuild wrote no app js/css: ${outputs.join(', ')}`);

// Packages whose code carries no licence comment for esbuild to keep get
// their notice added to the legal file from their package.
const legal = path.join(assets, `${js}.LEGAL.txt`);
let notices = '';
for (const pkg of ['pmtiles', 'fflate']) {
  const meta = JSON.parse(await readFile(require.resolve(`${pkg}/package.json`), 'utf8'));
  notices += `\n${pkg} ${meta.version} (${meta.license}${meta.author ? `, ${typeof meta.author === 'string' ? meta.author : meta.author.name}` : ''})\n`;
  try {
    notices += `${await readFile(path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'LICENSE'), 'utf8')}\n`;
  } catch {
    // the package ships no LICENSE file: its package.json names the licence
  }
}
let before = '';
try {
  before = await readFile(legal, 'utf8');
} catch {
  before = 'Bundled license information:\n';
}
await writeFile(legal, before + notices);

const html = (await readFile(path.join(here, 'src/index.html'), 'utf8'))
  .replaceAll('{{APP_JS}}', `/assets/${js}`)
  .replaceAll('{{APP_CSS}}', `/assets/${css}`);
await writeFile(path.join(dist, 'index.html'), html);

console.log(`web: built dist/index.html, assets/${js}, assets/${css}, assets/${workerName}`);
