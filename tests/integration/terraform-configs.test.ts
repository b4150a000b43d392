/**
 * Configurations that Terraform's aws_appstream_fleet acceptance tests (and so @pulumi/aws's
 * appstream.Fleet, which bridges it) apply, written with the same argument names, mean the same
 * here: they pass check, create the fleet AWS would get from Terraform, and leave no perpetual
 * diff. Among them the "empty domain join" case: domain_join_info with empty strings, and with
 * absent (null) members, which Terraform's expand turns into no domain join at all.
 * (Configs from terraform-provider-aws internal/service/appstream/fleet_test.go; subnets stand in
 * for the aws_subnet resources.)
 */
import { strict as assert } from "assert";
import { DescribeFleetsCommand } from "@aws-sdk/client-appstream";
import { provider, Stack } from "../support/engine-stand-in";
import { useHarness } from "../support/harness";

const SAMPLE = "Amazon-AppStream2-Sample-Image-02-04-2019";
const SUBNETS = ["subnet-0a1", "subnet-0b2"];

/** testAccFleetConfig_* as Fleet arguments (snake_case -> camelCase, blocks -> objects). */
const CONFIGS: Record<string, Record<string, unknown>> = {
  basic: { name: "tf-basic", imageName: SAMPLE, instanceType: "stream.standard.small", computeCapacity: { desiredInstances: 1 } },
  complete: {
    name: "tf-complete",
    imageArn: `arn:aws:appstream:us-east-1::image/${SAMPLE}`,
    computeCapacity: { desiredInstances: 1 },
    description: "Description of a test",
    idleDisconnectTimeoutInSeconds: 70,
    enableDefaultInternetAccess: false,
    fleetType: "ON_DEMAND",
    instanceType: "stream.standard.small",
    maxUserDurationInSeconds: 1000,
    streamView: "DESKTOP",
    vpcConfig: { subnetIds: SUBNETS },
  },
  tags: {
    name: "tf-tags",
    imageName: SAMPLE,
    computeCapacity: { desiredInstances: 1 },
    description: "Description of a test",
    displayName: "display name of a test",
    idleDisconnectTimeoutInSeconds: 70,
    enableDefaultInternetAccess: false,
    fleetType: "ON_DEMAND",
    instanceType: "stream.standard.small",
    maxUserDurationInSeconds: 1000,
    tags: { Key: "value" },
    vpcConfig: { subnetIds: SUBNETS },
  },
  "emptyDomainJoin (\"\")": {
    name: "tf-empty-dj",
    imageName: SAMPLE,
    instanceType: "stream.standard.small",
    computeCapacity: { desiredInstances: 1 },
    domainJoinInfo: { directoryName: "", organizationalUnitDistinguishedName: "" },
  },
  "emptyDomainJoin (null)": {
    name: "tf-null-dj",
    imageName: SAMPLE,
    instanceType: "stream.standard.small",
    computeCapacity: { desiredInstances: 1 },
    domainJoinInfo: { directoryName: undefined, organizationalUnitDistinguishedName: undefined },
  },
};

describe("Terraform's aws_appstream_fleet configurations mean the same here", function () {
  this.timeout(60000);
  const h = useHarness();
  beforeEach(async () => {
    await h.control.addImages([{ Name: SAMPLE, Platform: "WINDOWS_SERVER_2019", State: "AVAILABLE", Visibility: "PUBLIC" }]);
  });

  for (const [title, config] of Object.entries(CONFIGS)) {
    it(`${title}: check passes, the fleet is created RUNNING as configured, and the next preview shows no change`, async () => {
      const stack = new Stack();
      await stack.up(config);
      const fleet = (await h.client.send(new DescribeFleetsCommand({ Names: [config.name as string] }))).Fleets![0];
      assert.equal(fleet.State, "RUNNING");
      assert.equal(fleet.InstanceType, config.instanceType);
      assert.equal(fleet.ImageName, SAMPLE);
      assert.equal(fleet.DomainJoinInfo, undefined, "an empty domain join sends no DomainJoinInfo");
      if (config.streamView) assert.equal(fleet.StreamView, config.streamView);
      if (config.vpcConfig) assert.deepEqual(fleet.VpcConfig?.SubnetIds, SUBNETS);
      if (config.idleDisconnectTimeoutInSeconds) assert.equal(fleet.IdleDisconnectTimeoutInSeconds, 70);
      const checked = await provider.check(stack.inputs!, { __resourceName: "web", ...config });
      assert.deepEqual(checked.failures ?? [], []);
      assert.equal((await provider.diff(stack.id!, stack.outputs, checked.inputs)).changes, false, "no perpetual diff");
    });
  }
});
