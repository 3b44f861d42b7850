/** WER stores: where reports are looked for, and how each look went. */

/** Why a store is in the list: the machine's own, a user profile's, one the user added, or the sample. */
export type StoreScope = 'machine' | 'user' | 'extra' | 'sample';

/** A folder to look for reports in: a store, a report folder, or any folder above them. */
export interface StoreLocation {
  readonly path: string;
  readonly scope: StoreScope;
  /** Short human label, e.g. "Machine queue" or "User alice, archive". */
  readonly label: string;
  /**
   * Why the location could not be opened at all (a ticket bundle that is not a valid zip): it
   * then reads as a store in state `error` with this message, so the user sees it and why.
   */
  readonly failure?: string;
}

/** How reading a store went. `missing` is normal for per-user stores that were never created. */
export type StoreState = 'ok' | 'missing' | 'access-denied' | 'error';

/** The outcome of reading one store location. */
export interface StoreStatus extends StoreLocation {
  readonly state: StoreState;
  /** One sentence for the user when the state is not `ok`, or when parts of it were unreadable. */
  readonly message: string | null;
  readonly reportCount: number;
}
