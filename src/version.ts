// Replaced at build time from package.json (see build.mjs and vitest.config.ts).
declare const __KMS_VERSION__: string;

export const VERSION: string = __KMS_VERSION__;
