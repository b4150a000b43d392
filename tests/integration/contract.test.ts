/**
 * The contract between the provider's property registry and the emulator's UpdateFleet rules
 * (written independently: the emulator is the oracle), over HTTP, property by property and fleet
 * type by fleet type: the UpdateFleet request the provider builds for a change of the property is
 * sent to a RUNNING fleet, and AWS's verdict (applied, or "must be stopped") must match the
 * registry's change mode; on a STOPPED fleet it is always applied. A property a fleet type does not
 * take (computeCapacity on ELASTIC, ...) is refused by both: by the emulator's validation and by
 * the provider's check.
 */
import { strict as assert } from "assert";
import { AppStreamClient, CreateFleetCommand, CreateFleetCommandInput, DescribeFleetsCommand, StartFleetCommand, UpdateFleetCommand } from "@aws-sdk/client-appstream";
import { toUpdateFleetRequest } from "../../provider/fleet/convert";
import { MANAGED_PROPERTIES, ManagedProperty, PROPERTIES, replacesFleet, runningChangeMode } from "../../provider/fleet/properties";
import { FLEET_TYPES, FleetSettings, FleetType } from "../../provider/fleet/types";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { Harness, startHarness } from "../support/harness";

const WS2019 = "AppStream-WinServer2019-06-17-2024";
const USB = "Wacom, 056a, *, *, *, *, 0, 0";

/** The fleet each test starts from, per type (the same settings as a program would create). */
const BASE: Record<FleetType, CreateFleetCommandInput> = {
  ALWAYS_ON: { Name: "c1", FleetType: "ALWAYS_ON", ImageName: WS2019, InstanceType: "stream.standard.medium", ComputeCapacity: { DesiredInstances: 1 }, VpcConfig: { SubnetIds: ["subnet-a"] } },
  ON_DEMAND: { Name: "c1", FleetType: "ON_DEMAND", ImageName: WS2019, InstanceType: "stream.standard.medium", ComputeCapacity: { DesiredInstances: 1 }, VpcConfig: { SubnetIds: ["subnet-a"] } },
  ELASTIC: {
    Name: "c1",
    FleetType: "ELASTIC",
    InstanceType: "stream.standard.small",
    Platform: "AMAZON_LINUX2",
    MaxConcurrentSessions: 5,
    VpcConfig: { SubnetIds: ["subnet-a", "subnet-b"] },
    SessionScriptS3Location: { S3Bucket: "scripts-bucket", S3Key: "old.zip" },
  },
};

/** A new value per property (for the fleet type): what a program changes it to. */
function newValue(p: ManagedProperty, type: FleetType): FleetSettings[ManagedProperty] {
  const values: { [K in ManagedProperty]: FleetSettings[K] } = {
    name: "c2",
    fleetType: type === "ALWAYS_ON" ? "ON_DEMAND" : "ALWAYS_ON",
    instanceType: "stream.standard.large",
    imageName: "AppStream-WinServer2019-01-12-2025",
    imageArn: "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-03-11-2025",
    computeCapacity: { desiredInstances: 3 },
    vpcConfig: { subnetIds: ["subnet-x", "subnet-y"] },
    maxUserDurationInSeconds: 7200,
    disconnectTimeoutInSeconds: 1200,
    idleDisconnectTimeoutInSeconds: 120,
    description: "new description",
    displayName: "renamed",
    enableDefaultInternetAccess: true,
    domainJoinInfo: { directoryName: "corp.example.com", organizationalUnitDistinguishedName: "OU=a" },
    iamRoleArn: "arn:aws:iam::123456789012:role/new",
    streamView: "DESKTOP",
    platform: type === "ELASTIC" ? "UBUNTU_PRO_2404" : "WINDOWS_SERVER_2022",
    maxConcurrentSessions: 9,
    usbDeviceFilterStrings: [USB],
    sessionScriptS3Location: { s3Bucket: "scripts-bucket", s3Key: "new.zip" },
    maxSessionsPerInstance: 4,
    rootVolumeConfig: { volumeSizeInGb: 300 },
    disableImdsV1: true,
  };
  return values[p];
}

/** The program's inputs for a fleet of this type (to ask check whether a property applies to the type). */
const PROGRAM: Record<FleetType, Record<string, unknown>> = {
  ALWAYS_ON: { name: "c1", fleetType: "ALWAYS_ON", imageName: WS2019, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 } },
  ON_DEMAND: { name: "c1", fleetType: "ON_DEMAND", imageName: WS2019, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 } },
  ELASTIC: { name: "c1", fleetType: "ELASTIC", instanceType: "stream.standard.small", platform: "AMAZON_LINUX2", maxConcurrentSessions: 5, vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] } },
};

describe("contract: the provider's registry against the emulator's UpdateFleet rules, over HTTP", function () {
  this.timeout(60000);
  let h: Harness;
  let client: AppStreamClient;

  before(async () => {
    h = await startHarness({ startDelaySeconds: 0, stopDelaySeconds: 0 });
    client = h.client;
  });
  after(async () => h.close());

  async function fleetIn(type: FleetType, state: "RUNNING" | "STOPPED"): Promise<void> {
    await h.control.reset();
    await client.send(new CreateFleetCommand(BASE[type]));
    if (state === "RUNNING") {
      await client.send(new StartFleetCommand({ Name: "c1" }));
      for (let i = 0; i < 50; i++) {
        const f = (await client.send(new DescribeFleetsCommand({ Names: ["c1"] }))).Fleets![0];
        if (f.State === "RUNNING") return;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("the fleet did not reach RUNNING");
    }
  }

  const verdict = async (p: ManagedProperty, type: FleetType): Promise<"applied" | "needs stop" | { refused: string }> => {
    const request = toUpdateFleetRequest("c1", [p], [], { ...PROGRAM[type], [p]: newValue(p, type) } as never);
    try {
      await client.send(new UpdateFleetCommand(request));
      return "applied";
    } catch (e) {
      const err = e as Error;
      if (err.name === "ResourceInUseException" && /must be stopped/.test(err.message)) return "needs stop";
      return { refused: `${err.name}: ${err.message}` };
    }
  };

  for (const p of MANAGED_PROPERTIES) {
    for (const type of FLEET_TYPES) {
      const mode = runningChangeMode(p, type);
      const program = { ...PROGRAM[type], [p]: newValue(p, type), ...(p === "maxSessionsPerInstance" ? { computeCapacity: { desiredSessions: 4 } } : {}), ...(p === "imageArn" ? { imageName: undefined } : {}) };
      const applies = validateFleetInputs(program).length === 0;
      const title = `${p} on ${type}: ${replacesFleet(p, type) ? "replace (not an UpdateFleet change)" : !applies ? "not for this fleet type (check refuses it; so does AWS)" : mode === "live" ? "live on RUNNING" : "needs a STOPPED fleet"}`;
      it(title, async () => {
        if (replacesFleet(p, type)) {
          // UpdateFleet cannot change it: Name identifies the fleet (another name is another
          // fleet), and FleetType is not an UpdateFleet member (AWS ignores it).
          await fleetIn(type, "STOPPED");
          const member = PROPERTIES[p].aws;
          const value = p === "name" ? "c2" : newValue(p, type);
          const sent = client.send(new UpdateFleetCommand({ Name: "c1", [member]: value, DisplayName: "x" } as never));
          if (p === "name") await assert.rejects(sent, { name: "ResourceNotFoundException" }); // another name is another fleet
          else await sent.catch(() => undefined);
          const f = (await client.send(new DescribeFleetsCommand({ Names: ["c1"] }))).Fleets![0];
          assert.equal((f as unknown as Record<string, unknown>)[member], BASE[type][member as keyof CreateFleetCommandInput], `UpdateFleet changed ${member}`);
          return;
        }
        if (!applies) {
          await fleetIn(type, "STOPPED");
          const v = await verdict(p, type);
          assert.ok(typeof v === "object", `${p} is refused for ${type} by check, but AWS applied it`);
          return;
        }
        await fleetIn(type, "RUNNING");
        assert.equal(await verdict(p, type), mode === "live" ? "applied" : "needs stop", `registry says ${mode} (${PROPERTIES[p].aws})`);
        await fleetIn(type, "STOPPED");
        assert.equal(await verdict(p, type), "applied", "any change is applied on a STOPPED fleet");
      });
    }
  }
});
