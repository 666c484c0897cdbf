#!/usr/bin/env node
// The kms command. CommonJS (see package.json here), so that `kms --version`, the commonest call
// in scripts, answers before Node's ES module loader starts; everything else loads the built code.
'use strict';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // Node's compile cache (22.8 and later) makes every start after the first faster.
  require('node:module').enableCompileCache?.();
  import('../dist/main.js').then(({ main }) => main());
}
