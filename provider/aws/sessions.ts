/**
 * DescribeSessions, every page, with the client it is given: the fleet's own (its region, its
 * endpoint) for a drain, the lookup's for getSessions. The SDK loads on the first call (./sdk.ts).
 */
import type { AppStreamClient, DescribeSessionsCommandInput, DescribeSessionsCommandOutput, Session } from "@aws-sdk/client-appstream";
import { appStreamSdk } from "./sdk";

/** The members of a DescribeSessions request, paging aside. */
export type SessionRequest = Pick<DescribeSessionsCommandInput, "StackName" | "FleetName" | "UserId" | "AuthenticationType">;

/** DescribeSessions' Limit maximum (the service default is 20): the fewest round trips. */
const PAGE_LIMIT = 50;

type SessionsPaginator = (config: { client: AppStreamClient; pageSize?: number }, input: DescribeSessionsCommandInput) => AsyncIterable<DescribeSessionsCommandOutput>;
let paginator: SessionsPaginator | undefined;

/**
 * The SDK ships no paginator for DescribeSessions (its model lacks the trait; botocore's
 * paginators-1.json has one: NextToken in and out, Limit). It is made here the way the SDK makes
 * its own (paginateDescribeImages is createPaginator(AppStreamClient, DescribeImagesCommand,
 * "NextToken", "NextToken", "MaxResults")), from @smithy/core, on first use.
 */
function paginateDescribeSessions(): SessionsPaginator {
  if (paginator === undefined) {
    const { AppStreamClient, DescribeSessionsCommand } = appStreamSdk();
    const { createPaginator } = require("@smithy/core") as typeof import("@smithy/core");
    paginator = createPaginator(AppStreamClient, DescribeSessionsCommand, "NextToken", "NextToken", "Limit") as unknown as SessionsPaginator;
  }
  return paginator;
}

/**
 * Every session DescribeSessions returns for the request, all pages read. Errors are the SDK's,
 * unwrapped (the caller says what it was doing). A NextToken that comes back a second time would
 * page forever: that fails instead.
 */
export async function describeSessions(client: AppStreamClient, request: SessionRequest): Promise<Session[]> {
  const sessions: Session[] = [];
  const seen = new Set<string>();
  for await (const page of paginateDescribeSessions()({ client, pageSize: PAGE_LIMIT }, { ...request })) {
    sessions.push(...(page.Sessions ?? []));
    const token = page.NextToken || undefined;
    if (token === undefined) break;
    if (seen.has(token)) throw new Error("the same NextToken came back twice (the pages would never end)");
    seen.add(token);
  }
  return sessions;
}
