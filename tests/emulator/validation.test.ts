/**
 * CreateFleet validation, rule by rule: each case breaks exactly one rule and must get the
 * service's error code, and no fleet may exist afterwards (validation precedes any change).
 */
import { strict as assert } from "node:assert";
import type { CreateFleetCommandInput } from "@aws-sdk/client-appstream";
import { createFleet, elasticInput, expectAwsError, fleetInput, rawCall, useEmulator } from "../support/emulator";

type Input = CreateFleetCommandInput;
interface Case {
  rule: string;
  input: Input;
  code: string;
  message: RegExp;
}

const long = (n: number): string => "x".repeat(n);
const tags = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, "v"]));
const without = (input: Input, key: keyof Input): Input => {
  const copy = { ...input };
  delete copy[key];
  return copy;
};

const VALIDATION: Case[] = [
  { rule: "name pattern", input: fleetInput("-bad"), code: "ValidationException", message: /Value '-bad' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern/ },
  { rule: "name longer than 101", input: fleetInput(`a${long(101)}`), code: "ValidationException", message: /at 'name'/ },
  { rule: "name required", input: without(fleetInput("f"), "Name"), code: "ValidationException", message: /Value null at 'name' failed to satisfy constraint: Member must not be null/ },
  { rule: "instance type required", input: without(fleetInput("f"), "InstanceType"), code: "ValidationException", message: /at 'instanceType'.*must not be null/ },
  { rule: "instance type list", input: fleetInput("f", { InstanceType: "stream.standard.huge" }), code: "ValidationException", message: /at 'instanceType'/ },
  { rule: "fleet type enum", input: fleetInput("f", { FleetType: "SPOT" as Input["FleetType"] }), code: "ValidationException", message: /at 'fleetType'.*enum value set: \[ALWAYS_ON, ON_DEMAND, ELASTIC\]/ },
  { rule: "stream view enum", input: fleetInput("f", { StreamView: "FULL" as Input["StreamView"] }), code: "ValidationException", message: /at 'streamView'/ },
  { rule: "platform enum", input: fleetInput("f", { Platform: "MSDOS" as Input["Platform"] }), code: "ValidationException", message: /at 'platform'/ },
  { rule: "display name <= 100", input: fleetInput("f", { DisplayName: long(101) }), code: "ValidationException", message: /at 'displayName'.*less than or equal to 100/ },
  { rule: "description <= 256", input: fleetInput("f", { Description: long(257) }), code: "ValidationException", message: /at 'description'.*less than or equal to 256/ },
  { rule: "max user duration >= 600", input: fleetInput("f", { MaxUserDurationInSeconds: 599 }), code: "ValidationException", message: /at 'maxUserDurationInSeconds'.*greater than or equal to 600/ },
  { rule: "max user duration <= 432000", input: fleetInput("f", { MaxUserDurationInSeconds: 432001 }), code: "ValidationException", message: /less than or equal to 432000/ },
  { rule: "disconnect timeout >= 60", input: fleetInput("f", { DisconnectTimeoutInSeconds: 59 }), code: "ValidationException", message: /at 'disconnectTimeoutInSeconds'/ },
  { rule: "disconnect timeout <= 36000", input: fleetInput("f", { DisconnectTimeoutInSeconds: 36001 }), code: "ValidationException", message: /at 'disconnectTimeoutInSeconds'/ },
  { rule: "idle timeout 0 or >= 60", input: fleetInput("f", { IdleDisconnectTimeoutInSeconds: 30 }), code: "ValidationException", message: /at 'idleDisconnectTimeoutInSeconds'/ },
  { rule: "idle timeout <= 36000", input: fleetInput("f", { IdleDisconnectTimeoutInSeconds: 36001 }), code: "ValidationException", message: /at 'idleDisconnectTimeoutInSeconds'/ },
  { rule: "desired instances >= 0", input: fleetInput("f", { ComputeCapacity: { DesiredInstances: -1 } }), code: "ValidationException", message: /at 'computeCapacity.desiredInstances'/ },
  { rule: "security groups <= 5", input: fleetInput("f", { VpcConfig: { SubnetIds: ["s"], SecurityGroupIds: ["1", "2", "3", "4", "5", "6"] } }), code: "ValidationException", message: /at 'vpcConfig.securityGroupIds'.*less than or equal to 5/ },
  { rule: "root volume >= 200", input: fleetInput("f", { RootVolumeConfig: { VolumeSizeInGb: 199 } }), code: "ValidationException", message: /at 'rootVolumeConfig.volumeSizeInGb'/ },
  { rule: "root volume <= 500", input: fleetInput("f", { RootVolumeConfig: { VolumeSizeInGb: 501 } }), code: "ValidationException", message: /at 'rootVolumeConfig.volumeSizeInGb'/ },
  { rule: "tag key not aws:", input: fleetInput("f", { Tags: { "aws:owner": "x" } }), code: "ValidationException", message: /at 'tags.aws:owner.key'/ },
  { rule: "tag key <= 128", input: fleetInput("f", { Tags: { [long(129)]: "x" } }), code: "ValidationException", message: /less than or equal to 128/ },
  { rule: "tag value <= 256", input: fleetInput("f", { Tags: { k: long(257) } }), code: "ValidationException", message: /less than or equal to 256/ },
  { rule: "at most 50 tags", input: fleetInput("f", { Tags: tags(51) }), code: "ValidationException", message: /at 'tags'.*less than or equal to 50/ },
  { rule: "image ARN pattern", input: fleetInput("f", { ImageName: undefined, ImageArn: "not-an-arn" }), code: "ValidationException", message: /at 'imageArn'/ },
  { rule: "IAM role ARN pattern", input: fleetInput("f", { IamRoleArn: "role" }), code: "ValidationException", message: /at 'iamRoleArn'/ },
  { rule: "S3 bucket 3..63 lower case", input: elasticInput("f", { SessionScriptS3Location: { S3Bucket: "AB" } }), code: "ValidationException", message: /at 'sessionScriptS3Location.s3Bucket'/ },
  { rule: "USB filter pattern", input: fleetInput("f", { UsbDeviceFilterStrings: ["not a filter"] }), code: "ValidationException", message: /at 'usbDeviceFilterStrings.1.member'/ },
  { rule: "all violations in one answer", input: fleetInput("-bad", { Description: long(300) }), code: "ValidationException", message: /^2 validation errors detected: .*'name'.*; .*'description'/ },
];

const COMBINATION: Case[] = [
  { rule: "not both ImageName and ImageArn", input: fleetInput("f", { ImageArn: "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024" }), code: "InvalidParameterCombinationException", message: /either ImageName or ImageArn/ },
  { rule: "an image for ALWAYS_ON", input: fleetInput("f", { ImageName: undefined }), code: "InvalidParameterCombinationException", message: /ImageName or ImageArn must be specified/ },
  { rule: "ComputeCapacity for ALWAYS_ON", input: fleetInput("f", { ComputeCapacity: undefined }), code: "InvalidParameterCombinationException", message: /ComputeCapacity is required/ },
  { rule: "not both DesiredInstances and DesiredSessions", input: fleetInput("f", { ComputeCapacity: { DesiredInstances: 1, DesiredSessions: 2 }, MaxSessionsPerInstance: 2 }), code: "InvalidParameterCombinationException", message: /exactly one of DesiredInstances or DesiredSessions/ },
  { rule: "one of DesiredInstances and DesiredSessions", input: fleetInput("f", { ComputeCapacity: {} }), code: "InvalidParameterCombinationException", message: /exactly one/ },
  { rule: "DesiredSessions needs MaxSessionsPerInstance", input: fleetInput("f", { ComputeCapacity: { DesiredSessions: 4 } }), code: "InvalidParameterCombinationException", message: /multi-session/ },
  { rule: "MaxConcurrentSessions only for ELASTIC", input: fleetInput("f", { MaxConcurrentSessions: 3 }), code: "InvalidParameterCombinationException", message: /only allowed for Elastic/ },
  { rule: "SessionScriptS3Location only for ELASTIC", input: fleetInput("f", { SessionScriptS3Location: { S3Bucket: "bucket", S3Key: "k.zip" } }), code: "InvalidParameterCombinationException", message: /only supported for Elastic/ },
  { rule: "idle below disconnect", input: fleetInput("f", { IdleDisconnectTimeoutInSeconds: 900, DisconnectTimeoutInSeconds: 900 }), code: "InvalidParameterCombinationException", message: /less than DisconnectTimeoutInSeconds/ },
  { rule: "ELASTIC: no ComputeCapacity", input: elasticInput("f", { ComputeCapacity: { DesiredInstances: 1 } }), code: "InvalidParameterCombinationException", message: /not allowed for Elastic/ },
  { rule: "ELASTIC: MaxConcurrentSessions", input: elasticInput("f", { MaxConcurrentSessions: undefined }), code: "InvalidParameterCombinationException", message: /MaxConcurrentSessions is required/ },
  { rule: "ELASTIC: two subnets", input: elasticInput("f", { VpcConfig: { SubnetIds: ["subnet-a"] } }), code: "InvalidParameterCombinationException", message: /at least two subnets/ },
  { rule: "ELASTIC: VpcConfig", input: elasticInput("f", { VpcConfig: undefined }), code: "InvalidParameterCombinationException", message: /at least two subnets/ },
  { rule: "ELASTIC: platform", input: elasticInput("f", { Platform: "WINDOWS_SERVER_2022" }), code: "InvalidParameterCombinationException", message: /platforms WINDOWS_SERVER_2019, AMAZON_LINUX2, UBUNTU_PRO_2404/ },
  { rule: "ELASTIC: stream.standard only", input: elasticInput("f", { InstanceType: "stream.compute.large" }), code: "InvalidParameterCombinationException", message: /stream.standard/ },
  { rule: "ELASTIC: no DomainJoinInfo", input: elasticInput("f", { DomainJoinInfo: { DirectoryName: "corp.example.com" } }), code: "InvalidParameterCombinationException", message: /DomainJoinInfo/ },
  { rule: "ELASTIC: no MaxSessionsPerInstance", input: elasticInput("f", { MaxSessionsPerInstance: 2 }), code: "InvalidParameterCombinationException", message: /MaxSessionsPerInstance/ },
];

const IMAGES: Case[] = [
  { rule: "image name exists", input: fleetInput("f", { ImageName: "no-such-image" }), code: "ResourceNotFoundException", message: /no-such-image/ },
  { rule: "image ARN exists", input: fleetInput("f", { ImageName: undefined, ImageArn: "arn:aws:appstream:us-east-1::image/nope" }), code: "ResourceNotFoundException", message: /nope/ },
  { rule: "image AVAILABLE (PENDING)", input: fleetInput("f", { ImageName: "company-apps-2025-04" }), code: "ResourceNotAvailableException", message: /PENDING/ },
  { rule: "image AVAILABLE (FAILED)", input: fleetInput("f", { ImageName: "company-apps-2025-02" }), code: "ResourceNotAvailableException", message: /FAILED/ },
  { rule: "image AVAILABLE (DELETING)", input: fleetInput("f", { ImageName: "company-apps-2024-12" }), code: "ResourceNotAvailableException", message: /DELETING/ },
];

describe("emulator: CreateFleet validation", () => {
  const h = useEmulator();

  for (const [group, cases] of [["ValidationException", VALIDATION], ["combination", COMBINATION], ["image", IMAGES]] as const) {
    describe(group, () => {
      for (const c of cases) {
        it(`${c.rule} -> ${c.code}`, async () => {
          await expectAwsError(createFleet(h.client, c.input), c.code, c.message);
          assert.equal((await h.control.fleets()).length, 0, "a refused CreateFleet must not create");
        });
      }
    });
  }

  describe("accepted edge values", () => {
    const ok: [string, CreateFleetCommandInput][] = [
      ["idle timeout 0", fleetInput("f", { IdleDisconnectTimeoutInSeconds: 0 })],
      ["idle 60 below disconnect 120", fleetInput("f", { IdleDisconnectTimeoutInSeconds: 60, DisconnectTimeoutInSeconds: 120 })],
      ["limits 600 / 432000 / 36000 / 200 / 500", fleetInput("f", { MaxUserDurationInSeconds: 432000, DisconnectTimeoutInSeconds: 36000 })],
      ["root volume 500", fleetInput("f", { RootVolumeConfig: { VolumeSizeInGb: 500 } })],
      ["name of 101 characters", fleetInput(`a${long(100)}`)],
      ["50 tags", fleetInput("f", { Tags: tags(50) })],
      ["5 security groups", fleetInput("f", { VpcConfig: { SubnetIds: ["s"], SecurityGroupIds: ["1", "2", "3", "4", "5"] } })],
      ["private image by ARN", fleetInput("f", { ImageName: undefined, ImageArn: "arn:aws:appstream:us-east-1:123456789012:image/company-apps-2025-03" })],
      ["shared image", fleetInput("f", { ImageName: "partner-cad-suite-2025-01" })],
      ["multi-session with DesiredSessions", fleetInput("f", { ComputeCapacity: { DesiredSessions: 4 }, MaxSessionsPerInstance: 2 })],
      ["ELASTIC without an image", elasticInput("f")],
      ["ELASTIC with a session script and USB filters", elasticInput("f", { SessionScriptS3Location: { S3Bucket: "my-bucket", S3Key: "s.zip" }, UsbDeviceFilterStrings: ["Wacom, 056A, *, *, *, *, 0, 0"] })],
      ["ON_DEMAND by default", { Name: "f", InstanceType: "stream.standard.small", ImageName: "AppStream-AmazonLinux2-06-17-2024", ComputeCapacity: { DesiredInstances: 1 } }],
    ];
    for (const [label, input] of ok) {
      it(label, async () => {
        await createFleet(h.client, input);
        assert.equal((await h.control.fleets()).length, 1);
      });
    }
  });

  it("answers a wrongly typed member with SerializationException", async () => {
    const res = await rawCall(h.emulator.url, "CreateFleet", {
      ...fleetInput("f"),
      ComputeCapacity: { DesiredInstances: "2" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, "SerializationException");
    assert.match(String(res.json.message), /DesiredInstances/);
  });

  it("says what was sent when it cannot deserialize a member (its JSON type and value)", async () => {
    const names = await rawCall(h.emulator.url, "DescribeFleets", JSON.stringify({ Names: [1, 2] }));
    assert.equal(names.status, 400);
    assert.equal(names.json.__type, "SerializationException");
    assert.equal(names.json.message, "Cannot deserialize input.Names[0]: expected a string, got a number (1)");
    const cases: [unknown, RegExp][] = [
      [2 ** 31, /ComputeCapacity\.DesiredInstances: expected a 32-bit integer, got 2147483648, out of the 32-bit range$/],
      [1.5, /ComputeCapacity\.DesiredInstances: expected a 32-bit integer, got a fractional number \(1\.5\)$/],
      [true, /ComputeCapacity\.DesiredInstances: expected a 32-bit integer, got a boolean \(true\)$/],
      [[1], /ComputeCapacity\.DesiredInstances: expected a 32-bit integer, got a list$/],
    ];
    for (const [value, message] of cases) {
      const res = await rawCall(h.emulator.url, "CreateFleet", { ...fleetInput("f"), ComputeCapacity: { DesiredInstances: value } });
      assert.equal(res.json.__type, "SerializationException", JSON.stringify(value));
      assert.match(String(res.json.message), message);
    }
  });

  it("ignores members it does not know", async () => {
    const res = await rawCall(h.emulator.url, "CreateFleet", { ...fleetInput("f"), Bogus: 1 });
    assert.equal(res.status, 200);
    assert.equal((res.json.Fleet as Record<string, unknown>).Bogus, undefined);
  });
});
