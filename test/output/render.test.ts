import { describe, expect, it } from 'vitest';

import type { CreateKeyResponse } from '../../src/kms/types.js';
import { colorLevel, PLAIN } from '../../src/output/color.js';
import { formatTime, printable, renderResult } from '../../src/output/render.js';

const KEY: CreateKeyResponse = {
  KeyId: '87ff856e-973c-11ef-947b-525400d834e5',
  Alias: 'test8-lzc',
  CreateTime: 1730347170,
  Description: 'test描述',
  KeyState: 'Enabled',
  KeyUsage: 'ENCRYPT_DECRYPT',
  TagCode: 0,
  TagMsg: 'ok',
  HsmClusterId: '',
  RequestId: 'c44aba41-015a-45aa-9e55-1a08ac9d1d78',
};

describe('renderResult', () => {
  it('prints the KeyId alone when quiet', () => {
    expect(renderResult(KEY, 'quiet', PLAIN)).toBe(`${KEY.KeyId}\n`);
  });

  it('prints the inside of Response as one JSON document', () => {
    const text = renderResult(KEY, 'json', PLAIN);
    expect(JSON.parse(text)).toEqual(KEY);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('shows every field in a table, CreateTime as a date', () => {
    process.env['TZ'] = 'UTC';
    expect(renderResult(KEY, 'table', PLAIN)).toBe(
      [
        'KeyId         87ff856e-973c-11ef-947b-525400d834e5',
        'Alias         test8-lzc',
        'CreateTime    2024-10-31 03:59:30 +00:00 (1730347170)',
        'Description   test描述',
        'KeyState      Enabled',
        'KeyUsage      ENCRYPT_DECRYPT',
        'TagCode       0 (tags bound)',
        'TagMsg        ok',
        'HsmClusterId  -',
        'RequestId     c44aba41-015a-45aa-9e55-1a08ac9d1d78',
        '',
      ].join('\n'),
    );
  });

  it('never sends control characters from the service to the terminal raw', () => {
    const table = renderResult(
      { ...KEY, Description: 'a\u001b[31mred\nline' } as typeof KEY,
      'table',
      PLAIN,
    );
    expect(table).toContain('a\\u001b[31mred\\nline');
  });
});

describe('formatTime', () => {
  it('shows local time with its offset', () => {
    process.env['TZ'] = 'Asia/Shanghai';
    expect(formatTime(1730347170)).toBe('2024-10-31 11:59:30 +08:00');
    process.env['TZ'] = 'UTC';
  });

  it('escapes what a terminal would act on', () => {
    expect(printable('ok\u0007')).toBe('ok\\u0007');
  });
});

describe('colorLevel', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };

  it.each([
    [{}, tty, 1],
    [{}, pipe, 0],
    [{ NO_COLOR: '1' }, tty, 0],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, tty, 0],
    [{ FORCE_COLOR: '1' }, pipe, 1],
    [{ FORCE_COLOR: '3' }, pipe, 3],
    [{ FORCE_COLOR: '0' }, tty, 0],
    [{ TERM: 'dumb' }, tty, 0],
    [{ TERM: 'xterm-256color' }, tty, 2],
    [{ NO_COLOR: '' }, tty, 1],
  ])('with %j on %o is %i', (env, stream, level) => {
    expect(colorLevel(env, stream)).toBe(level);
  });
});
