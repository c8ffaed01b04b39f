import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../errors.js';
import { requestsFromCsv } from './csv-requests.js';
import { requestsFromJson } from './json-requests.js';
import type { RequestItem } from './request-items.js';

/** Reads `hostflow start`'s file: `.csv` as CSV, `.json` as JSON, anything else by its first character. */
export async function readRequestFile(path: string): Promise<RequestItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  const extension = extname(path).toLowerCase();
  const json = extension === '.json' || (extension !== '.csv' && /^\s*[[{]/.test(text.replace(/^\uFEFF/, '')));
  return json ? requestsFromJson(text.replace(/^\uFEFF/, ''), path) : requestsFromCsv(text, path);
}
