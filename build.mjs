// One ESM build of src/ into dist/, split so that a run loads only the chunks it needs:
// `kms --version` loads no library, `create-key` never loads the emulator, and undici, chalk
// and ora load only when used. Bundled, so the installed package has no dependencies.
import { readFileSync, rmSync } from 'node:fs';

import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
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
  logLevel: 'warning',
});
