/**
 * Regional state, as AWS keeps it: each region of the account has its own fleets, stacks,
 * associations, sessions, tags and images, picked by the request's SigV4 credential scope.
 * Unsigned requests and control calls that name no region go to the emulator's default region.
 * Driven by the AWS CLI (an independent SigV4 signer), the SDK, raw HTTP and the control API.
 */
import { strict as assert } from "node:assert";
import {
  AppStreamClient,
  AssociateFleetCommand,
  CreateStackCommand,
  DescribeFleetsCommand,
  DescribeImagesCommand,
  DescribeSessionsCommand,
  DescribeStacksCommand,
  ListAssociatedStacksCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  TagResourceCommand,
  UpdateFleetCommand,
} from "@aws-sdk/client-appstream";
import { DEFAULT_ACCOUNT_ID, DEFAULT_IMAGES, EmulatorControl, startEmulator } from "../../emulator";
import { isolatedAwsEnv, runAws } from "../support/aws-cli-runner";
import { WS2019, createFleet, expectAwsError, fleetInput, rawCall, useEmulator } from "../support/emulator";
import { sdkClient, waitForState } from "../support/harness";

const arn = (region: string, name: string): string => `arn:aws:appstream:${region}:${DEFAULT_ACCOUNT_ID}:fleet/${name}`;

describe("emulator: regions", function () {
  this.timeout(120_000);
  const h = useEmulator({ startDelaySeconds: 0, stopDelaySeconds: 0 });
  // SDK clients signing for a region, destroyed after each test.
  const clients: AppStreamClient[] = [];
  const client = (region: string): AppStreamClient => {
    const c = sdkClient(h.emulator.url, { region });
    clients.push(c);
    return c;
  };
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));
  const west = () => client("us-west-2");
  const eu = () => client("eu-west-1");

  describe("with the AWS CLI", () => {
    let env: NodeJS.ProcessEnv;
    let dispose: () => void;
    before(() => ({ env, dispose } = isolatedAwsEnv()));
    after(() => dispose());

    const aws = async (region: string, ...args: string[]): Promise<Record<string, unknown>> => {
      const r = await runAws(["appstream", ...args, "--endpoint-url", h.emulator.url, "--region", region, "--output", "json"], env);
      assert.equal(r.code, 0, `aws --region ${region} appstream ${args.join(" ")} failed: ${r.stderr}`);
      return r.json;
    };
    const names = async (region: string): Promise<string[]> =>
      ((await aws(region, "describe-fleets")).Fleets as { Name: string }[]).map((f) => f.Name).sort();
    const create = (region: string, name: string, instances: number) =>
      aws(region, "create-fleet", "--name", name, "--instance-type", "stream.standard.small", "--image-name", WS2019, "--compute-capacity", `DesiredInstances=${instances}`);

    it("a fleet created in us-west-2 is not seen from eu-west-1 or us-east-1", async () => {
      const created = (await create("us-west-2", "west-only", 1)).Fleet as Record<string, unknown>;
      assert.equal(created.Arn, arn("us-west-2", "west-only"));
      assert.deepEqual(await names("us-west-2"), ["west-only"]);
      assert.deepEqual(await names("eu-west-1"), []);
      assert.deepEqual(await names("us-east-1"), []);
      const r = await runAws(["appstream", "describe-fleets", "--names", "west-only", "--endpoint-url", h.emulator.url, "--region", "eu-west-1", "--output", "json"], env);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /ResourceNotFoundException/);
    });

    it("the same fleet name exists in two regions, each its own fleet", async () => {
      await create("us-west-2", "same-name", 1);
      await create("eu-west-1", "same-name", 3);
      const inWest = ((await aws("us-west-2", "describe-fleets", "--names", "same-name")).Fleets as Record<string, any>[])[0];
      const inEu = ((await aws("eu-west-1", "describe-fleets", "--names", "same-name")).Fleets as Record<string, any>[])[0];
      assert.equal(inWest.Arn, arn("us-west-2", "same-name"));
      assert.equal(inEu.Arn, arn("eu-west-1", "same-name"));
      assert.equal(inWest.ComputeCapacityStatus.Desired, 1);
      assert.equal(inEu.ComputeCapacityStatus.Desired, 3);
      // A change in one region leaves the other alone; a delete too.
      await aws("eu-west-1", "update-fleet", "--name", "same-name", "--compute-capacity", "DesiredInstances=5");
      await aws("us-west-2", "delete-fleet", "--name", "same-name");
      assert.deepEqual(await names("us-west-2"), []);
      const after = ((await aws("eu-west-1", "describe-fleets", "--names", "same-name")).Fleets as Record<string, any>[])[0];
      assert.equal(after.ComputeCapacityStatus.Desired, 5);
    });
  });

  it("stacks, associations, tags and sessions are regional (SDK)", async () => {
    const w = west();
    const e = eu();
    await createFleet(w, fleetInput("f", { ComputeCapacity: { DesiredInstances: 1 }, Tags: { team: "west" } }));
    await w.send(new CreateStackCommand({ Name: "s" }));
    await w.send(new AssociateFleetCommand({ FleetName: "f", StackName: "s" }));
    // eu-west-1 has neither the stack nor the fleet.
    assert.deepEqual((await e.send(new DescribeStacksCommand({}))).Stacks, []);
    await expectAwsError(e.send(new AssociateFleetCommand({ FleetName: "f", StackName: "s" })), "ResourceNotFoundException");
    assert.deepEqual((await e.send(new ListAssociatedStacksCommand({ FleetName: "f" }))).Names ?? [], []);
    // A fleet's ARN names its region; another region does not know it, and the tags stay put.
    await expectAwsError(e.send(new ListTagsForResourceCommand({ ResourceArn: arn("us-west-2", "f") })), "ResourceNotFoundException");
    await expectAwsError(e.send(new TagResourceCommand({ ResourceArn: arn("eu-west-1", "f"), Tags: { a: "b" } })), "ResourceNotFoundException");
    assert.deepEqual((await w.send(new ListTagsForResourceCommand({ ResourceArn: arn("us-west-2", "f") }))).Tags, { team: "west" });
    // The same names in eu-west-1 make a separate fleet and stack, with their own association.
    await createFleet(e, fleetInput("f", { ComputeCapacity: { DesiredInstances: 1 } }));
    await e.send(new CreateStackCommand({ Name: "s" }));
    await e.send(new AssociateFleetCommand({ FleetName: "f", StackName: "s" }));
    assert.deepEqual((await e.send(new ListTagsForResourceCommand({ ResourceArn: arn("eu-west-1", "f") }))).Tags, {});

    await w.send(new StartFleetCommand({ Name: "f" }));
    await e.send(new StartFleetCommand({ Name: "f" }));
    await waitForState(h.control, "f", "RUNNING", 5000, "us-west-2");
    await waitForState(h.control, "f", "RUNNING", 5000, "eu-west-1");
    const session = await h.control.openSession({ stackName: "s", fleetName: "f", userId: "alice" }, "us-west-2");
    const sessionsIn = async (c: typeof w) => (await c.send(new DescribeSessionsCommand({ StackName: "s", FleetName: "f" }))).Sessions ?? [];
    assert.deepEqual((await sessionsIn(w)).map((s) => s.UserId), ["alice"]);
    assert.deepEqual(await sessionsIn(e), []);
    const inUse = async (c: typeof w) => (await c.send(new DescribeFleetsCommand({ Names: ["f"] }))).Fleets?.[0]?.ComputeCapacityStatus?.InUse;
    assert.equal(await inUse(w), 1);
    assert.equal(await inUse(e), 0);
    // The session lives in us-west-2: ending it elsewhere finds nothing.
    await assert.rejects(h.control.endSession(session.Id, "eu-west-1"), (err: Error & { status?: number }) => err.status === 404);
    await h.control.endSession(session.Id, "us-west-2");
    assert.deepEqual(await sessionsIn(w), []);
  });

  it("the public images exist in every region with that region's ARNs; a private image only where it was added", async () => {
    const e = eu();
    const publicIn = async (region: string) => {
      const c = client(region);
      const images = [];
      let NextToken: string | undefined;
      do {
        const page = await c.send(new DescribeImagesCommand({ Type: "PUBLIC", NextToken }));
        images.push(...(page.Images ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      return images;
    };
    const publicCount = DEFAULT_IMAGES.filter((i) => i.Visibility === "PUBLIC").length;
    for (const region of ["us-east-1", "ap-southeast-2", "eu-central-1"]) {
      const images = await publicIn(region);
      assert.equal(images.length, publicCount, region);
      assert.ok(images.every((i) => i.Arn?.split(":")[3] === region), `${region}: ${images.map((i) => i.Arn).join(", ")}`);
    }
    assert.equal(await h.control.addImages([{ Name: "west-private" }], "us-west-2"), 1);
    const w = west();
    const [image] = (await w.send(new DescribeImagesCommand({ Names: ["west-private"] }))).Images ?? [];
    assert.equal(image.Arn, `arn:aws:appstream:us-west-2:${DEFAULT_ACCOUNT_ID}:image/west-private`);
    await createFleet(w, fleetInput("from-private", { ImageName: "west-private" }));
    await expectAwsError(e.send(new DescribeImagesCommand({ Names: ["west-private"] })), "ResourceNotFoundException");
    await expectAwsError(createFleet(e, fleetInput("from-private", { ImageName: "west-private" })), "ResourceNotFoundException");
    // Without a region, the control API adds to the default region (us-east-1 here).
    await h.control.addImages([{ Name: "default-private" }]);
    await h.client.send(new DescribeImagesCommand({ Names: ["default-private"] }));
    await expectAwsError(w.send(new DescribeImagesCommand({ Names: ["default-private"] })), "ResourceNotFoundException");
  });

  describe("control API", () => {
    it("without a region: the default region, as before; with one: that region", async () => {
      await createFleet(h.client, fleetInput("east"));
      await createFleet(west(), fleetInput("west"));
      assert.deepEqual((await h.control.fleets()).map((f) => f.Name), ["east"]);
      assert.deepEqual((await h.control.fleets("us-east-1")).map((f) => f.Name), ["east"]);
      assert.deepEqual((await h.control.fleets("us-west-2")).map((f) => f.Name), ["west"]);
      assert.deepEqual(await h.control.fleets("eu-west-1"), []);
      // A read does not bring a region into being; an AWS call does.
      assert.deepEqual(await h.control.regions(), { defaultRegion: "us-east-1", regions: ["us-east-1", "us-west-2"] });
      await eu().send(new DescribeFleetsCommand({}));
      assert.deepEqual((await h.control.regions()).regions, ["eu-west-1", "us-east-1", "us-west-2"]);
      // Raw: ?region= and a POST body's region member.
      const raw = await fetch(`${h.emulator.url}/_emulator/fleets?region=us-west-2`);
      assert.deepEqual(((await raw.json()) as { fleets: { Name: string }[] }).fleets.map((f) => f.Name), ["west"]);
    });

    it("logs: every call and transition with its region; ?region= filters", async () => {
      await h.control.clearCalls();
      await createFleet(h.client, fleetInput("f1"));
      await createFleet(west(), fleetInput("f1"));
      await rawCall(h.emulator.url, "DescribeFleets", {}); // unsigned: the default region
      const calls = await h.control.calls();
      assert.deepEqual(calls.map((c) => `${c.operation} ${c.region}`), ["CreateFleet us-east-1", "CreateFleet us-west-2", "DescribeFleets us-east-1"]);
      assert.deepEqual((await h.control.calls(undefined, "us-west-2")).map((c) => c.operation), ["CreateFleet"]);
      assert.deepEqual((await h.control.calls(calls[0].seq, "us-east-1")).map((c) => c.operation), ["DescribeFleets"]);
      // fleetState is the state of the fleet of the call's region.
      await west().send(new StartFleetCommand({ Name: "f1" }));
      await h.client.send(new UpdateFleetCommand({ Name: "f1", DisplayName: "east" }));
      const [update] = (await h.control.calls()).filter((c) => c.operation === "UpdateFleet");
      assert.equal(update.fleetState, "STOPPED");
      const events = await h.control.events();
      assert.deepEqual(events.map((e) => `${e.region} ${e.fleetName} ${e.from}->${e.to}`), [
        "us-east-1 f1 null->STOPPED",
        "us-west-2 f1 null->STOPPED",
        "us-west-2 f1 STOPPED->STARTING",
        "us-west-2 f1 STARTING->RUNNING",
      ]);
      assert.equal((await h.control.events(undefined, "us-east-1")).length, 1);
    });

    it("faults: with a region, only there; without one, in every region", async () => {
      const w = west();
      await createFleet(w, fleetInput("f"));
      await createFleet(h.client, fleetInput("f"));
      await h.control.fault({ operation: "UpdateFleet", fleetName: "f", region: "us-west-2", errorCode: "ConcurrentModificationException" });
      await h.client.send(new UpdateFleetCommand({ Name: "f", DisplayName: "east" })); // not faulted
      await expectAwsError(w.send(new UpdateFleetCommand({ Name: "f", DisplayName: "west" })), "ConcurrentModificationException");
      await h.control.fault({ operation: "UpdateFleet", errorCode: "ConcurrentModificationException" });
      await expectAwsError(w.send(new UpdateFleetCommand({ Name: "f", DisplayName: "west" })), "ConcurrentModificationException");
      // ?region= is the same member; the pending list shows it.
      const res = await fetch(`${h.emulator.url}/_emulator/faults?region=eu-west-1`, { method: "POST", body: JSON.stringify({ type: "describeLag", seconds: 5 }) });
      assert.equal(res.status, 200);
      assert.deepEqual((await h.control.faults()).map((f) => f.region), ["eu-west-1"]);
      // A startFailure for the us-west-2 fleet leaves the us-east-1 fleet of the same name alone.
      await h.control.clearFaults();
      await h.control.fault({ type: "startFailure", fleetName: "f", region: "us-west-2" });
      await h.client.send(new StartFleetCommand({ Name: "f" }));
      await w.send(new StartFleetCommand({ Name: "f" }));
      await waitForState(h.control, "f", "RUNNING");
      await waitForState(h.control, "f", "STOPPED", 5000, "us-west-2");
      assert.ok(((await h.control.fleets("us-west-2"))[0].FleetErrors ?? []).length > 0);
    });

    it("refuses a region that is not a region name, and a query and body that disagree", async () => {
      for (const path of ["fleets?region=US%20East", "calls?region=a/b", "events?region=_x"]) {
        const res = await fetch(`${h.emulator.url}/_emulator/${path}`);
        assert.equal(res.status, 400, path);
        assert.match(((await res.json()) as { error: string }).error, /region must be a region name/);
      }
      const bad = await fetch(`${h.emulator.url}/_emulator/images?region=us-west-2`, { method: "POST", body: JSON.stringify({ region: "eu-west-1", images: [{ Name: "x" }] }) });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /disagree/);
      await assert.rejects(h.control.fault({ operation: "*", throttle: true, region: "Nowhere 1" }), /region must be a region name/);
    });

    it("reset empties every region", async () => {
      await createFleet(west(), fleetInput("w"));
      await h.control.addImages([{ Name: "gone" }], "us-west-2");
      await h.control.reset();
      assert.deepEqual((await h.control.regions()).regions, []);
      assert.deepEqual(await h.control.fleets("us-west-2"), []);
      await expectAwsError(west().send(new DescribeImagesCommand({ Names: ["gone"] })), "ResourceNotFoundException");
    });
  });

  it("unsigned requests and control calls go to the region the emulator was started with", async () => {
    const emu = await startEmulator({ region: "eu-central-1", startDelaySeconds: 0 });
    try {
      const control = new EmulatorControl(emu.url);
      const created = await rawCall(emu.url, "CreateFleet", { ...fleetInput("unsigned") });
      assert.equal(created.status, 200, created.text);
      assert.equal((created.json.Fleet as { Arn: string }).Arn, arn("eu-central-1", "unsigned"));
      assert.deepEqual((await control.fleets()).map((f) => f.Name), ["unsigned"]);
      const signed = sdkClient(emu.url, { region: "eu-central-1" });
      clients.push(signed);
      assert.deepEqual((await signed.send(new DescribeFleetsCommand({}))).Fleets?.map((f) => f.Name), ["unsigned"]);
      const east = sdkClient(emu.url, { region: "us-east-1" });
      clients.push(east);
      assert.deepEqual((await east.send(new DescribeFleetsCommand({}))).Fleets, []);
      assert.equal((await control.regions()).defaultRegion, "eu-central-1");
    } finally {
      await emu.close();
    }
    await assert.rejects(startEmulator({ region: "Not A Region" }), /region must be a region name/);
  });
});
