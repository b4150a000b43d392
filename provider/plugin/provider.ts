/**
 * The plugin door: the resource provider plugin `appstream-fleet` as a thin adapter over the same
 * core as the dynamic door (provider/fleet/resource.ts). The core (FleetProviderImpl: check,
 * diff, create, read, update, delete, the plan, validation; the lookups) is not repeated here.
 * What differs between the two doors, and so lives here:
 *
 *  - Routing by type token: `appstream-fleet:index:Fleet` for the resource,
 *    `appstream-fleet:index:getImage|getImages|getSessions` for the functions.
 *  - The URN: the dynamic Fleet puts `__urn` and `__resourceName` into its inputs; a plugin
 *    receives the URN with every call, and the adapter puts both into the inputs check() sees, so
 *    auto-naming, the ownership tag and the engine log (warnings under the resource) work alike.
 *  - Secrets (secrets.ts): unwrapped on the way in, wrapped again on the way out.
 *  - Unknowns need nothing: the engine's sentinel string reaches check and diff as it does through
 *    the dynamic door, and the core already treats it (provider/fleet/values.ts).
 *  - Region: configuration is the plugin's own namespace (main.ts); a `region` input wins, as
 *    through the dynamic door.
 */
import type * as provider from "@pulumi/pulumi/provider";
import { FleetInitError, FleetProviderImpl, type RawInputs } from "../fleet/provider";
import type { Stored } from "../fleet/state";
import { getImage, getImages } from "../lookups/images";
import { getSessions } from "../lookups/sessions";
import { FLEET_TOKEN, PACKAGE, pluginToken } from "../fleet/tokens";
import { Props, unwrapSecrets, wrapSecrets } from "./secrets";

export { FLEET_TOKEN, PACKAGE };

/** The functions, by token: the lookups of provider/lookups, unchanged. */
export const FUNCTIONS: Readonly<Record<string, (args: any) => Promise<unknown>>> = {
  [pluginToken("getImage")]: (a) => getImage(a),
  [pluginToken("getImages")]: (a) => getImages(a),
  [pluginToken("getSessions")]: (a) => getSessions(a),
};

/** The type token and the resource name of a URN (urn:pulumi:STACK::PROJECT::[PARENT$]TYPE::NAME). */
export function urnParts(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) throw new Error(`not a resource URN: ${urn}`);
  const qualified = parts[2];
  return { type: qualified.slice(qualified.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

/**
 * Keys the planned action quotes the fleet name in: they are secret when the name is (the other
 * values they quote, states and counts, are AWS's, never the program's). This door puts no plan
 * into the inputs (it goes to the engine's log), but a state written by an earlier version holds one.
 */
const QUOTES_NAME = ["plannedAction", "__plannedAction"];

function withDerived(keys: Set<string>): Set<string> {
  return keys.has("name") ? new Set([...keys, ...QUOTES_NAME]) : keys;
}

export class AppStreamFleetPlugin implements provider.Provider {
  constructor(
    readonly version: string,
    readonly schema: string,
    // The planned action goes to the engine's log: a plugin's check cannot tell a preview from an
    // update, and the inputs it returns are what the stack keeps (docs/architecture.md).
    private readonly core: FleetProviderImpl = new FleetProviderImpl(undefined, "log"),
    private readonly functions: Readonly<Record<string, (args: any) => Promise<unknown>>> = FUNCTIONS,
  ) {}

  /** The resource name of a Fleet's URN; any other type is refused. */
  private fleetName(urn: string): string {
    const { type, name } = urnParts(urn);
    if (type !== FLEET_TOKEN) throw new Error(`unknown resource type ${type}: the ${PACKAGE} plugin has one resource, ${FLEET_TOKEN}`);
    return name;
  }

  async check(urn: string, olds: Props, news: Props): Promise<provider.CheckResult> {
    const name = this.fleetName(urn);
    const o = unwrapSecrets(olds);
    const n = unwrapSecrets(news);
    const { inputs, failures } = await this.core.check(o.plain as RawInputs, { ...n.plain, __urn: urn, __resourceName: name } as RawInputs);
    return { inputs: wrapSecrets(inputs as Props, withDerived(n.secretKeys)), failures };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<provider.DiffResult> {
    this.fleetName(urn);
    return this.core.diff(id, unwrapSecrets(olds).plain as Stored, unwrapSecrets(news).plain as RawInputs);
  }

  async create(urn: string, inputs: Props): Promise<provider.CreateResult> {
    this.fleetName(urn);
    const n = unwrapSecrets(inputs);
    const keys = withDerived(n.secretKeys);
    try {
      const { id, outs } = await this.core.create(n.plain as RawInputs);
      return { id, outs: wrapSecrets(outs as unknown as Props, keys) };
    } catch (e) {
      throw rewrapInitError(e, keys);
    }
  }

  async read(id: string, urn: string, props?: Props): Promise<provider.ReadResult> {
    this.fleetName(urn);
    const p = unwrapSecrets(props);
    const keys = withDerived(p.secretKeys);
    const r = await this.core.read(id, props === undefined ? undefined : (p.plain as Stored));
    return { id: r.id, props: wrapSecrets(r.props as Props | undefined, keys), inputs: wrapSecrets(r.inputs, keys) };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<provider.UpdateResult> {
    this.fleetName(urn);
    const n = unwrapSecrets(news);
    const keys = withDerived(n.secretKeys);
    try {
      const { outs } = await this.core.update(id, unwrapSecrets(olds).plain as Stored, n.plain as RawInputs);
      return { outs: wrapSecrets(outs as unknown as Props, keys) };
    } catch (e) {
      throw rewrapInitError(e, keys);
    }
  }

  async delete(id: string, urn: string, props: Props): Promise<void> {
    this.fleetName(urn);
    await this.core.delete(id, unwrapSecrets(props).plain as Stored);
  }

  async invoke(token: string, inputs: Props): Promise<provider.InvokeResult> {
    const fn = this.functions[token];
    if (fn === undefined) throw new Error(`unknown function ${token}: the ${PACKAGE} plugin has ${Object.keys(this.functions).join(", ")}`);
    return { outputs: await fn(unwrapSecrets(inputs).plain) };
  }
}

/** A failure after the fleet exists keeps it in state: its properties keep their secrets too. */
function rewrapInitError(e: unknown, keys: ReadonlySet<string>): unknown {
  if (!(e instanceof FleetInitError) || keys.size === 0) return e;
  const wrapped = new FleetInitError(e.message, e.id, wrapSecrets(e.properties, keys), e.reasons);
  wrapped.stack = e.stack;
  return wrapped;
}
