/**
 * Provider errors as the user reads them: once, and without JavaScript stack frames.
 *
 * The engine runs the Fleet provider in @pulumi/pulumi's dynamic-provider process
 * (`cmd/dynamic-provider`). When check, diff, read or delete throws, that process first prints
 * `${e}: ${e.stack}` with console.error, then returns the error to the engine. The engine shows
 * each line a provider writes on stderr as a message of the stack (`pulumi:pulumi:Stack` in the
 * Diagnostics), and the error itself under the fleet. So the user read the message three times
 * (twice on the stderr line, once from the engine), with the provider's and Pulumi's stack frames.
 *
 * hostFacing() wraps the implementation the serialized shim calls (fleet/resource.ts): an error leaving
 * an entry point keeps its message, name and own fields (the `id`, `properties` and `reasons` of a
 * fleet that was created but failed to start), but its stack is its first line only; and the
 * dynamic-provider process's echo of that very error is dropped from console.error (the engine
 * skips blank stderr lines, but the echo is never blank). Nothing else written to stderr is
 * touched. The engine still reports the error, once, under the fleet.
 *
 * The stack frames come back, echo included, with PULUMI_DEBUG set (any value but "", "0" or
 * "false"), or when the engine hands its logging flags to providers (`pulumi ... --logflow
 * --logtostderr -v=9`).
 */

/** The entry points the engine calls (pulumi.dynamic.ResourceProvider's methods). */
const ENTRY_POINTS: ReadonlySet<string> = new Set(["configure", "check", "diff", "create", "read", "update", "delete"]);

/** Whether stack frames are wanted: PULUMI_DEBUG, or the engine's --logtostderr / -v=N given to this process. */
export function debugErrors(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): boolean {
  const d = (env.PULUMI_DEBUG ?? "").trim().toLowerCase();
  if (d !== "" && d !== "0" && d !== "false") return true;
  return argv.some((a) => a === "--logtostderr" || (/^-v=\d+$/.test(a) && a !== "-v=0"));
}

/**
 * The error as it leaves the provider: an Error (a thrown string or object becomes one), with
 * its stack reduced to its first line ("Error: message") unless `keepStack`.
 */
export function cleanError(e: unknown, keepStack = false): Error {
  const err = e instanceof Error ? e : new Error(typeof e === "string" ? e : `${JSON.stringify(e) ?? String(e)}`);
  if (!keepStack) Object.defineProperty(err, "stack", { value: `${err.name}: ${err.message}`, configurable: true, writable: true, enumerable: false });
  return err;
}

/**
 * An error a Pulumi program fails with, shown as its message alone: its stack cleaned as
 * cleanError does, and marked as @pulumi/pulumi's RunError (the `__pulumiRunError` member that
 * `RunError.isInstance` tests instead of the class), whose stack the SDK never prints.
 */
export function programRunError(e: unknown, keepStack = false): Error {
  const err = cleanError(e, keepStack);
  Object.defineProperty(err, "__pulumiRunError", { value: true, enumerable: false });
  return err;
}

/** The dynamic-provider process's echoes still to drop, by text (a count: the same error may be thrown twice). */
const pendingEchoes = new Map<string, number>();
/** At most this many echoes wait (errors of create and update are never echoed, so theirs would stay). */
const MAX_PENDING = 100;
let consoleFiltered = false;

/** The line the dynamic-provider process prints for an error it caught (`${e}: ${e.stack}`). */
export function hostEcho(e: Error): string {
  return `${e}: ${e.stack}`;
}

function expectEcho(e: Error): void {
  const text = hostEcho(e);
  pendingEchoes.set(text, (pendingEchoes.get(text) ?? 0) + 1);
  while (pendingEchoes.size > MAX_PENDING) pendingEchoes.delete(pendingEchoes.keys().next().value as string);
}

/** Drops from console.error exactly the echoes expectEcho announced, each once; the rest passes. */
function filterConsole(): void {
  if (consoleFiltered) return;
  consoleFiltered = true;
  const original = console.error;
  console.error = function (this: unknown, ...args: unknown[]) {
    if (args.length === 1 && typeof args[0] === "string") {
      const n = pendingEchoes.get(args[0]);
      if (n !== undefined) {
        if (n <= 1) pendingEchoes.delete(args[0]);
        else pendingEchoes.set(args[0], n - 1);
        return;
      }
    }
    return original.apply(this, args as []);
  } as typeof console.error;
}

/**
 * The provider implementation as the dynamic-provider process should call it: each entry point's
 * error leaves it clean (see the top of this file). Everything else passes through unchanged.
 */
export function hostFacing<T extends object>(impl: T, debug: () => boolean = () => debugErrors()): T {
  return new Proxy(impl, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== "string" || !ENTRY_POINTS.has(key) || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (e) {
          if (debug()) throw cleanError(e, true);
          const err = cleanError(e);
          filterConsole();
          expectEcho(err);
          throw err;
        }
      };
    },
  });
}
