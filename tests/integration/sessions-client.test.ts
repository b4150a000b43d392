/**
 * The users streaming from a fleet are counted with the fleet's own client (its region, its
 * endpoint), never with one the public lookups build from the environment. Two emulators over
 * real HTTP stand for two regions: the environment (what getSessions would use) points at the
 * default one, where a fleet and a stack of the same names have nobody streaming; the fleet's
 * client points at the other, where one user streams. A drain before a stop must see that user.
 */
import { strict as assert } from "assert";
import { AppStreamClient, AssociateFleetCommand, CreateFleetCommand, CreateStackCommand, StartFleetCommand } from "@aws-sdk/client-appstream";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../emulator";
import { activeSessions } from "../../provider/aws/drain";
import { defaultDeps } from "../../provider/fleet/deps";
import { FleetProviderImpl } from "../../provider/fleet/provider";
import { IMAGE } from "../support/engine-stand-in";

const FLEET_REGION = "eu-west-1";
const ENV_KEYS = ["AWS_ENDPOINT_URL_APPSTREAM", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "APPSTREAM_PREVIEW_OVERVIEW_SECONDS"] as const;

interface Region {
  emu: RunningEmulator;
  control: EmulatorControl;
  client: AppStreamClient;
}

async function region(name: string): Promise<Region> {
  const emu = await startEmulator({ port: 0, startDelaySeconds: 0.2, stopDelaySeconds: 0.1 });
  const client = new AppStreamClient({ endpoint: emu.url, region: name, credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" } });
  return { emu, control: new EmulatorControl(emu.url), client };
}

/** Fleet "web", RUNNING, associated with stack "desk", in one emulator, made with the SDK. */
async function runningFleetOnStack(r: Region): Promise<void> {
  await r.client.send(new CreateFleetCommand({ Name: "web", ImageName: IMAGE, InstanceType: "stream.standard.medium", FleetType: "ON_DEMAND", ComputeCapacity: { DesiredInstances: 1 } }));
  await r.client.send(new StartFleetCommand({ Name: "web" }));
  await r.client.send(new CreateStackCommand({ Name: "desk" }));
  await r.client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "desk" }));
  for (let i = 0; i < 100 && (await r.control.fleets()).find((f) => f.Name === "web")?.State !== "RUNNING"; i++) await new Promise((res) => setTimeout(res, 50));
}

const describeSessionsCalls = async (r: Region) => (await r.control.calls()).filter((c) => c.operation === "DescribeSessions").length;

describe("the session count of a fleet goes to the fleet's client", function () {
  this.timeout(60_000);
  let fleetRegion: Region;
  let defaultRegion: Region;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

  before(async () => {
    fleetRegion = await region(FLEET_REGION);
    defaultRegion = await region("us-east-1");
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    process.env.AWS_ENDPOINT_URL_APPSTREAM = defaultRegion.emu.url;
    process.env.AWS_REGION = "us-east-1";
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
    process.env.APPSTREAM_PREVIEW_OVERVIEW_SECONDS = "0";
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  });
  beforeEach(async () => {
    for (const r of [fleetRegion, defaultRegion]) {
      await r.control.reset();
      await runningFleetOnStack(r);
    }
    await fleetRegion.control.openSession({ stackName: "desk", fleetName: "web", userId: "ana" });
    for (const r of [fleetRegion, defaultRegion]) await r.control.clearCalls();
  });
  after(async () => {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    for (const r of [fleetRegion, defaultRegion]) {
      r.client.destroy();
      await r.emu.close();
    }
  });

  it("activeSessions asks the client it is given, whatever the environment points at", async () => {
    assert.deepEqual(await activeSessions(fleetRegion.client, "web"), { total: 1, stacks: ["desk"] });
    assert.equal(await describeSessionsCalls(fleetRegion), 4, "one DescribeSessions per authentication type, to the fleet's client");
    assert.equal(await describeSessionsCalls(defaultRegion), 0, "nothing went to the environment's endpoint");
    assert.deepEqual(await activeSessions(defaultRegion.client, "web"), { total: 0, stacks: ["desk"] });
  });

  it("a drain before a stop of a fleet in another region sees its users and, with onTimeout fail, stops nothing", async () => {
    const impl = new FleetProviderImpl({ ...defaultDeps(), client: (r) => (r === FLEET_REGION ? fleetRegion.client : defaultRegion.client), verifyImages: false });
    const base = { name: "web", region: FLEET_REGION, imageName: IMAGE, instanceType: "stream.standard.medium", fleetType: "ON_DEMAND" as const, computeCapacity: { desiredInstances: 1 } };
    // The fleet as the stack records it: adopted (same settings, nothing changed).
    const { outs } = await impl.create({ ...base, adoptExisting: true });
    await fleetRegion.control.clearCalls();
    const news = { ...base, instanceType: "stream.standard.large", drain: { timeoutSeconds: 0, onTimeout: "fail" as const } };
    await assert.rejects(impl.update("web", outs, news), /fleet web: 1 session\(s\) still active after waiting 0s; drain.onTimeout is "fail", so the fleet was not stopped/);
    const ops = (await fleetRegion.control.calls()).map((c) => c.operation);
    assert.ok(ops.includes("DescribeSessions"), `the fleet's region was asked who streams: ${ops.join(", ")}`);
    assert.ok(!ops.includes("StopFleet") && !ops.includes("UpdateFleet"), `nothing was stopped or changed: ${ops.join(", ")}`);
    assert.equal((await fleetRegion.control.fleets()).find((f) => f.Name === "web")?.State, "RUNNING");
    assert.equal(await describeSessionsCalls(defaultRegion), 0);
  });
});
