/** A `POST` reused an id that names a request, now or ever before. */
export class RequestExistsError extends Error {
  override readonly name = 'RequestExistsError';
  readonly code = 'REQUEST_EXISTS';
}

/** Numbers another request holds: pending in a running one, or hosted. */
export class NumbersHeldError extends Error {
  override readonly name = 'NumbersHeldError';
  readonly code = 'NUMBERS_HELD';
  constructor(readonly held: Array<{ telephoneNumber: string; status: string; requestId: string; index: number }>) {
    super(`${held.length} number(s) are held by other requests`);
  }
}

/** An activity or the API wrote about a request the record does not have. */
export class RecordMissingError extends Error {
  override readonly name = 'RecordMissingError';
  readonly code = 'RECORD_MISSING';
}
