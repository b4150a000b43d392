/**
 * One AWS call, front door to reply: framing (POST /, content type, X-Amz-Target), optional
 * SigV4 verification, operation lookup, throttling, JSON parsing, injected faults, then the
 * operation's handler on the backend of the call's region (its SigV4 credential scope's, or the
 * emulator's default region for an unsigned call). Every call is logged, refused or not. The
 * backend part runs without any await, so concurrent calls cannot interleave inside a
 * read-modify-write.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { subjectOf, type CallRecord } from "../runtime/call-log";
import { AWS_JSON_CONTENT_TYPE, TARGET_PREFIX } from "./constants";
import {
  AwsError,
  InternalFailure,
  MethodNotAllowedException,
  SerializationException,
  ThrottlingException,
  UnknownOperationException,
  UnsupportedMediaTypeException,
} from "../service/errors";
import { findOperation, type Operation } from "./operations";
import { headerValue, sendJson, sleep } from "./http-util";
import type { Runtime } from "../runtime/runtime";
import { scopeRegionOf, verifySignature } from "./sigv4";
import { isObject, readInput } from "../service/constraints";

interface Outcome {
  status: number;
  body: object;
  errorCode?: string;
}

export async function handleAwsCall(rt: Runtime, req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): Promise<void> {
  const arrived = rt.clock();
  const requestId = randomUUID();
  const target = headerValue(req, "x-amz-target") ?? "";
  const opName = operationName(target);
  const op = opName !== undefined ? findOperation(opName) : undefined;
  const region = scopeRegionOf(req.headers) ?? rt.defaultRegion;
  rt.settle(arrived);
  // Names and state as of arrival, for the log, even if the call is refused later.
  const subject = subjectOf(op?.names, tryParse(body));
  const fleetState = subject.fleetName ? rt.backends.peek(region)?.store.fleets.get(subject.fleetName)?.lifecycle.state : undefined;
  const record = (status: number, errorCode?: string): CallRecord =>
    rt.calls.append({
      time: arrived,
      region,
      operation: opName ?? (target || "Unknown"),
      ...subject,
      ...(fleetState ? { fleetState } : {}),
      ...(errorCode ? { errorCode } : {}),
      httpStatus: status,
    });

  let outcome: Outcome;
  let delayMs = 0;
  try {
    checkFraming(req, target, opName);
    if (body === undefined) throw new SerializationException("Request body too large.");
    if (rt.verify) {
      await verifySignature({ method: req.method ?? "", url: req.url ?? "/", headers: req.headers, body }, rt.verify, rt.clock());
    }
    if (!op || opName === undefined) throw new UnknownOperationException(`Unknown operation ${opName}.`);
    // AWS throttles at the edge, before reading the body; faults need the parsed body's fleet.
    if (!rt.throttle.allow(opName, rt.clock())) throw new ThrottlingException();
    const parsed = parseBody(body);
    const fault = rt.faults.takeCallFault(opName, subject.fleetName, region);
    if (fault?.drop) {
      record(0, "ConnectionDropped");
      req.socket.destroy();
      return;
    }
    delayMs = fault?.delayMs ?? 0;
    if (fault?.error) throw fault.error;
    outcome = run(rt, op, parsed, region);
  } catch (e) {
    outcome = errorOutcome(rt, e);
  }
  record(outcome.status, outcome.errorCode);
  const about = subject.fleetName ?? subject.stackName;
  rt.log(`${opName ?? (target || "Unknown")}${about ? ` ${about}` : ""} -> ${outcome.status}${outcome.errorCode ? ` ${outcome.errorCode}` : ""}`);
  if (delayMs > 0) await sleep(delayMs);
  const headers: Record<string, string> = { "x-amzn-requestid": requestId };
  if (outcome.errorCode) headers["x-amzn-errortype"] = outcome.errorCode;
  sendJson(res, outcome.status, outcome.body, headers, AWS_JSON_CONTENT_TYPE);
}

/** Checks the input's wire types and runs the operation: synchronous from here to the reply. */
function run(rt: Runtime, op: Operation, parsed: unknown, region: string): Outcome {
  const input = readInput(parsed, op.shape);
  const now = rt.clock();
  rt.settle(now);
  const output = op.run(rt.backendIn(region), { now, region }, input);
  if (op.mutating) rt.onDirty();
  return { status: 200, body: output };
}

function errorOutcome(rt: Runtime, e: unknown): Outcome {
  const err = e instanceof AwsError ? e : unexpected(rt, e);
  return { status: err.httpStatus, body: { __type: err.code, message: err.message }, errorCode: err.code };
}

function unexpected(rt: Runtime, e: unknown): AwsError {
  rt.log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return new InternalFailure();
}

function operationName(target: string): string | undefined {
  const dot = target.lastIndexOf(".");
  if (dot < 0 || target.slice(0, dot) !== TARGET_PREFIX) return undefined;
  return target.slice(dot + 1);
}

function checkFraming(req: IncomingMessage, target: string, opName: string | undefined): void {
  const path = new URL(req.url ?? "/", "http://emulator.invalid").pathname;
  if (req.method !== "POST" || path !== "/") {
    throw new MethodNotAllowedException(
      `The AppStream API is served at POST / (got ${req.method} ${path}); the emulator's control API is under /_emulator/.`,
    );
  }
  const contentType = (headerValue(req, "content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== AWS_JSON_CONTENT_TYPE) {
    throw new UnsupportedMediaTypeException(
      `Content-Type must be ${AWS_JSON_CONTENT_TYPE} (awsJson1_1); got ${contentType || "none"}.`,
    );
  }
  if (!target) throw new UnknownOperationException(`Missing X-Amz-Target header (${TARGET_PREFIX}.<Operation>).`);
  if (opName === undefined) throw new UnknownOperationException(`Unknown target ${target}; expected ${TARGET_PREFIX}.<Operation>.`);
}

function parseBody(body: Buffer): unknown {
  const text = body.toString("utf8").trim();
  if (text === "") return {}; // an empty body means empty input
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new SerializationException(`Malformed JSON body: ${(e as Error).message}`);
  }
  if (!isObject(parsed)) throw new SerializationException("The request body must be a JSON object.");
  return parsed;
}

function tryParse(body: Buffer | undefined): unknown {
  try {
    return body ? JSON.parse(body.toString("utf8")) : undefined;
  } catch {
    return undefined;
  }
}
