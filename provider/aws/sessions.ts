/**
 * Who is streaming from a fleet: the ACTIVE sessions on every stack the fleet is associated with.
 * DescribeSessions returns one authentication type per call (API when none is sent), so each
 * type is asked for: a SAML user counts as much as an API one.
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { getSessions } from "../lookups/sessions";
import { associatedStacks } from "./fleets";

export const AUTHENTICATION_TYPES = ["API", "SAML", "USERPOOL", "AWS_AD"] as const;

export interface ActiveSessions {
  total: number;
  stacks: string[];
}

export async function activeSessions(client: AppStreamClient, fleetName: string): Promise<ActiveSessions> {
  const stacks = await associatedStacks(client, fleetName);
  let total = 0;
  for (const stackName of stacks) {
    for (const authenticationType of AUTHENTICATION_TYPES) {
      const { sessions } = await getSessions({ stackName, fleetName, authenticationType });
      total += sessions.filter((s) => s.state === "ACTIVE").length;
    }
  }
  return { total, stacks };
}
