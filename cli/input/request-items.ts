/** One request body read from a file, with where it came from for messages. */
export interface RequestItem {
  /** `requests.csv line 2`, `requests.json [3]`, `body.json`. */
  label: string;
  body: Record<string, unknown>;
  /** Where a problem at a body path (`telephoneNumbers[1]`, `subscriber.name`) is in the file. */
  locate(path: string): string;
}
