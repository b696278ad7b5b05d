/** Why the replay part of the web process refused a request (the HTTP routes and the socket replies pass the message on). */
import { LaunchwatchError } from "../../core/errors";

/** Too many replays at once for this process; retry later. */
export class ReplayBusyError extends LaunchwatchError {}

/** The replay does not exist, is still being computed, failed, or has nothing to play. */
export class ReplayNotReadyError extends LaunchwatchError {}

/** This process has as many playbacks open as it allows; retry when one closes. */
export class ReplaySessionsFullError extends LaunchwatchError {}
