import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SHARED = fileURLToPath(new URL('../../../shared/seeds/', import.meta.url));
const BUNDLED = fileURLToPath(new URL('../../examples/seeds/', import.meta.url));

/** The reference seed files: the shared originals when present, else the copies shipped in examples/. */
export function seedPath(id: '000' | '001' | '002' | '003' | '004'): string {
  const files: Record<string, string> = {
    '000': '000_026a418351b15901.txt',
    '001': '001_27630faba302ccb4.txt',
    '002': '002_371112f1b08ad37e.txt',
    '003': '003_dd44a0d972313cc9.txt',
    '004': '004_3e65b17885ee39b9.txt',
  };
  const dir = existsSync(SHARED) ? SHARED : BUNDLED;
  return join(dir, files[id]!);
}
