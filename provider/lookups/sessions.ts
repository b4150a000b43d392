/**
 * getSessions: a read-only DescribeSessions lookup, every page read. Like the image lookups it
 * works in previews and outside Pulumi programs, with the Fleet's client resolution.
 */
import * as pulumi from "@pulumi/pulumi";
import { appStreamClient } from "../aws/client";
import { errorMessage } from "../aws/errors";
import { describeSessions } from "../aws/sessions";
import { parseGetSessionsArgs, regionArg } from "./args";
import { toSession } from "./convert";
import { programError } from "./errors";
import type { GetSessionsArgs, GetSessionsOutputArgs, GetSessionsResult, LookupOptions } from "./types";

/**
 * The streaming sessions of a fleet in a stack. Filters: `userId`, `authenticationType`.
 * Without `authenticationType` nothing is sent and AppStream's default, API, applies: sessions
 * of SAML, USERPOOL and AWS_AD users are only returned when that type is asked for.
 */
export async function getSessions(args: GetSessionsArgs, opts: LookupOptions = {}): Promise<GetSessionsResult> {
  const q = parseGetSessionsArgs(args);
  const client = appStreamClient({ ...opts, region: regionArg("getSessions", args) ?? opts.region });
  let sessions;
  try {
    sessions = await describeSessions(client, q);
  } catch (e) {
    throw new Error(`getSessions: DescribeSessions failed for stack ${q.StackName}, fleet ${q.FleetName}: ${errorMessage(e)}`, { cause: e });
  }
  return { sessions: sessions.map(toSession) };
}

/**
 * getSessions for Pulumi programs (Input arguments, Output result). As with getImageOutput,
 * errors fail the program; outside one, call getSessions, which can reject.
 */
export function getSessionsOutput(args: GetSessionsOutputArgs, opts?: LookupOptions): pulumi.Output<GetSessionsResult> {
  return pulumi.output(args).apply((a) => getSessions(a, opts).catch(programError));
}
