// Bundles the viewer with esbuild into the folder given as the first argument (pacs-web/target/viewer-app/viewer).
// The DICOM image loader starts its decoder with new Worker(new URL('./decodeImageFrameWorker.js', import.meta.url)),
// so the worker is a second entry point written next to the chunks under exactly that name.
import * as esbuild from 'esbuild';

const outdir = process.argv[2] || 'dist';

// The codecs (Emscripten output) require Node.js modules in branches a browser never takes; marking them external
// would leave a require() that throws when the chunk loads, so they resolve to an empty module instead.
const EVENTS = `class EventEmitter {
  constructor() { this._l = {}; }
  on(e, f) { (this._l[e] = this._l[e] || []).push(f); return this; }
  addListener(e, f) { return this.on(e, f); }
  once(e, f) { const g = (...a) => { this.off(e, g); f(...a); }; return this.on(e, g); }
  off(e, f) { this._l[e] = (this._l[e] || []).filter((x) => x !== f); return this; }
  removeListener(e, f) { return this.off(e, f); }
  removeAllListeners(e) { if (e) delete this._l[e]; else this._l = {}; return this; }
  emit(e, ...a) { const l = this._l[e] || []; l.slice().forEach((f) => f.apply(this, a)); return l.length > 0; }
  listenerCount(e) { return (this._l[e] || []).length; }
}
module.exports = EventEmitter;
module.exports.EventEmitter = EventEmitter;
module.exports.default = EventEmitter;`;

const nodeBuiltinsAsEmpty = {
  name: 'node-builtins-as-empty',
  setup(build) {
    build.onResolve({ filter: /^(node:)?(fs|path|crypto|url|module|worker_threads|events)$/ },
      (args) => ({ path: args.path.replace(/^node:/, ''), namespace: 'node-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
      // xmlbuilder2 (pulled in by vtk.js) extends EventEmitter when its module loads: a minimal one for that
      contents: args.path === 'events' ? EVENTS : 'module.exports = {};',
      loader: 'js',
    }));
  },
};
await esbuild.build({
  entryPoints: {
    viewer: 'src/viewer.js',
    decodeImageFrameWorker: 'node_modules/@cornerstonejs/dicom-image-loader/dist/esm/decodeImageFrameWorker.js',
  },
  bundle: true,
  format: 'esm',
  splitting: true,
  minify: true,
  sourcemap: false,
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.wasm': 'file' },
  plugins: [nodeBuiltinsAsEmpty],
  logLevel: 'warning',
  legalComments: 'linked',
});
console.log('viewer bundled into ' + outdir);
