/**
 * getSessions: a read-only DescribeSessions lookup, every page read. Like the image lookups it
 * works in previews and outside Pulumi programs, with the Fleet's client resolution.
 */
import * as pulumi from "@pulumi/pulumi";
import { appStreamClient } from "../aws/client";
import { errorMessage } from "../aws/errors";
import { appStreamSdk } from "../aws/sdk";
import { toSession } from "./convert";
import { parseGetSessionsArgs, programError, regionArg } from "./select";
import type { GetSessionsArgs, GetSessionsOutputArgs, GetSessionsResult, LookupOptions, Session } from "./types";

/** DescribeSessions' Limit maximum (the service default is 20): the fewest round trips. */
const PAGE_LIMIT = 50;

/**
 * The streaming sessions of a fleet in a stack. Filters: `userId`, `authenticationType`.
 * Without `authenticationType` nothing is sent and AppStream's default, API, applies: sessions
 * of SAML, USERPOOL and AWS_AD users are only returned when that type is asked for.
 */
export async function getSessions(args: GetSessionsArgs, opts: LookupOptions = {}): Promise<GetSessionsResult> {
  const q = parseGetSessionsArgs(args);
  const client = appStreamClient({ ...opts, region: regionArg("getSessions", args) ?? opts.region });
  const sessions: Session[] = [];
  // DescribeSessions has no SDK paginator. A repeated token would loop forever: stop on it.
  const seen = new Set<string>();
  let token: string | undefined;
  const { DescribeSessionsCommand } = appStreamSdk();
  do {
    let out;
    try {
      out = await client.send(new DescribeSessionsCommand({ ...q, Limit: PAGE_LIMIT, NextToken: token }));
    } catch (e) {
      throw new Error(
        `getSessions: DescribeSessions failed for stack ${q.StackName}, fleet ${q.FleetName}: ${errorMessage(e)}`,
        { cause: e },
      );
    }
    sessions.push(...(out.Sessions ?? []).map(toSession));
    token = out.NextToken || undefined;
    if (token !== undefined && seen.has(token)) {
      throw new Error(`getSessions: DescribeSessions returned the same NextToken twice for stack ${q.StackName}, fleet ${q.FleetName}`);
    }
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return { sessions };
}

/**
 * getSessions for Pulumi programs (Input arguments, Output result). As with getImageOutput,
 * errors fail the program; outside one, call getSessions, which can reject.
 */
export function getSessionsOutput(args: GetSessionsOutputArgs, opts?: LookupOptions): pulumi.Output<GetSessionsResult> {
  return pulumi.output(args).apply((a) => getSessions(a, opts).catch(programError));
}
