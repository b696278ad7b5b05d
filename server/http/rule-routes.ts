/** The alert rules in the JSON API: the list, and an operator's edit of one (validated by the rules admin). */
import { z } from "zod";
import type { RulesAdmin } from "../../adapters/db/rules-store";
import { RulesResponseSchema, RuleUpdatedResponseSchema } from "../../core/api/alerting";
import { HttpError } from "./respond";
import { type Route, route } from "./route";

export function ruleRoutes(d: { rules: RulesAdmin }): Route[] {
  return [
    route("GET", "/api/v1/rules", { access: "viewer", response: RulesResponseSchema }, async () => ({
      body: { rules: await d.rules.list() },
    })),

    route(
      "PUT",
      "/api/v1/rules/:id",
      { access: "operator", body: z.unknown(), response: RuleUpdatedResponseSchema },
      async ({ params, body, principal }) => {
        const rule = await d.rules.update(params.id!, body, principal!.username);
        if (!rule) throw new HttpError(404, `no rule ${params.id}`);
        return { body: { rule } };
      },
    ),
  ];
}
