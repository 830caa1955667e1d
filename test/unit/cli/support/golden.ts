/** Golden files under fixtures/golden; `UPDATE_GOLDEN=1` rewrites them (review the diff!). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const DIR = fileURLToPath(new URL('../fixtures/golden/', import.meta.url));

export function expectGolden(name: string, actual: string): void {
  const path = join(DIR, name);
  if (process.env['UPDATE_GOLDEN']) writeFileSync(path, actual);
  expect(actual).to.equal(readFileSync(path, 'utf8'), `golden file ${name}`);
}

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
}
