// The reference point for `kms create-key`: the same CreateKey call made with Tencent's official
// Node SDK (tencentcloud-sdk-nodejs-common's CommonClient), against the local emulator.
//
//   node bench/sdk-create-key.mjs ALIAS [PORT]      (PORT defaults to $KMS_BENCH_PORT)
//
// The SDK signs for the service named by the endpoint's first label, so it is given the real
// host name kms.tencentcloudapi.com, over http://, with an agent whose lookup always answers
// 127.0.0.1: no DNS query is made and the request goes only to the emulator on loopback.
// Credentials and region come from TENCENTCLOUD_SECRET_ID / _SECRET_KEY / _REGION.
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { CommonClient } = require('tencentcloud-sdk-nodejs-common');

function fail(message) {
  process.stderr.write(`sdk-create-key: ${message}\n`);
  process.exit(1);
}

const [alias, portArgument] = process.argv.slice(2);
const port = portArgument ?? process.env.KMS_BENCH_PORT;
if (!alias) fail('usage: node bench/sdk-create-key.mjs ALIAS [PORT]');
if (!port || !/^\d+$/.test(port)) fail('give the emulator port as PORT or KMS_BENCH_PORT');

const secretId = process.env.TENCENTCLOUD_SECRET_ID;
const secretKey = process.env.TENCENTCLOUD_SECRET_KEY;
if (!secretId || !secretKey) fail('set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY');

const loopbackOnly = new http.Agent({
  lookup: (hostname, options, callback) =>
    options && options.all
      ? callback(null, [{ address: '127.0.0.1', family: 4 }])
      : callback(null, '127.0.0.1', 4),
});

const client = new CommonClient('kms.tencentcloudapi.com', '2019-01-18', {
  credential: { secretId, secretKey },
  region: process.env.TENCENTCLOUD_REGION || 'ap-guangzhou',
  profile: {
    httpProfile: {
      endpoint: `kms.tencentcloudapi.com:${port}`,
      protocol: 'http://',
      agent: loopbackOnly,
      reqTimeout: 30,
    },
  },
});

try {
  const response = await client.request('CreateKey', {
    Alias: alias,
    KeyUsage: 'ENCRYPT_DECRYPT',
  });
  if (!response || typeof response.KeyId !== 'string') {
    fail(`no KeyId in the response: ${JSON.stringify(response)}`);
  }
  process.stdout.write(`${response.KeyId}\n`);
} catch (error) {
  fail(`${error.code ? `${error.code}: ` : ''}${error.message}`);
}
