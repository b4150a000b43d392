/**
 * NextToken pagination. Items are ordered by a key and the token remembers the last key
 * returned, so creating or deleting resources between pages neither repeats nor skips the
 * others. Tokens are opaque to clients and bound to the operation that issued them.
 */
import { ValidationException } from "./errors";

interface TokenBody {
  op: string;
  after: string;
}

export function encodeToken(op: string, after: string): string {
  return Buffer.from(JSON.stringify({ op, after } satisfies TokenBody)).toString("base64url");
}

function decodeToken(op: string, token: string): string {
  try {
    const body: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof body === "object" && body !== null) {
      const { op: tokenOp, after } = body as Partial<TokenBody>;
      if (tokenOp === op && typeof after === "string") return after;
    }
  } catch {
    // fall through: a token we did not issue
  }
  throw new ValidationException(`Invalid NextToken for ${op}.`);
}

export function paginate<T>(
  op: string,
  items: readonly T[],
  key: (item: T) => string,
  pageSize: number,
  token: string | undefined,
): { page: T[]; nextToken?: string } {
  const sorted = [...items].sort((a, b) => compare(key(a), key(b)));
  let start = 0;
  if (token !== undefined && token !== "") {
    const after = decodeToken(op, token);
    start = sorted.findIndex((item) => compare(key(item), after) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + pageSize);
  const more = start + pageSize < sorted.length;
  return more ? { page, nextToken: encodeToken(op, key(page[page.length - 1])) } : { page };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
