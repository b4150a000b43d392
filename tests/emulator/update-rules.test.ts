/**
 * UpdateFleet by state and fleet type, as a table. The expected live-updatable sets are written
 * here from the API reference, independently of the emulator's own table.
 */
import { strict as assert } from "node:assert";
import {
  DescribeFleetsCommand,
  StartFleetCommand,
  StopFleetCommand,
  UpdateFleetCommand,
  type CreateFleetCommandInput,
  type UpdateFleetCommandInput,
} from "@aws-sdk/client-appstream";
import { WS2019, createFleet, elasticInput, expectAwsError, fleetInput, useEmulator } from "../support/emulator";
import { waitForState } from "../support/harness";

type Change = Omit<UpdateFleetCommandInput, "Name">;

/** API reference, UpdateFleet: what may change while the fleet is RUNNING. */
const LIVE = {
  ALWAYS_ON: ["DisplayName", "ComputeCapacity", "ImageName", "ImageArn", "IdleDisconnectTimeoutInSeconds", "DisconnectTimeoutInSeconds"],
  ON_DEMAND: ["DisplayName", "ComputeCapacity", "ImageName", "ImageArn", "IdleDisconnectTimeoutInSeconds", "DisconnectTimeoutInSeconds"],
  ELASTIC: ["DisplayName", "IdleDisconnectTimeoutInSeconds", "DisconnectTimeoutInSeconds", "MaxConcurrentSessions", "SessionScriptS3Location", "UsbDeviceFilterStrings"],
} as const;

const USB = "Wacom, 056A, *, *, *, *, 0, 0";
const COMMON: Record<string, Change> = {
  DisplayName: { DisplayName: "renamed" },
  ImageName: { ImageName: "AppStream-WinServer2019-01-12-2025" },
  ImageArn: { ImageArn: "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-03-11-2025" },
  IdleDisconnectTimeoutInSeconds: { IdleDisconnectTimeoutInSeconds: 120 },
  DisconnectTimeoutInSeconds: { DisconnectTimeoutInSeconds: 1200 },
  InstanceType: { InstanceType: "stream.standard.large" },
  VpcConfig: { VpcConfig: { SubnetIds: ["subnet-x", "subnet-y"] } },
  MaxUserDurationInSeconds: { MaxUserDurationInSeconds: 7200 },
  Description: { Description: "new description" },
  EnableDefaultInternetAccess: { EnableDefaultInternetAccess: true },
  IamRoleArn: { IamRoleArn: "arn:aws:iam::123456789012:role/new" },
  StreamView: { StreamView: "DESKTOP" },
  UsbDeviceFilterStrings: { UsbDeviceFilterStrings: [USB] },
  RootVolumeConfig: { RootVolumeConfig: { VolumeSizeInGb: 300 } },
  DisableIMDSV1: { DisableIMDSV1: true },
  "AttributesToDelete IAM_ROLE_ARN": { AttributesToDelete: ["IAM_ROLE_ARN"] },
  "AttributesToDelete VPC_CONFIGURATION_SECURITY_GROUP_IDS": { AttributesToDelete: ["VPC_CONFIGURATION_SECURITY_GROUP_IDS"] },
};
const INSTANCE_ONLY: Record<string, Change> = {
  ComputeCapacity: { ComputeCapacity: { DesiredInstances: 4 } },
  DomainJoinInfo: { DomainJoinInfo: { DirectoryName: "corp.example.com", OrganizationalUnitDistinguishedName: "OU=a" } },
  Platform: { Platform: "WINDOWS_SERVER_2022" },
  MaxSessionsPerInstance: { MaxSessionsPerInstance: 4 },
  "DeleteVpcConfig (deprecated)": { DeleteVpcConfig: true },
  "AttributesToDelete VPC_CONFIGURATION": { AttributesToDelete: ["VPC_CONFIGURATION"] },
};
const ELASTIC_ONLY: Record<string, Change> = {
  MaxConcurrentSessions: { MaxConcurrentSessions: 9 },
  SessionScriptS3Location: { SessionScriptS3Location: { S3Bucket: "scripts-bucket", S3Key: "new.zip" } },
  Platform: { Platform: "AMAZON_LINUX2" },
  "AttributesToDelete USB_DEVICE_FILTER_STRINGS": { AttributesToDelete: ["USB_DEVICE_FILTER_STRINGS"] },
  "AttributesToDelete SESSION_SCRIPT_S3_LOCATION": { AttributesToDelete: ["SESSION_SCRIPT_S3_LOCATION"] },
};

/** The member each deletion switch removes (API reference, FleetAttribute). */
const REMOVES: Record<string, string> = {
  "AttributesToDelete IAM_ROLE_ARN": "IamRoleArn",
  "AttributesToDelete VPC_CONFIGURATION_SECURITY_GROUP_IDS": "VpcConfig",
  "AttributesToDelete VPC_CONFIGURATION": "VpcConfig",
  "DeleteVpcConfig (deprecated)": "VpcConfig",
  "AttributesToDelete USB_DEVICE_FILTER_STRINGS": "UsbDeviceFilterStrings",
  "AttributesToDelete SESSION_SCRIPT_S3_LOCATION": "SessionScriptS3Location",
};

const BASE: Record<keyof typeof LIVE, CreateFleetCommandInput> = {
  ALWAYS_ON: fleetInput("f1", {
    VpcConfig: { SubnetIds: ["subnet-a"], SecurityGroupIds: ["sg-1"] },
    IamRoleArn: "arn:aws:iam::123456789012:role/old",
  }),
  ON_DEMAND: fleetInput("f1", {
    FleetType: "ON_DEMAND",
    VpcConfig: { SubnetIds: ["subnet-a"], SecurityGroupIds: ["sg-1"] },
    IamRoleArn: "arn:aws:iam::123456789012:role/old",
  }),
  ELASTIC: elasticInput("f1", {
    ImageName: WS2019,
    VpcConfig: { SubnetIds: ["subnet-a", "subnet-b"], SecurityGroupIds: ["sg-1"] },
    IamRoleArn: "arn:aws:iam::123456789012:role/old",
    SessionScriptS3Location: { S3Bucket: "scripts-bucket", S3Key: "old.zip" },
    UsbDeviceFilterStrings: ["Old, 0001, *, *, *, *, 0, 0"],
  }),
};

const ACTIVE_MESSAGE =
  /^Cannot update the attribute for fleet f1 when it is ACTIVE\. The fleet must be stopped to complete this action\.$/;

describe("emulator: UpdateFleet rules by state and fleet type", () => {
  const h = useEmulator();
  const update = (change: Change) => h.client.send(new UpdateFleetCommand({ Name: "f1", ...change }));
  const fleet = async () => (await h.client.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.[0];
  const runFleet = async (input: CreateFleetCommandInput) => {
    await h.control.config({ startDelaySeconds: 0 });
    await createFleet(h.client, input);
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await waitForState(h.control, "f1", "RUNNING");
  };

  for (const type of ["ALWAYS_ON", "ON_DEMAND", "ELASTIC"] as const) {
    const changes = { ...COMMON, ...(type === "ELASTIC" ? ELASTIC_ONLY : INSTANCE_ONLY) };
    describe(`${type} RUNNING`, () => {
      for (const [label, change] of Object.entries(changes)) {
        const member = REMOVES[label] ?? label;
        const allowed = (LIVE[type] as readonly string[]).includes(member);
        it(`${label}: ${allowed ? "applied live" : "ResourceInUseException"}`, async () => {
          await runFleet(BASE[type]);
          const before = await fleet();
          if (allowed) {
            await update(change);
            assert.equal((await fleet())?.State, "RUNNING");
          } else {
            await expectAwsError(update(change), "ResourceInUseException", ACTIVE_MESSAGE);
            assert.deepEqual(await fleet(), before, "a refused update must not change the fleet");
          }
        });
      }
    });
    describe(`${type} STOPPED`, () => {
      for (const [label, change] of Object.entries(changes)) {
        it(`${label}: applied`, async () => {
          await createFleet(h.client, BASE[type]);
          await update(change);
        });
      }
    });
  }

  describe("STARTING / STOPPING", () => {
    it("refuses any update while STARTING, naming the state", async () => {
      await h.control.config({ startDelaySeconds: 30 });
      await createFleet(h.client, BASE.ALWAYS_ON);
      await h.client.send(new StartFleetCommand({ Name: "f1" }));
      await expectAwsError(update({ DisplayName: "x" }), "ResourceInUseException", /STARTING/);
    });
    it("refuses any update while STOPPING, naming the state", async () => {
      await runFleet(BASE.ALWAYS_ON);
      await h.control.config({ stopDelaySeconds: 30 });
      await h.client.send(new StopFleetCommand({ Name: "f1" }));
      await expectAwsError(update({ DisplayName: "x" }), "ResourceInUseException", /STOPPING/);
    });
  });

  describe("what counts as a change", () => {
    it("accepts members sent with their current values on a RUNNING fleet", async () => {
      await runFleet(BASE.ALWAYS_ON);
      await update({
        InstanceType: "stream.standard.medium",
        VpcConfig: { SubnetIds: ["subnet-a"], SecurityGroupIds: ["sg-1"] },
        IamRoleArn: "arn:aws:iam::123456789012:role/old",
        ImageArn: `arn:aws:appstream:us-east-1::image/${WS2019}`,
        DisplayName: "live change",
      });
      assert.equal((await fleet())?.DisplayName, "live change");
    });
    it("refuses a mix of live and stop-only changes as a whole", async () => {
      await runFleet(BASE.ALWAYS_ON);
      await expectAwsError(update({ DisplayName: "new", InstanceType: "stream.standard.large" }), "ResourceInUseException");
      assert.equal((await fleet())?.DisplayName, undefined);
    });
    it("reflects a live ComputeCapacity change in ComputeCapacityStatus", async () => {
      await runFleet(BASE.ALWAYS_ON);
      await update({ ComputeCapacity: { DesiredInstances: 5 } });
      assert.deepEqual((await fleet())?.ComputeCapacityStatus, { Desired: 5, Running: 5, InUse: 0, Available: 5 });
    });
  });

  describe("applying updates on a STOPPED fleet", () => {
    beforeEach(async () => createFleet(h.client, BASE.ALWAYS_ON));

    it("changes the image by name, keeping ImageName and ImageArn consistent", async () => {
      await update({ ImageName: "AppStream-WinServer2022-01-12-2025" });
      const f = await fleet();
      assert.equal(f?.ImageName, "AppStream-WinServer2022-01-12-2025");
      assert.equal(f?.ImageArn, "arn:aws:appstream:us-east-1::image/AppStream-WinServer2022-01-12-2025");
    });
    it("merges VpcConfig per member and drops security groups alone", async () => {
      await update({ VpcConfig: { SubnetIds: ["subnet-z"] } });
      assert.deepEqual((await fleet())?.VpcConfig, { SubnetIds: ["subnet-z"], SecurityGroupIds: ["sg-1"] });
      await update({ AttributesToDelete: ["VPC_CONFIGURATION_SECURITY_GROUP_IDS"] });
      assert.deepEqual((await fleet())?.VpcConfig, { SubnetIds: ["subnet-z"] });
    });
    it("removes attributes with AttributesToDelete and DeleteVpcConfig", async () => {
      await update({ AttributesToDelete: ["IAM_ROLE_ARN"] });
      assert.equal((await fleet())?.IamRoleArn, undefined);
      await update({ DeleteVpcConfig: true });
      assert.equal((await fleet())?.VpcConfig, undefined);
    });
    it("leaves omitted members unchanged", async () => {
      await update({ Description: "d" });
      const f = await fleet();
      assert.equal(f?.IamRoleArn, "arn:aws:iam::123456789012:role/old");
      assert.equal(f?.Description, "d");
    });
    it("validates the fleet as the update would leave it", async () => {
      await update({ DisconnectTimeoutInSeconds: 300 });
      await expectAwsError(update({ IdleDisconnectTimeoutInSeconds: 600 }), "InvalidParameterCombinationException");
      await expectAwsError(update({ ComputeCapacity: { DesiredSessions: 3 } }), "InvalidParameterCombinationException");
      await expectAwsError(update({ MaxUserDurationInSeconds: 10 }), "ValidationException", /maxUserDurationInSeconds/);
      await expectAwsError(update({ ImageName: "no-such-image" }), "ResourceNotFoundException");
      await expectAwsError(update({ ImageName: "company-apps-2025-04" }), "ResourceNotAvailableException");
      await expectAwsError(update({ ImageName: WS2019, ImageArn: `arn:aws:appstream:us-east-1::image/${WS2019}` }), "InvalidParameterCombinationException");
      await expectAwsError(update({ AttributesToDelete: ["NOT_AN_ATTRIBUTE" as "IAM_ROLE_ARN"] }), "ValidationException");
      assert.equal((await fleet())?.DisconnectTimeoutInSeconds, 300);
    });
    it("refuses removing an ELASTIC fleet's VPC", async () => {
      await createFleet(h.client, elasticInput("e1"));
      await expectAwsError(
        h.client.send(new UpdateFleetCommand({ Name: "e1", AttributesToDelete: ["VPC_CONFIGURATION"] })),
        "InvalidParameterCombinationException",
      );
    });
    it("answers ResourceNotFoundException for an unknown fleet and ValidationException without Name", async () => {
      await expectAwsError(h.client.send(new UpdateFleetCommand({ Name: "nope", DisplayName: "x" })), "ResourceNotFoundException");
      await expectAwsError(h.client.send(new UpdateFleetCommand({ DisplayName: "x" })), "ValidationException", /'name'/);
    });
  });
});
