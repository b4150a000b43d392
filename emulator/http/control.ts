/**
 * The control API under /_emulator/ (JSON in and out), used by tests and benchmarks to reset
 * the emulator, read the call and event logs, open sessions, inject faults, add images and
 * change delays. Refusals answer `{"error": "..."}` with 400 (404 for unknown paths).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { OpenSessionArgs } from "../service";
import { CONTROL_PREFIX } from "./constants";
import { ControlError } from "../service/errors";
import { sendJson } from "./http-util";
import type { Runtime } from "../runtime/runtime";
import type { ImageJson } from "../service/types";
import { isObject } from "../service/constraints";

type Route = (rt: Runtime, body: unknown, params: { query: URLSearchParams; rest: string }) => unknown;

const ROUTES: Record<string, Partial<Record<string, Route>>> = {
  reset: {
    POST: (rt) => {
      rt.reset();
      return { ok: true };
    },
  },
  health: { GET: () => ({ ok: true }) },
  calls: { GET: (rt, _b, { query }) => ({ calls: rt.calls.list(sinceOf(query)) }) },
  "calls/clear": {
    POST: (rt) => {
      rt.calls.clear();
      return { ok: true };
    },
  },
  events: { GET: (rt, _b, { query }) => ({ events: rt.events.list(sinceOf(query)) }) },
  fleets: { GET: (rt) => ({ fleets: rt.backend.fleets.rawFleets() }) },
  sessions: {
    POST: (rt, body) => {
      const session = rt.backend.sessions.openSession(rt.clock(), objectBody(body) as unknown as OpenSessionArgs);
      rt.onDirty();
      return { session };
    },
  },
  "sessions/*": {
    DELETE: (rt, _b, { rest }) => {
      if (!rt.backend.sessions.endSession(decodeURIComponent(rest))) throw new ControlError(`No session ${rest}.`, 404);
      rt.onDirty();
      return { ok: true };
    },
  },
  faults: {
    POST: (rt, body) => ({ ok: true, id: rt.faults.add(body) }),
    GET: (rt) => ({ faults: rt.faults.list() }),
    DELETE: (rt) => {
      rt.faults.withdraw();
      return { ok: true };
    },
  },
  "faults/history": { GET: (rt) => ({ faults: rt.faults.history() }) },
  images: {
    POST: (rt, body) => {
      const images = objectBody(body).images;
      if (!Array.isArray(images) || images.some((i) => !isObject(i) || typeof i.Name !== "string" || i.Name === "")) {
        throw new ControlError('Body must be {"images": [{"Name": "...", ...}]}, each image with a Name.');
      }
      const count = rt.backend.images.addImages(images as Partial<ImageJson>[], rt.clock());
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

function sinceOf(query: URLSearchParams): number | undefined {
  const since = query.get("since");
  if (since === null || since === "") return undefined;
  const n = Number(since);
  if (!Number.isInteger(n) || n < 0) throw new ControlError("since must be a non-negative integer.");
  return n;
}
