/** What the JSON API's session, live and account routes are given. */
import type { ShopDirectory } from "../../adapters/db/shop-directory";
import type { SessionEndReason } from "../../core/live/socket-events";
import type { AuthService } from "../auth/auth-service";
import type { HistoryService } from "../live/history-service";
import type { LiveHub } from "../live/hub";

export interface ApiDeps {
  auth: AuthService;
  hub: LiveHub;
  shops: ShopDirectory;
  history: HistoryService;
  /** Disconnects the sockets of ended sessions. */
  endSessions(credentialIds: readonly string[], reason: SessionEndReason): void;
  secureCookies: boolean;
  instanceId: string;
  /** Take the client address from the last `X-Forwarded-For` hop (behind one reverse proxy). */
  trustProxy?: boolean;
}
