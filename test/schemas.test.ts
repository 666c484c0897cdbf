// The JSON Schemas shipped in schemas/ describe what kms really prints: ajv (draft 2020-12, strict
// mode) checks the schemas themselves, then the output of the built CLI run against a spawned
// emulator, the way a user's pipeline would see it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Ajv2020, type AnySchemaObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testEnv } from './helpers/credentials.js';
import { runKms, spawnEmulator, type SpawnedEmulator } from './helpers/spawn.js';

const NAMES = ['create-key', 'error', 'batch-result'] as const;
type SchemaName = (typeof NAMES)[number];

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

function loadSchema(name: SchemaName): AnySchemaObject {
  const file = new URL(`../schemas/${name}.schema.json`, import.meta.url);
  return JSON.parse(readFileSync(file, 'utf8')) as AnySchemaObject;
}

const SCHEMAS = Object.fromEntries(NAMES.map((name) => [name, loadSchema(name)])) as Record<
  SchemaName,
  AnySchemaObject
>;

/** All three under their relative `$id`s, so each `$ref` resolves to its sibling. */
function newAjv(inlineRefs = true): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, inlineRefs });
  for (const name of NAMES) ajv.addSchema(SCHEMAS[name]);
  return ajv;
}

const ajv = newAjv();

function validator(name: SchemaName): ValidateFunction {
  const validate = ajv.getSchema(`${name}.schema.json`);
  if (!validate) throw new Error(`no schema ${name}.schema.json`);
  return validate;
}

function isValid(name: SchemaName, document: unknown): boolean {
  return validator(name)(document);
}

function expectValid(name: SchemaName, document: unknown): void {
  const validate = validator(name);
  const valid = validate(document);
  const why = `${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(document)}`;
  expect(valid, why).toBe(true);
}

/** The JSON document kms prints last on stderr after the human-readable lines. */
function lastLine(text: string): unknown {
  const line = text.trimEnd().split('\n').at(-1) ?? '';
  return JSON.parse(line);
}

const KEY = {
  KeyId: '2f04297e-10ab-4662-8cec-b0ca575005e8',
  Alias: 'app-key',
  CreateTime: 1_730_347_170,
  Description: '',
  KeyState: 'Enabled',
  KeyUsage: 'ENCRYPT_DECRYPT',
  TagCode: 0,
  TagMsg: 'ok',
  HsmClusterId: '',
  RequestId: 'ed7b9589-e42e-45df-b0dd-f3b65c669901',
};

const ERROR = {
  error: {
    code: 'InvalidInput',
    message: '--alias "kms-x": must not start with "kms-"',
    requestId: null,
    exitCode: 2,
    retryable: false,
    hint: null,
  },
};

describe('the schemas', () => {
  it.each(NAMES)(
    '%s is a draft 2020-12 schema with a relative $id, title and description',
    (name) => {
      const schema = SCHEMAS[name];
      expect(schema['$schema']).toBe(DRAFT_2020_12);
      expect(schema['$id']).toBe(`${name}.schema.json`);
      expect(schema['title']).toEqual(expect.any(String));
      expect(schema['description']).toEqual(expect.any(String));
      expect(ajv.validateSchema(schema), ajv.errorsText(ajv.errors)).toBe(true);
    },
  );

  it.each([true, false])('compile in strict mode, refs resolved (inlineRefs %s)', (inlineRefs) => {
    const fresh = newAjv(inlineRefs);
    for (const name of NAMES) expect(fresh.getSchema(`${name}.schema.json`)).toBeTypeOf('function');
  });

  it('describe every property', () => {
    const inner = SCHEMAS.error['properties'].error;
    for (const properties of [SCHEMAS['create-key']['properties'], inner.properties]) {
      for (const [field, property] of Object.entries(properties as Record<string, object>)) {
        expect(property, field).toHaveProperty('description', expect.any(String));
      }
    }
  });

  it('accept the documents kms prints', () => {
    expectValid('create-key', KEY);
    expectValid('create-key', { ...KEY, Created: false });
    expectValid('create-key', { ...KEY, Line: 3 });
    expectValid('error', ERROR);
    expectValid('error', { error: { ...ERROR.error, requestId: 'r-1', hint: 'try again' } });
    expectValid('batch-result', { ...KEY, Line: 1 });
    expectValid('batch-result', { error: { ...ERROR.error, line: 2, alias: 'kms-bad' } });
  });

  it('reject a success document with an extra property, a missing field or a wrong value', () => {
    const { KeyId: _omitted, ...withoutKeyId } = KEY;
    expect(isValid('create-key', { ...KEY, Extra: 1 })).toBe(false);
    expect(isValid('create-key', withoutKeyId)).toBe(false);
    expect(isValid('create-key', { ...KEY, KeyState: 'Gone' })).toBe(false);
    expect(isValid('create-key', { ...KEY, TagCode: 3 })).toBe(false);
    expect(isValid('create-key', { ...KEY, CreateTime: 1.5 })).toBe(false);
    expect(isValid('create-key', { ...KEY, Created: 'false' })).toBe(false);
    expect(isValid('create-key', { ...KEY, Line: 0 })).toBe(false);
  });

  it('reject an error document with an extra property, a missing field or a wrong value', () => {
    const { hint: _omitted, ...withoutHint } = ERROR.error;
    expect(isValid('error', { ...ERROR, extra: 1 })).toBe(false);
    expect(isValid('error', { error: { ...ERROR.error, extra: 1 } })).toBe(false);
    expect(isValid('error', { error: withoutHint })).toBe(false);
    expect(isValid('error', { error: { ...ERROR.error, exitCode: 0 } })).toBe(false);
    expect(isValid('error', { error: { ...ERROR.error, requestId: undefined } })).toBe(false);
    expect(isValid('error', { error: { ...ERROR.error, line: 0, alias: 'a' } })).toBe(false);
  });

  it('reject a batch line without its line number or alias, or that is neither', () => {
    expect(isValid('batch-result', KEY)).toBe(false);
    expect(isValid('batch-result', ERROR)).toBe(false);
    expect(isValid('batch-result', { error: { ...ERROR.error, line: 2 } })).toBe(false);
    expect(isValid('batch-result', { error: { ...ERROR.error, alias: 'kms-bad' } })).toBe(false);
    expect(isValid('batch-result', { ...KEY, Line: 1, ...ERROR })).toBe(false);
  });
});

describe('what the built kms prints', () => {
  let emulator: SpawnedEmulator;
  beforeAll(async () => {
    emulator = await spawnEmulator();
  });
  afterAll(() => emulator.stop());

  const createKey = (args: string[], env = testEnv()) =>
    runKms(['create-key', '--endpoint', emulator.url, ...args], env);

  /** Whether this build's `create-key --help` lists the flag. */
  const hasFlag = async (flag: string) => {
    const help = await runKms(['create-key', '--help'], testEnv());
    return `${help.stdout}${help.stderr}`.includes(flag);
  };

  it('create-key --json: stdout is a create-key document', async () => {
    const result = await createKey(['--alias', 'schema-ok', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expectValid('create-key', JSON.parse(result.stdout));
  });

  it('an alias that exists (exit 5): the last line of stderr is an error document', async () => {
    expect((await createKey(['--alias', 'schema-twice', '--json'])).code).toBe(0);
    const result = await createKey(['--alias', 'schema-twice', '--json']);
    expect(result.code, result.stderr).toBe(5);
    const document = lastLine(result.stderr);
    expectValid('error', document);
    expect(document).toMatchObject({ error: { exitCode: 5, requestId: expect.any(String) } });
  });

  it('invalid input (exit 2): the last line of stderr is an error document', async () => {
    const result = await createKey(['--alias', 'kms-x', '--json']);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stdout).toBe('');
    const document = lastLine(result.stderr);
    expectValid('error', document);
    expect(document).toMatchObject({ error: { code: 'InvalidInput', exitCode: 2 } });
  });

  it('no credentials (exit 3): the last line of stderr is an error document', async () => {
    const env = testEnv();
    delete env['TENCENTCLOUD_SECRET_ID'];
    delete env['TENCENTCLOUD_SECRET_KEY'];
    const result = await createKey(['--alias', 'schema-nocreds', '--json'], env);
    expect(result.code, result.stderr).toBe(3);
    const document = lastLine(result.stderr);
    expectValid('error', document);
    expect(document).toMatchObject({ error: { exitCode: 3 } });
  });

  it('create-key --if-not-exists --json on an existing alias: Created false', async (context) => {
    // --if-not-exists is being added; until this kms has it, there is nothing to validate.
    if (!(await hasFlag('--if-not-exists'))) context.skip();
    expect((await createKey(['--alias', 'schema-exists', '--json'])).code).toBe(0);
    const result = await createKey(['--alias', 'schema-exists', '--if-not-exists', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout) as unknown;
    expectValid('create-key', document);
    expect(document).toMatchObject({ Alias: 'schema-exists', Created: false });
  });

  it('create-key --batch --json: each stdout line is a batch-result document', async (context) => {
    // --batch is being added; until this kms has it, there is nothing to validate.
    if (!(await hasFlag('--batch'))) context.skip();

    const dir = mkdtempSync(join(tmpdir(), 'kms-schemas-'));
    try {
      const file = join(dir, 'keys.ndjson');
      const input = [
        { Alias: 'schema-batch-a' },
        { Alias: 'kms-bad' },
        { Alias: 'schema-batch-b' },
      ];
      writeFileSync(file, input.map((line) => `${JSON.stringify(line)}\n`).join(''));

      const result = await createKey(['--batch', file, '--json']);
      const lines = result.stdout.split('\n').filter((line) => line.trim() !== '');
      expect(lines, result.stderr).toHaveLength(3);
      const documents = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      for (const document of documents) expectValid('batch-result', document);

      const failed = documents.flatMap((document) =>
        'error' in document ? [document['error'] as { alias: string; line: number }] : [],
      );
      const created = documents.filter((document) => !('error' in document));
      expect(failed.map((error) => error.alias)).toEqual(['kms-bad']);
      expect(created.map((key) => key['Alias']).sort()).toEqual([
        'schema-batch-a',
        'schema-batch-b',
      ]);
      const numbers = [...created.map((key) => key['Line']), ...failed.map((error) => error.line)];
      expect(new Set(numbers).size).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
