/**
 * SigV4 for incoming requests: the caller's region (always), and optional strict verification
 * that recomputes the signature with @smithy/signature-v4 over what was received (method,
 * path, query, the headers named in SignedHeaders, body). AWS answers auth failures of awsJson
 * services with HTTP 400 and these codes (as DynamoDB, Kinesis and AppStream do).
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  IncompleteSignatureException,
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from "../service/errors";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface ReceivedRequest {
  method: string;
  /** Path and query as received, e.g. "/" or "/?a=b". */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface ParsedAuthorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/;

function parseAuthorization(header: string | undefined): ParsedAuthorization | undefined {
  const m = header ? AUTH_RE.exec(header) : null;
  if (!m) return undefined;
  return {
    accessKeyId: m[1],
    date: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: m[5].split(";"),
    signature: m[6],
  };
}

/** `Credential=AKID/DATE/REGION/SERVICE/aws4_request`, however the rest of the header is written. */
const SCOPE_RE = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/;

/**
 * The region of the credential scope, which is where a real request would have gone (AWS's
 * regional endpoint answers only requests scoped to its region); undefined for an unsigned request.
 */
export function scopeRegionOf(headers: IncomingHttpHeaders): string | undefined {
  const auth = headerValue(headers, "authorization");
  return (auth !== undefined ? SCOPE_RE.exec(auth)?.[1] : undefined) || undefined;
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** AWS refuses signatures dated more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
}

/** Throws the AWS error a real endpoint would answer with; resolves when the signature holds. */
export async function verifySignature(req: ReceivedRequest, creds: Credentials, now: number): Promise<void> {
  const rawAuth = headerValue(req.headers, "authorization");
  if (!rawAuth) throw new MissingAuthenticationTokenException();
  const auth = parseAuthorization(rawAuth);
  if (!auth) {
    throw new IncompleteSignatureException(
      "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters (AWS4-HMAC-SHA256).",
    );
  }
  if (auth.accessKeyId !== creds.accessKeyId) throw new UnrecognizedClientException();
  if (auth.service !== "appstream") {
    throw new InvalidSignatureException(`Credential should be scoped to correct service: 'appstream'.`);
  }
  const amzDate = headerValue(req.headers, "x-amz-date");
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate || !auth.signedHeaders.includes("x-amz-date")) {
    throw new IncompleteSignatureException("Requests must carry a signed X-Amz-Date header.");
  }
  if (Math.abs(now - signingDate.getTime()) > MAX_SKEW_MS) {
    throw new InvalidSignatureException(
      `Signature expired: ${amzDate} is now earlier or later than 15 minutes from the server time.`,
    );
  }
  // The signature covers X-Amz-Content-Sha256 when sent, not the body: check they agree.
  const declared = headerValue(req.headers, "x-amz-content-sha256");
  if (declared !== undefined && declared !== createHash("sha256").update(req.body).digest("hex")) {
    throw new InvalidSignatureException("The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const expected = await computeSignature(req, auth, creds, signingDate);
  const a = Buffer.from(expected);
  const b = Buffer.from(auth.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new InvalidSignatureException();
}

async function computeSignature(
  req: ReceivedRequest,
  auth: ParsedAuthorization,
  creds: Credentials,
  signingDate: Date,
): Promise<string> {
  const url = new URL(req.url, "http://emulator.invalid");
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  // Sign exactly the headers the client signed, nothing else.
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = headerValue(req.headers, name) ?? "";
  const host = headers.host ?? "";
  const signer = new SignatureV4({
    credentials: creds,
    region: auth.region,
    service: auth.service,
    sha256: Hash.bind(null, "sha256"),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: "http:",
      hostname: host.replace(/:\d+$/, ""),
      path: url.pathname,
      query,
      headers,
      body: req.body,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const m = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? signed.headers.Authorization));
  return m ? m[1] : "";
}
