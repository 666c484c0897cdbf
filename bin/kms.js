#!/usr/bin/env node
// The kms command. Node's compile cache (22.8 and later) makes every start after the first faster.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/main.js');
await main();
