// The emulator's keys: in memory, or also in a JSON file that survives a restart. Writes go to
// a temporary file renamed over the old one, so a crash never leaves half a state file.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

import type { KeyMetadata, Tag } from '../kms/types.js';

export interface StoredKey extends KeyMetadata {
  Region: string;
  Tags: Tag[];
  /** SHA-256 (hex) of imported key material, to tell a re-import of the same material from
   * another; the material itself is never kept. Internal: no answer shows it. */
  MaterialSha256?: string;
}

interface StateFile {
  keys: StoredKey[];
}

export class KeyStore {
  private readonly keys: StoredKey[];

  constructor(private readonly file?: string) {
    this.keys = file && existsSync(file) ? KeyStore.read(file) : [];
  }

  private static read(file: string): StoredKey[] {
    const state = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
    if (!Array.isArray(state.keys)) throw new Error(`${file} is not an emulator state file`);
    return state.keys;
  }

  inRegion(region: string): StoredKey[] {
    return this.keys.filter((key) => key.Region === region);
  }

  findByAlias(region: string, alias: string): StoredKey | undefined {
    return this.keys.find((key) => key.Region === region && key.Alias === alias);
  }

  findById(region: string, keyId: string): StoredKey | undefined {
    return this.keys.find((key) => key.Region === region && key.KeyId === keyId);
  }

  add(key: StoredKey): void {
    this.keys.push(key);
    this.save();
  }

  /** Changes a key this store holds (one that findById returned) and saves the state. */
  update(key: StoredKey, changes: Partial<StoredKey>): void {
    Object.assign(key, changes);
    this.save();
  }

  get size(): number {
    return this.keys.length;
  }

  private save(): void {
    if (!this.file) return;
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(
      temporary,
      `${JSON.stringify({ keys: this.keys } satisfies StateFile, null, 2)}\n`,
    );
    renameSync(temporary, this.file);
  }
}
