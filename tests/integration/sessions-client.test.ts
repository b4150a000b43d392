/**
 * The users streaming from a fleet are counted with the fleet's own client (its region, its
 * endpoint), never with one the public lookups build from the environment. Two emulators over
 * real HTTP stand for two regions: the environment (what getSessions would use) points at the
 * default one, where a fleet and a stack of the same names have nobody streaming; the fleet's
 * client points at the other, where one user streams. A drain before a stop must see that user.
 */
import { strict as assert } from "assert";
import { AppStreamClient, AssociateFleetCommand, CreateFleetCommand, CreateStackCommand, StartFleetCommand } from "@aws-sdk/client-appstream";
import { activeSessions } from "../../provider/aws/drain";
import { defaultDeps } from "../../provider/fleet/deps";
import { FleetProviderImpl } from "../../provider/fleet/provider";
import { IMAGE } from "../support/engine-stand-in";
import { Harness, sdkClient, startHarness, waitForState } from "../support/harness";

const FLEET_REGION = "eu-west-1";

/** Fleet "web", RUNNING, associated with stack "desk", made with the SDK. */
async function runningFleetOnStack(h: Harness, client: AppStreamClient): Promise<void> {
  await client.send(new CreateFleetCommand({ Name: "web", ImageName: IMAGE, InstanceType: "stream.standard.medium", FleetType: "ON_DEMAND", ComputeCapacity: { DesiredInstances: 1 } }));
  await client.send(new StartFleetCommand({ Name: "web" }));
  await client.send(new CreateStackCommand({ Name: "desk" }));
  await client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "desk" }));
  await waitForState(h.control, "web", "RUNNING");
}

const describeSessionsCalls = async (h: Harness) => (await h.control.calls()).filter((c) => c.operation === "DescribeSessions").length;

describe("the session count of a fleet goes to the fleet's client", function () {
  this.timeout(60_000);
  /** The fleet's region: an emulator the environment does not point at, and the fleet's own client. */
  let fleetRegion: Harness;
  let fleetClient: AppStreamClient;
  /** The stack's default region: the emulator the environment (and so a public lookup) points at. */
  let defaultRegion: Harness;

  before(async () => {
    // Its default region is the fleet's, so the control calls (which name no region) see the fleet
    // the fleet's client (signing for FLEET_REGION) makes there.
    fleetRegion = await startHarness({ env: false, region: FLEET_REGION });
    fleetClient = sdkClient(fleetRegion.url, { region: FLEET_REGION, maxAttempts: 3, accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" });
    defaultRegion = await startHarness();
  });
  beforeEach(async () => {
    await fleetRegion.control.reset();
    await defaultRegion.control.reset();
    await runningFleetOnStack(fleetRegion, fleetClient);
    await runningFleetOnStack(defaultRegion, defaultRegion.client);
    await fleetRegion.control.openSession({ stackName: "desk", fleetName: "web", userId: "ana" });
    await fleetRegion.control.clearCalls();
    await defaultRegion.control.clearCalls();
  });
  after(async () => {
    fleetClient.destroy();
    await fleetRegion.close();
    await defaultRegion.close();
  });

  it("activeSessions asks the client it is given, whatever the environment points at", async () => {
    assert.deepEqual(await activeSessions(fleetClient, "web"), { total: 1, stacks: ["desk"] });
    assert.equal(await describeSessionsCalls(fleetRegion), 4, "one DescribeSessions per authentication type, to the fleet's client");
    assert.equal(await describeSessionsCalls(defaultRegion), 0, "nothing went to the environment's endpoint");
    assert.deepEqual(await activeSessions(defaultRegion.client, "web"), { total: 0, stacks: ["desk"] });
  });

  it("a drain before a stop of a fleet in another region sees its users and, with onTimeout fail, stops nothing", async () => {
    const impl = new FleetProviderImpl({ ...defaultDeps(), client: (r) => (r === FLEET_REGION ? fleetClient : defaultRegion.client), verifyImages: false });
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
