/**
 * The plugin door's own work (provider/plugin), without a server: URNs and type tokens, the
 * plugin's configuration and engine address, secrets unwrapped in and wrapped out, unknowns
 * passed through as the core expects them, and the preview summary reading the plugin's token.
 * The core behind it is recorded here; tests/integration/doors.test.ts runs the real core through
 * both doors against the emulator.
 */
import { strict as assert } from "assert";
import { FleetInitError, FleetProviderImpl } from "../../provider/fleet/provider";
import { UNKNOWN } from "../../provider/fleet/values";
import { engineAddressArg, pluginConfig } from "../../provider/plugin/config";
import { AppStreamFleetPlugin, FLEET_TOKEN, urnParts } from "../../provider/plugin/provider";
import { isSecretWrapper, secret, unwrapSecrets, wrapSecrets } from "../../provider/plugin/secrets";
import { renderMarkdown } from "../../provider/preview-summary/markdown";
import { parsePreview } from "../../provider/preview-summary/summary";

const URN = `urn:pulumi:dev::proj::${FLEET_TOKEN}::office`;

/** A core that records what the door hands it and answers with what the test says. */
function recordingCore(answers: Partial<Record<keyof FleetProviderImpl, (...a: any[]) => unknown>> = {}) {
  const calls: { method: string; args: any[] }[] = [];
  const core = new Proxy({} as FleetProviderImpl, {
    get: (_t, method: string) => async (...args: any[]) => {
      calls.push({ method, args });
      const a = answers[method as keyof FleetProviderImpl];
      return a ? a(...args) : {};
    },
  });
  return { core, calls };
}

describe("plugin door: URNs, configuration, engine address", () => {
  it("urnParts: the type token and the resource name (also under a parent, and with :: in the name)", () => {
    assert.deepEqual(urnParts(URN), { type: FLEET_TOKEN, name: "office" });
    assert.deepEqual(urnParts(`urn:pulumi:dev::proj::my:index:Component$${FLEET_TOKEN}::a::b`), { type: FLEET_TOKEN, name: "a::b" });
    assert.throws(() => urnParts("office"), /not a resource URN/);
  });

  it("pluginConfig: appstream-fleet:region arrives as {region} in PULUMI_CONFIG; absent or empty is no region; a non-string is an error", () => {
    assert.deepEqual(pluginConfig({ PULUMI_CONFIG: '{"region":"eu-west-1"}' }), { region: "eu-west-1" });
    assert.deepEqual(pluginConfig({ PULUMI_CONFIG: '{"appstream-fleet:region":"eu-west-2"}' }), { region: "eu-west-2" });
    assert.deepEqual(pluginConfig({}), {});
    assert.deepEqual(pluginConfig({ PULUMI_CONFIG: '{"region":""}' }), {});
    assert.deepEqual(pluginConfig({ PULUMI_CONFIG: '{"aws:region":"us-east-1"}' }), {}, "aws:region is not the plugin's");
    assert.throws(() => pluginConfig({ PULUMI_CONFIG: '{"region":5}' }), /appstream-fleet:region must be a string/);
    assert.throws(() => pluginConfig({ PULUMI_CONFIG: "{" }), /PULUMI_CONFIG is not a JSON object/);
  });

  it("engineAddressArg: the last argument after the engine's flags", () => {
    assert.equal(engineAddressArg(["--logtostderr", "-v=9", "--tracing", "file:/tmp/t", "127.0.0.1:41234"]), "127.0.0.1:41234");
    assert.equal(engineAddressArg(["127.0.0.1:5"]), "127.0.0.1:5");
    assert.equal(engineAddressArg(["--logtostderr"]), undefined, "started by hand: no engine");
  });
});

describe("plugin door: secrets", () => {
  it("unwrapSecrets finds secrets anywhere in a top-level property; wrapSecrets wraps those properties whole", () => {
    const { plain, secretKeys } = unwrapSecrets({ name: "a", tags: { team: secret("x") }, domainJoinInfo: secret({ directoryName: "corp" }) });
    assert.deepEqual(plain, { name: "a", tags: { team: "x" }, domainJoinInfo: { directoryName: "corp" } });
    assert.deepEqual([...secretKeys].sort(), ["domainJoinInfo", "tags"]);
    const out = wrapSecrets({ name: "a", tags: { team: "x" } }, secretKeys);
    assert.equal(out.name, "a");
    assert.ok(isSecretWrapper(out.tags));
    assert.deepEqual((out.tags as { value: unknown }).value, { team: "x" });
    assert.ok(!("domainJoinInfo" in out), "an absent property stays absent");
  });

  it("check: the core sees plain values, the URN and the resource name; secret inputs go back wrapped, and the planned action too when the name is secret", async () => {
    const { core, calls } = recordingCore({ check: (_o: any, n: any) => ({ inputs: { ...n, plannedAction: "CREATE: ...", __plannedAction: { fleet: n.name } }, failures: [] }) });
    const plugin = new AppStreamFleetPlugin("0.1.0", "{}", core);
    const r = await plugin.check(URN, {}, { name: secret("office-a"), instanceType: "stream.standard.medium", tags: { k: secret("v") } });
    const [olds, news] = calls[0].args;
    assert.deepEqual(olds, {});
    assert.deepEqual(news, { name: "office-a", instanceType: "stream.standard.medium", tags: { k: "v" }, __urn: URN, __resourceName: "office" });
    for (const k of ["name", "tags", "plannedAction", "__plannedAction"]) assert.ok(isSecretWrapper(r.inputs[k]), `${k} is secret`);
    assert.equal(r.inputs.instanceType, "stream.standard.medium");
    assert.equal(r.inputs.__urn, URN);
  });

  it("unknowns (preview) reach the core as the engine's sentinel, also inside a secret", async () => {
    const { core, calls } = recordingCore({ check: (_o: any, n: any) => ({ inputs: n, failures: [] }) });
    await new AppStreamFleetPlugin("0.1.0", "{}", core).check(URN, {}, { imageName: UNKNOWN, vpcConfig: secret({ subnetIds: [UNKNOWN] }) });
    assert.equal(calls[0].args[1].imageName, UNKNOWN);
    assert.deepEqual(calls[0].args[1].vpcConfig, { subnetIds: [UNKNOWN] });
  });

  it("create/update/read: outputs of secret properties are wrapped; an init failure keeps the fleet in state with its secrets wrapped", async () => {
    const outs = { name: "office-a", arn: "arn:x", tags: { k: "v" }, __inputKeys: ["name", "tags"] };
    const { core, calls } = recordingCore({
      create: () => ({ id: "office-a", outs }),
      update: () => ({ outs }),
      read: () => ({ id: "office-a", props: outs, inputs: { name: "office-a", tags: { k: "v" } } }),
    });
    const plugin = new AppStreamFleetPlugin("0.1.0", "{}", core);
    const created = await plugin.create(URN, { name: "office-a", tags: secret({ k: "v" }) });
    assert.equal(created.id, "office-a");
    assert.ok(isSecretWrapper(created.outs.tags));
    assert.equal(created.outs.arn, "arn:x");
    assert.deepEqual(calls[0].args[0], { name: "office-a", tags: { k: "v" } });
    const updated = await plugin.update("office-a", URN, { tags: secret({ k: "old" }) }, { name: "office-a", tags: secret({ k: "v" }) });
    assert.ok(isSecretWrapper(updated.outs.tags));
    assert.deepEqual(calls[1].args, ["office-a", { tags: { k: "old" } }, { name: "office-a", tags: { k: "v" } }]);
    const read = await plugin.read("office-a", URN, { name: "office-a", tags: secret({ k: "v" }) });
    assert.ok(isSecretWrapper(read.props.tags) && isSecretWrapper(read.inputs.tags));

    const { core: failing } = recordingCore({
      create: () => {
        throw new FleetInitError("starting AppStream fleet office-a: timed out", "office-a", { name: "office-a", tags: { k: "v" } }, ["timed out"]);
      },
    });
    await assert.rejects(new AppStreamFleetPlugin("0.1.0", "{}", failing).create(URN, { name: "office-a", tags: secret({ k: "v" }) }), (e: any) => {
      assert.ok(e instanceof FleetInitError);
      assert.equal(e.id, "office-a");
      assert.ok(isSecretWrapper(e.properties.tags));
      assert.match(e.message, /timed out/);
      return true;
    });
  });

  it("routes by token: another resource type and an unknown function are refused by name", async () => {
    const { core } = recordingCore();
    const seen: unknown[] = [];
    const plugin = new AppStreamFleetPlugin("0.1.0", "{}", core, { "appstream-fleet:index:getImage": async (a) => (seen.push(a), { name: "img" }) });
    await assert.rejects(plugin.check("urn:pulumi:dev::proj::appstream-fleet:index:Stack::s", {}, {}), /unknown resource type appstream-fleet:index:Stack/);
    assert.deepEqual(await plugin.invoke("appstream-fleet:index:getImage", { name: secret("img") }), { outputs: { name: "img" } });
    assert.deepEqual(seen, [{ name: "img" }]);
    await assert.rejects(plugin.invoke("appstream-fleet:index:getFleet", {}), /unknown function appstream-fleet:index:getFleet/);
  });
});

describe("plugin door: the preview summary reads the plugin's Fleet token", () => {
  it("a deleted plugin Fleet (no planned action, only its type) is a delete row", () => {
    const urn = `urn:pulumi:dev::proj::${FLEET_TOKEN}::office`;
    const s = parsePreview(JSON.stringify({ steps: [{ op: "delete", urn, oldState: { type: FLEET_TOKEN, inputs: { name: "office-a" }, outputs: { name: "office-a", state: "RUNNING" } } }], changeSummary: {} }));
    assert.deepEqual(s.fleets.map((f) => [f.resource, f.fleet, f.action]), [["office", "office-a", "delete"]]);
  });

  it("a plugin Fleet's plan is the info message the plugin logs under it (the plugin puts none into the inputs): a row with its action and summary", () => {
    const urn = `urn:pulumi:dev::proj::${FLEET_TOKEN}::office`;
    const kiosk = `urn:pulumi:dev::proj::${FLEET_TOKEN}::kiosk`;
    const s = parsePreview(
      JSON.stringify({
        steps: [
          { op: "update", urn, newState: { type: FLEET_TOKEN, inputs: { name: "office-a" } } },
          { op: "update", urn: kiosk, newState: { type: FLEET_TOKEN, inputs: { name: "kiosk-a" } } },
        ],
        diagnostics: [
          { urn, severity: "warning", message: "fleet office-a will be stopped and restarted to change instanceType; 2 users are streaming now and will be disconnected\n" },
          { urn, severity: "info", prefix: "info: ", message: "planned action: STOP-UPDATE-START: fleet office-a will be stopped and restarted to change instanceType; 2 users are streaming now and will be disconnected\n" },
          { urn: kiosk, severity: "info", message: "planned action: LIVE UPDATE: fleet kiosk-a: displayName change on the running fleet, nobody is disconnected\n" },
        ],
      }),
    );
    assert.deepEqual(
      s.fleets.map((f) => [f.resource, f.fleet, f.action, f.interrupts, f.summary]),
      [
        ["kiosk", "kiosk-a", "live-update", false, "fleet kiosk-a: displayName change on the running fleet, nobody is disconnected"],
        ["office", "office-a", "stop-update-start", true, "fleet office-a will be stopped and restarted to change instanceType; 2 users are streaming now and will be disconnected"],
      ],
    );
    // What only a record carries is not made up: the users streaming and the drain are in the summary's words.
    const row = renderMarkdown(s).split("\n").find((l) => l.startsWith("| `office-a`")) ?? assert.fail(renderMarkdown(s));
    assert.equal(row, "| `office-a` (resource `office`) | **stop–update–start** | — | see the summary | see the summary | see the summary |");
  });
});

describe("plugin door: an import's read (no stored properties)", () => {
  it("@pulumi/pulumi's ReadRequest reads unset properties as an empty Struct once patched; set ones are untouched", () => {
    const { ReadRequest } = require("@pulumi/pulumi/proto/provider_pb") as typeof import("@pulumi/pulumi/proto/provider_pb");
    const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
    const { acceptReadWithoutProperties } = require("../../provider/plugin/main") as typeof import("../../provider/plugin/main");
    acceptReadWithoutProperties();
    acceptReadWithoutProperties(); // twice: patched once
    const importRead = new ReadRequest();
    importRead.setId("handmade");
    assert.deepEqual(importRead.getProperties()!.toJavaScript(), {});
    const refresh = new ReadRequest();
    refresh.setProperties(Struct.fromJavaScript({ name: "office-a", region: "eu-west-1" }));
    assert.deepEqual(refresh.getProperties()!.toJavaScript(), { name: "office-a", region: "eu-west-1" });
  });

  it("a first read's inputs are a program's: Fleet inputs only, the image named once, the region kept", () => {
    const { importedInputs } = require("../../provider/fleet/state") as typeof import("../../provider/fleet/state");
    const outs = {
      name: "handmade",
      imageName: "img",
      imageArn: "arn:aws:appstream:us-east-1::image/img",
      instanceType: "stream.standard.medium",
      fleetType: "ON_DEMAND",
      computeCapacity: { desiredInstances: 1 },
      region: "us-east-1",
      desiredState: "RUNNING",
      updateStrategy: "stopStart",
      tags: {},
      tagsAll: {},
      arn: "arn:aws:appstream:us-east-1:1:fleet/handmade",
      state: "RUNNING",
      computeCapacityStatus: { desired: 1 },
      createdTime: "2026-01-01T00:00:00.000Z",
      fleetErrors: [],
      __inputKeys: [],
    };
    const inputs = importedInputs(outs as never);
    assert.deepEqual(Object.keys(inputs).sort(), ["__inputKeys", "computeCapacity", "desiredState", "fleetType", "imageName", "instanceType", "name", "region", "tags", "updateStrategy"]);
  });
});
