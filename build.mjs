// One ESM build of src/ into dist/, split so that a run loads only the chunks it needs:
// `kms --version` loads no library, `create-key` never loads the emulator, and undici, chalk
// and ora load only when used. Bundled, so the installed package has no dependencies.
import { readFileSync, rmSync } from 'node:fs';

import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

// Built-in modules that libraries load up front for features kms never uses. Loading them costs
// start-up time on every run (measured on Node 20: node:http2 7 ms, node:child_process 2 ms).
const leaveOutUnusedBuiltins = {
  name: 'leave-out-unused-builtins',
  setup(build) {
    const from = (args, pkg) => args.importer.includes(`node_modules/${pkg}/`);
    // commander spawns child processes only for executable subcommands, which kms has none of:
    // it gets a stand-in that loads the real module on first use.
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      from(args, 'commander') ? { path: 'node:child_process', namespace: 'on-first-use' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({
      contents: `module.exports = new Proxy({}, { get: (_, key) => require('${args.path}')[key] });`,
      loader: 'js',
    }));
    // undici loads node:http2 for its HTTP/2 client, which stays off unless allowH2 is set; when
    // the module cannot be loaded, undici falls back on its own (client-h2.js, undici 7).
    build.onResolve({ filter: /^node:http2$/ }, (args) =>
      from(args, 'undici') ? { path: 'node:http2', namespace: 'left-out' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'left-out' }, () => ({
      contents: "throw new Error('node:http2 is left out of the kms build: kms speaks HTTP/1.1');",
      loader: 'js',
    }));
  },
};
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.18',
  minifySyntax: true,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __KMS_VERSION__: JSON.stringify(version) },
  // cosmiconfig imports typescript only to load .ts configs, which kms refuses to load.
  external: ['typescript'],
  // CommonJS packages in an ESM bundle still call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __kmsRequire } from 'node:module';\nconst require = __kmsRequire(import.meta.url);",
  },
  plugins: [leaveOutUnusedBuiltins],
  logLevel: 'warning',
});
