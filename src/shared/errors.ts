// What a caught value says, for messages and logs. Pure.

/** The message of an Error, or the value as a string when something else was thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
