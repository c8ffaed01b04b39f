/** Sets an optional field only when there is a value, so results never hold `undefined` entries. */
export function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
