/**
 * The implementation behind the serialized provider shim (resource.ts): one per process, so the
 * AppStream client and its retry budget are shared by all fleets of an update, its errors made
 * to reach the user once and without stack frames (../host-errors.ts). The shim loads it by
 * package name, `pulumi-appstream-fleet/fleet/host` (package.json's exports), at call time.
 * Loaded on the first call: only the engine's provider process needs it (with the AWS SDK), not
 * the program that imports the package.
 */
import type { FleetProviderImpl } from "./provider";

let impl: FleetProviderImpl | undefined;

/** Internal: what the serialized shim calls. */
export function fleetProviderImpl(): FleetProviderImpl {
  impl ??= (require("../host-errors") as typeof import("../host-errors")).hostFacing(
    new (require("./provider") as typeof import("./provider")).FleetProviderImpl(),
  );
  return impl;
}
