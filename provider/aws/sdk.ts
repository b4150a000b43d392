/**
 * The AWS SDK's AppStream client module, loaded the first time it is used rather than when the
 * package is imported. A Pulumi program that declares Fleets never calls AWS itself (the engine's
 * provider process does), and one that uses a lookup needs the SDK only when the lookup runs, so
 * `require("pulumi-appstream-fleet")` stays cheap (docs/performance.md, "Import cost"). Node
 * caches the module, so every call after the first is a lookup in its cache.
 */
export type AppStreamSdk = typeof import("@aws-sdk/client-appstream");

export function appStreamSdk(): AppStreamSdk {
  return require("@aws-sdk/client-appstream") as AppStreamSdk;
}
