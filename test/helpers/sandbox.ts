// A throwaway home and project directory, so each config test sees only the files it wrote.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Sandbox {
  home: string;
  /** The working directory: a project inside the sandbox, with its own package.json. */
  project: string;
  /** Writes a file (JSON for objects) relative to the sandbox root; returns its path. */
  write(path: string, content: string | object, mode?: number): string;
}

export function sandbox(): Sandbox {
  const root = mkdtempSync(join(tmpdir(), 'kms-sandbox-'));
  const home = join(root, 'home');
  const project = join(root, 'home', 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), '{"name": "some-project"}\n');

  return {
    home,
    project,
    write(path, content, mode = 0o600) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(
        full,
        typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
      );
      chmodSync(full, mode);
      return full;
    },
  };
}
