import { InputError } from '../errors.js';
import type { RequestItem } from './request-items.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON file holding one request body (as `POST /v1/hosting-requests` takes it) or an array of them. */
export function requestsFromJson(text: string, file: string): RequestItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const single = isObject(parsed);
  const bodies = single ? [parsed] : parsed;
  if (!Array.isArray(bodies) || bodies.length === 0)
    throw new InputError(`${file}: must hold a request body or a non-empty array of them`);
  return bodies.map((body, index) => {
    const label = single ? file : `${file} [${index}]`;
    if (!isObject(body)) throw new InputError(`${label}: must be a request body (a JSON object)`);
    return { label, body, locate: (path) => `${label}: ${path}` };
  });
}
