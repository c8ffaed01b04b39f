import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { HostflowApiError } from './errors.js';
import type { LoaInput } from './types.js';

/** File extensions of the LOA types Bandwidth accepts, and the content type each is sent as. */
export const LOA_CONTENT_TYPE_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
  '.csv': 'text/csv',
  '.xls': 'application/vnd.ms-excel',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** The content type of an LOA file from its extension, or undefined for a type Bandwidth refuses. */
export function loaContentTypeFor(filename: string): string | undefined {
  return LOA_CONTENT_TYPE_BY_EXTENSION[extname(filename).toLowerCase()];
}

/** Reads an LOA file into the shape `start` and `provideLoa` take. */
export async function loaFromFile(path: string): Promise<LoaInput> {
  const filename = basename(path);
  const contentType = loaContentTypeFor(filename);
  if (!contentType) {
    throw new HostflowApiError(
      `${filename}: an LOA must be one of ${Object.keys(LOA_CONTENT_TYPE_BY_EXTENSION).join(', ')}`,
      { code: 'HOSTFLOW_LOA_TYPE' },
    );
  }
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (error) {
    throw new HostflowApiError(`cannot read LOA file ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      code: 'HOSTFLOW_LOA_UNREADABLE',
      cause: error,
    });
  }
  return { contentType: contentType as LoaInput['contentType'], filename, data };
}
