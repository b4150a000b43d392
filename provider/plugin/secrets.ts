/**
 * Secrets at the plugin door. The engine hands a resource plugin that accepts secrets (the Node
 * provider server says it does) every secret as a wrapper object, `{ [specialSigKey]:
 * specialSecretSig, value }`, anywhere in the inputs, and keeps a value secret only if the plugin
 * hands it back wrapped. The core (provider/fleet) works on plain values, as the dynamic door gives
 * them. So the door unwraps on the way in and wraps again on the way out: a top-level property that
 * held a secret anywhere inside it goes back wrapped as a whole (the engine's own rule for providers
 * that do not accept secrets), so nothing secret reaches Pulumi state in the clear.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";

export type Props = Record<string, unknown>;

/** True for the engine's secret wrapper. */
export function isSecretWrapper(v: unknown): v is { value?: unknown } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && (v as Props)[specialSigKey] === specialSecretSig;
}

function unwrapDeep(v: unknown, found: { secret: boolean }): unknown {
  if (isSecretWrapper(v)) {
    found.secret = true;
    return unwrapDeep(v.value, found);
  }
  if (Array.isArray(v)) return v.map((x) => unwrapDeep(x, found));
  if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapDeep(x, found)]));
  return v;
}

/** The plain properties, and the top-level keys that held a secret (anywhere inside them). */
export function unwrapSecrets(props: Props | null | undefined): { plain: Props; secretKeys: Set<string> } {
  const plain: Props = {};
  const secretKeys = new Set<string>();
  for (const [k, v] of Object.entries(props ?? {})) {
    const found = { secret: false };
    plain[k] = unwrapDeep(v, found);
    if (found.secret) secretKeys.add(k);
  }
  return { plain, secretKeys };
}

/** A secret wrapper around `value`. */
export function secret(value: unknown): Props {
  return { [specialSigKey]: specialSecretSig, value };
}

/** `props` with the values of `keys` wrapped as secrets (absent keys stay absent). */
export function wrapSecrets<T extends Props | undefined>(props: T, keys: ReadonlySet<string>): T {
  if (props === undefined || keys.size === 0) return props;
  const out: Props = { ...props };
  for (const k of keys) if (out[k] !== undefined) out[k] = secret(out[k]);
  return out as T;
}
