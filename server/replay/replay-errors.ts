/** Why the replay part of the web process refused a request (the HTTP routes and the socket replies pass the message on). */
import { LaunchwatchError } from "../../core/errors";

/** Too many replays at once for this process; retry later. */
export class ReplayBusyError extends LaunchwatchError {}

