/** The state file: atomic JSON, flushed on close, resumed on restart with transitions in flight. */
import { strict as assert } from "node:assert";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AssociateFleetCommand,
  CreateStackCommand,
  DescribeFleetsCommand,
  DescribeStacksCommand,
  ListAssociatedFleetsCommand,
  ListAssociatedStacksCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
} from "@aws-sdk/client-appstream";
import { EmulatorControl, startEmulator } from "../../emulator";
import { createFleet, fleetInput } from "../support/emulator";
import { sdkClient, sleep } from "../support/harness";

describe("emulator: state file", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "appstream-emu-"));
    file = join(dir, "state.json");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps fleets, stacks, associations, tags, sessions and images across a restart", async () => {
    const first = await startEmulator({ stateFile: file, startDelaySeconds: 0 });
    const c1 = sdkClient(first.url);
    const ctl1 = new EmulatorControl(first.url);
    await createFleet(c1, fleetInput("f1", { Tags: { env: "test" } }));
    await c1.send(new CreateStackCommand({ Name: "s1" }));
    await c1.send(new AssociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    await c1.send(new StartFleetCommand({ Name: "f1" }));
    await ctl1.addImages([{ Name: "custom-image" }]);
    const session = await ctl1.openSession({ stackName: "s1", fleetName: "f1", userId: "alice" });
    c1.destroy();
    await first.close();

    const saved = JSON.parse(readFileSync(file, "utf8")) as { format: string };
    assert.equal(saved.format, "appstream-emulator-state");
    assert.deepEqual(readdirSync(dir), ["state.json"], "no temporary file is left behind");

    const second = await startEmulator({ stateFile: file });
    const c2 = sdkClient(second.url);
    const f = (await c2.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.[0];
    assert.equal(f?.State, "RUNNING");
    assert.equal(f?.ComputeCapacityStatus?.InUse, 1);
    assert.deepEqual((await c2.send(new ListAssociatedStacksCommand({ FleetName: "f1" }))).Names, ["s1"]);
    const tags = await c2.send(new ListTagsForResourceCommand({ ResourceArn: f?.Arn }));
    assert.deepEqual(tags.Tags, { env: "test" });
    await createFleet(c2, fleetInput("f2", { ImageName: "custom-image" }));
    const ctl2 = new EmulatorControl(second.url);
    await ctl2.endSession(session.Id);
    c2.destroy();
    await second.close();
  });

  it("resumes a transition that was in flight when the emulator stopped", async () => {
    const first = await startEmulator({ stateFile: file, startDelaySeconds: 0.6 });
    const c1 = sdkClient(first.url);
    await createFleet(c1, fleetInput("f1"));
    await c1.send(new StartFleetCommand({ Name: "f1" }));
    const startedAt = (await new EmulatorControl(first.url).events()).find((e) => e.to === "STARTING")?.time ?? 0;
    c1.destroy();
    await first.close();

    // Restarted with other delays: the stored completion time still rules.
    const second = await startEmulator({ stateFile: file, startDelaySeconds: 30 });
    const ctl = new EmulatorControl(second.url);
    const c2 = sdkClient(second.url);
    const now = (await c2.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.[0]?.State;
    assert.ok(now === "STARTING" || now === "RUNNING");
    await sleep(Math.max(0, startedAt + 600 - Date.now()) + 100);
    assert.equal((await c2.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.[0]?.State, "RUNNING");
    const running = (await ctl.events()).find((e) => e.to === "RUNNING");
    assert.equal(running?.time, startedAt + 600, "the transition keeps its exact time across the restart");
    c2.destroy();
    await second.close();
  });

  it("writes shortly after a mutation, before any close", async () => {
    const em = await startEmulator({ stateFile: file });
    const c = sdkClient(em.url);
    await createFleet(c, fleetInput("f1"));
    await sleep(200);
    assert.match(readFileSync(file, "utf8"), /"Name": "f1"/);
    c.destroy();
    await em.close();
  });

  it("keeps each region's state apart across a restart (version 2: the stores by region)", async () => {
    const first = await startEmulator({ stateFile: file, startDelaySeconds: 0 });
    const west = sdkClient(first.url, { region: "us-west-2" });
    const eu = sdkClient(first.url, { region: "eu-west-1" });
    const ctl1 = new EmulatorControl(first.url);
    await createFleet(west, fleetInput("same", { ComputeCapacity: { DesiredInstances: 1 }, Tags: { in: "west" } }));
    await createFleet(eu, fleetInput("same", { ComputeCapacity: { DesiredInstances: 4 } }));
    await west.send(new CreateStackCommand({ Name: "portal" }));
    await west.send(new AssociateFleetCommand({ FleetName: "same", StackName: "portal" }));
    await west.send(new StartFleetCommand({ Name: "same" }));
    await ctl1.addImages([{ Name: "eu-only" }], "eu-west-1");
    const session = await ctl1.openSession({ stackName: "portal", fleetName: "same", userId: "alice" }, "us-west-2");
    west.destroy();
    eu.destroy();
    await first.close();

    const saved = JSON.parse(readFileSync(file, "utf8")) as { version: number; regions: Record<string, { fleets: unknown[] }> };
    assert.equal(saved.version, 2);
    assert.deepEqual(Object.keys(saved.regions).sort(), ["eu-west-1", "us-west-2"]);

    const second = await startEmulator({ stateFile: file });
    const west2 = sdkClient(second.url, { region: "us-west-2" });
    const eu2 = sdkClient(second.url, { region: "eu-west-1" });
    const east2 = sdkClient(second.url);
    const ctl2 = new EmulatorControl(second.url);
    const one = async (c: typeof west2) => (await c.send(new DescribeFleetsCommand({ Names: ["same"] }))).Fleets?.[0];
    const w = await one(west2);
    const e = await one(eu2);
    assert.deepEqual([w?.Arn?.split(":")[3], w?.State, w?.ComputeCapacityStatus?.Desired, w?.ComputeCapacityStatus?.InUse], ["us-west-2", "RUNNING", 1, 1]);
    assert.deepEqual([e?.Arn?.split(":")[3], e?.State, e?.ComputeCapacityStatus?.Desired], ["eu-west-1", "STOPPED", 4]);
    assert.deepEqual((await west2.send(new ListTagsForResourceCommand({ ResourceArn: w?.Arn }))).Tags, { in: "west" });
    assert.deepEqual((await west2.send(new ListAssociatedStacksCommand({ FleetName: "same" }))).Names, ["portal"]);
    assert.deepEqual((await eu2.send(new ListAssociatedStacksCommand({ FleetName: "same" }))).Names ?? [], []);
    assert.deepEqual(await ctl2.fleets(), [], "nothing in the default region");
    await createFleet(eu2, fleetInput("from-eu-image", { ImageName: "eu-only" }));
    await assert.rejects(createFleet(east2, fleetInput("from-eu-image", { ImageName: "eu-only" })), /eu-only/);
    await ctl2.endSession(session.Id, "us-west-2");
    for (const c of [west2, eu2, east2]) c.destroy();
    await second.close();
  });

  it("loads a version 1 state file (0.1.0's, one store for all regions) into the default region", async () => {
    copyFileSync(join(__dirname, "..", "upgrade", "fixtures", "0.1.0", "emulator-state.json"), file);
    const old = JSON.parse(readFileSync(file, "utf8")) as { version: number; store: { fleets: { arn: string; settings: { Name: string } }[] } };
    assert.equal(old.version, 1);
    const [fleet] = old.store.fleets;
    const em = await startEmulator({ stateFile: file });
    const east = sdkClient(em.url);
    const west = sdkClient(em.url, { region: "us-west-2" });
    const live = (await east.send(new DescribeFleetsCommand({ Names: [fleet.settings.Name] }))).Fleets?.[0];
    assert.equal(live?.Arn, fleet.arn);
    assert.deepEqual((await new EmulatorControl(em.url).fleets()).map((f) => f.Name), [fleet.settings.Name]);
    assert.deepEqual((await west.send(new DescribeFleetsCommand({}))).Fleets, []);
    east.destroy();
    west.destroy();
    await em.close();
    // Saved again in version 2, the store under the default region.
    const saved = JSON.parse(readFileSync(file, "utf8")) as { version: number; regions: Record<string, { fleets: { arn: string }[] }> };
    assert.equal(saved.version, 2);
    assert.deepEqual(saved.regions["us-east-1"].fleets.map((f) => f.arn), [fleet.arn]);
  });

  it("a version 1 fleet or stack whose ARN names another region loads into that region", async () => {
    const base = JSON.parse(readFileSync(join(__dirname, "..", "upgrade", "fixtures", "0.1.0", "emulator-state.json"), "utf8")) as {
      store: { fleets: Record<string, any>[]; stacks: Record<string, any>[]; sessions: unknown[] };
    };
    const [template] = base.store.fleets;
    const fleetIn = (name: string, region: string) => ({
      ...structuredClone(template),
      settings: { ...template.settings, Name: name },
      arn: `arn:aws:appstream:${region}:123456789012:fleet/${name}`,
    });
    const stackIn = (name: string, region: string, fleetNames: string[]) => ({
      stack: { Name: name, Arn: `arn:aws:appstream:${region}:123456789012:stack/${name}`, CreatedTime: 1 },
      fleetNames,
      tags: {},
    });
    base.store.fleets = [fleetIn("east-fleet", "us-east-1"), fleetIn("west-fleet", "us-west-2")];
    // An association across regions (the old single store allowed it) cannot survive the split.
    base.store.stacks = [stackIn("west-stack", "us-west-2", ["west-fleet"]), stackIn("east-stack", "us-east-1", ["west-fleet"])];
    base.store.sessions = [];
    writeFileSync(file, JSON.stringify(base));
    const em = await startEmulator({ stateFile: file, region: "eu-west-1" });
    const ctl = new EmulatorControl(em.url);
    assert.deepEqual((await ctl.fleets()).map((f) => f.Name), [], "nothing named eu-west-1, the default region");
    assert.deepEqual((await ctl.fleets("us-east-1")).map((f) => f.Name), ["east-fleet"]);
    assert.deepEqual((await ctl.fleets("us-west-2")).map((f) => f.Name), ["west-fleet"]);
    const west = sdkClient(em.url, { region: "us-west-2" });
    const east = sdkClient(em.url, { region: "us-east-1" });
    assert.deepEqual((await west.send(new ListAssociatedStacksCommand({ FleetName: "west-fleet" }))).Names, ["west-stack"]);
    assert.deepEqual((await east.send(new DescribeStacksCommand({ Names: ["east-stack"] }))).Stacks?.map((s) => s.Name), ["east-stack"]);
    assert.deepEqual((await east.send(new ListAssociatedFleetsCommand({ StackName: "east-stack" }))).Names ?? [], []);
    west.destroy();
    east.destroy();
    await em.close();
  });

  it("refuses to start on a corrupt state file", async () => {
    writeFileSync(file, "{ not json");
    await assert.rejects(startEmulator({ stateFile: file }), /not valid JSON/);
    writeFileSync(file, JSON.stringify({ hello: "world" }));
    await assert.rejects(startEmulator({ stateFile: file }), /not an AppStream emulator state file/);
    writeFileSync(file, JSON.stringify({ format: "appstream-emulator-state", version: 3, regions: {} }));
    await assert.rejects(startEmulator({ stateFile: file }), /not an AppStream emulator state file \(version 1 or 2\)/);
    writeFileSync(file, JSON.stringify({ format: "appstream-emulator-state", version: 2, regions: { "Not a region": {} } }));
    await assert.rejects(startEmulator({ stateFile: file }), /"Not a region" under "regions" is not a region/);
  });
});
