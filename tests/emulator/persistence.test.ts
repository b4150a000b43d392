/** The state file: atomic JSON, flushed on close, resumed on restart with transitions in flight. */
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AssociateFleetCommand,
  CreateStackCommand,
  DescribeFleetsCommand,
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

  it("refuses to start on a corrupt state file", async () => {
    writeFileSync(file, "{ not json");
    await assert.rejects(startEmulator({ stateFile: file }), /not valid JSON/);
    writeFileSync(file, JSON.stringify({ hello: "world" }));
    await assert.rejects(startEmulator({ stateFile: file }), /not an AppStream emulator state file/);
  });
});
