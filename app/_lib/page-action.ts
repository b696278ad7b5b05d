/**
 * A page's action (revoke a token, acknowledge an alert, …): run it, then read the page's lists
 * again so they show its effect. A failure of either is the page's error, cleared when the next
 * action starts; nothing is thrown to the button that started it.
 */
import { errorText } from "./api-client";

export async function runThenReload(
  fn: () => Promise<unknown>,
  reload: () => Promise<void>,
  setError: (message: string | null) => void,
): Promise<void> {
  setError(null);
  try {
    await fn();
    await reload();
  } catch (err) {
    setError(errorText(err));
  }
}
