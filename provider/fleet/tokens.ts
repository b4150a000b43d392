/**
 * The names the engine knows a Fleet and the lookups by, through each door (docs/architecture.md,
 * "Two doors, one core"): declared here once, for the doors, the schema, the preview summary and
 * the tests. Nothing else is imported here (the summary's bin loads this file alone).
 */

/** The package (plugin) name: the plugin's tokens start with it, its config keys too (`appstream-fleet:region`). */
export const PACKAGE = "appstream-fleet";

/** The type token of a Fleet through the dynamic door (dynamic resources live under pulumi-nodejs:dynamic). */
export const FLEET_TYPE = "pulumi-nodejs:dynamic/appstream:Fleet";

/** The type token of a Fleet through the plugin door. */
export const FLEET_TOKEN = `${PACKAGE}:index:Fleet`;

/** The type tokens of a Fleet through either door. */
export const FLEET_TYPES: readonly string[] = [FLEET_TYPE, FLEET_TOKEN];

/** The plugin's token of a type or a function of the package: `appstream-fleet:index:<name>`. */
export const pluginToken = (name: string): string => `${PACKAGE}:index:${name}`;
