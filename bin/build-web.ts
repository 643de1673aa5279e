// `npm run build:web`: bundles the browser code (web/assets/*.entry.ts) into dist/web. `npm start` does the
// same when the bundles are missing or stale; this is for a build step of its own (the Dockerfile).
import { buildAssets } from '../web/assets.js';

const started = Date.now();
const { entries, bytes } = await buildAssets();
console.log(`built ${entries.join(', ')}: ${Math.round(bytes / 1024)} KiB in ${Date.now() - started} ms`);
