/**
 * The control API under /_emulator/ (JSON in and out), used by tests and benchmarks to reset
 * the emulator, read the call and event logs, open sessions, inject faults, add images and
 * change delays. Refusals answer `{"error": "..."}` with 400 (404 for unknown paths).
 *
 * State is regional (runtime/regions.ts): the endpoints that read or change a region's state
 * (fleets, sessions, images) act on the region named by a `region` query parameter (or, in a POST
 * body, a `region` member), else on the emulator's default region. The logs hold every region's
 * entries, each with its region, and `region` filters them; a fault with a `region` applies there
 * only, one without to every region.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { OpenSessionArgs } from "../service";
import { CONTROL_PREFIX } from "./constants";
import { ControlError } from "../service/errors";
import { sendJson } from "./http-util";
import type { Runtime } from "../runtime/runtime";
import type { ImageJson } from "../service/types";
import { isObject } from "../service/constraints";
import { arnInRegion, withImageDefaults } from "../service/images/backend";
import { isRegionName } from "../runtime/regions";

type Route = (rt: Runtime, body: unknown, params: { query: URLSearchParams; rest: string }) => unknown;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  reset: {
    POST: (rt) => {
      rt.reset();
      return { ok: true };
    },
  },
  health: { GET: () => ({ ok: true }) },
  calls: { GET: (rt, _b, { query }) => ({ calls: rt.calls.list(sinceOf(query), regionFilter(query)) }) },
  "calls/clear": {
    POST: (rt) => {
      rt.calls.clear();
      return { ok: true };
    },
  },
  events: { GET: (rt, _b, { query }) => ({ events: rt.events.list(sinceOf(query), regionFilter(query)) }) },
  regions: { GET: (rt) => ({ defaultRegion: rt.defaultRegion, regions: rt.backends.regions() }) },
  // Reads do not bring a region into being: a region nothing has used has no fleets.
  fleets: { GET: (rt, body, { query }) => ({ fleets: rt.backends.peek(regionOf(rt, query, body))?.fleets.rawFleets() ?? [] }) },
  sessions: {
    POST: (rt, body, { query }) => {
      const { region: _region, ...args } = objectBody(body);
      const session = rt.backendIn(regionOf(rt, query, body)).sessions.openSession(rt.clock(), args as unknown as OpenSessionArgs);
      rt.onDirty();
      return { session };
    },
  },
  "sessions/*": {
    DELETE: (rt, body, { query, rest }) => {
      const region = regionOf(rt, query, body);
      if (!rt.backends.peek(region)?.sessions.endSession(decodeURIComponent(rest))) throw new ControlError(`No session ${rest} in ${region}.`, 404);
      rt.onDirty();
      return { ok: true };
    },
  },
  faults: {
    POST: (rt, body, { query }) => {
      // The region of a fault is a member of its spec (none: every region); ?region= is the same member.
      const named = query.get("region") !== null || (isObject(body) && body.region !== undefined);
      return { ok: true, id: rt.faults.add(named && isObject(body) ? { ...body, region: regionOf(rt, query, body) } : body) };
    },
    GET: (rt) => ({ faults: rt.faults.list() }),
    DELETE: (rt) => {
      rt.faults.withdraw();
      return { ok: true };
    },
  },
  "faults/history": { GET: (rt) => ({ faults: rt.faults.history() }) },
  images: {
    POST: (rt, body, { query }) => {
      const images = objectBody(body).images;
      if (!Array.isArray(images) || images.some((i) => !isObject(i) || typeof i.Name !== "string" || i.Name === "")) {
        throw new ControlError('Body must be {"images": [{"Name": "...", ...}]}, each image with a Name.');
      }
      const region = regionOf(rt, query, body);
      const now = rt.clock();
      // An image lives in one region: its default ARN names that region.
      const regional = (images as Partial<ImageJson>[]).map((i) => (i.Arn !== undefined ? i : { ...i, Arn: arnInRegion(withImageDefaults(i, now).Arn as string, region) }));
      const count = rt.backendIn(region).images.addImages(regional, now);
      rt.onDirty();
      return { ok: true, count };
    },
  },
  config: {
    GET: (rt) => rt.config,
    POST: (rt, body) => rt.configure(body),
  },
};

export function handleControl(rt: Runtime, req: IncomingMessage, res: ServerResponse, raw: Buffer | undefined): void {
  try {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, "");
    const { routes, rest } = findRoutes(path);
    if (!routes) throw new ControlError(`Unknown control endpoint ${url.pathname}.`, 404);
    const route = routes[req.method ?? ""];
    if (!route) throw new ControlError(`${req.method} is not supported on ${url.pathname}.`, 405);
    if (raw === undefined) throw new ControlError("Request body too large.", 413);
    const body = parseControlBody(raw);
    rt.settle(rt.clock());
    sendJson(res, 200, route(rt, body, { query: url.searchParams, rest }));
  } catch (e) {
    if (e instanceof ControlError) return sendJson(res, e.httpStatus, { error: e.message });
    rt.log(`control error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    sendJson(res, 500, { error: e instanceof Error ? e.message : String(e) });
  }
}

function findRoutes(path: string): { routes?: Partial<Record<string, Route>>; rest: string } {
  if (ROUTES[path]) return { routes: ROUTES[path], rest: "" };
  const slash = path.indexOf("/");
  if (slash > 0) {
    const wildcard = ROUTES[`${path.slice(0, slash)}/*`];
    if (wildcard) return { routes: wildcard, rest: path.slice(slash + 1) };
  }
  return { rest: "" };
}

function parseControlBody(raw: Buffer): unknown {
  const text = raw.toString("utf8").trim();
  if (text === "") return {};
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ControlError(`Malformed JSON body: ${(e as Error).message}`);
  }
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw new ControlError("Body must be a JSON object.");
  return body;
}

/**
 * The region a control call acts on: `?region=`, or a POST body's `region` member (they must
 * agree when both are given), else the emulator's default region.
 */
function regionOf(rt: Runtime, query: URLSearchParams, body: unknown): string {
  const fromQuery = query.get("region");
  const fromBody = isObject(body) ? body.region : undefined;
  if (fromQuery !== null && fromBody !== undefined && fromBody !== fromQuery) {
    throw new ControlError(`region ${JSON.stringify(fromQuery)} in the query and ${JSON.stringify(fromBody)} in the body disagree.`);
  }
  const region = fromQuery ?? fromBody ?? rt.defaultRegion;
  if (!isRegionName(region)) throw new ControlError(`region must be a region name such as us-east-1, got ${JSON.stringify(region)}.`);
  return region;
}

/** `?region=` of a log: only that region's entries; without it, every region's. */
function regionFilter(query: URLSearchParams): ((entry: { region: string }) => boolean) | undefined {
  const region = query.get("region");
  if (region === null) return undefined;
  if (!isRegionName(region)) throw new ControlError(`region must be a region name such as us-east-1, got ${JSON.stringify(region)}.`);
  return (entry) => entry.region === region;
}

function sinceOf(query: URLSearchParams): number | undefined {
  const since = query.get("since");
  if (since === null || since === "") return undefined;
  const n = Number(since);
  if (!Number.isInteger(n) || n < 0) throw new ControlError("since must be a non-negative integer.");
  return n;
}
