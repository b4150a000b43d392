import { strict as assert } from "assert";
import { OldState } from "../../provider/fleet/diff";
import { diffFleet, planUpdate, Step } from "../../provider/fleet/plan";
import { MANAGED_PROPERTIES, runningChangeMode } from "../../provider/fleet/properties";
import { FleetInputs, FleetType } from "../../provider/fleet/types";

/** Stored outputs of a running fleet of each type, as flattenFleet would write them. */
function olds(fleetType: FleetType, state: "RUNNING" | "STOPPED" = "RUNNING"): OldState {
  const common: OldState = {
    name: "f1",
    arn: "arn:aws:appstream:us-east-1:123456789012:fleet/f1",
    imageName: "img-a",
    imageArn: "arn:aws:appstream:us-east-1:123456789012:image/img-a",
    instanceType: "stream.standard.medium",
    fleetType,
    maxUserDurationInSeconds: 57600,
    disconnectTimeoutInSeconds: 900,
    idleDisconnectTimeoutInSeconds: 0,
    displayName: "Fleet one",
    description: "first",
    enableDefaultInternetAccess: false,
    streamView: "APP",
    vpcConfig: { subnetIds: ["subnet-a", "subnet-b"], securityGroupIds: ["sg-1"] },
    tags: { team: "vdi", env: "dev" },
    state,
    desiredState: state,
    updateStrategy: "stopStart",
  };
  return fleetType === "ELASTIC"
    ? { ...common, platform: "AMAZON_LINUX2", maxConcurrentSessions: 5, usbDeviceFilterStrings: ["Wacom, 056a, *, *, *, *, 0, 0"] }
    : { ...common, computeCapacity: { desiredInstances: 1 }, platform: "WINDOWS_SERVER_2019" };
}

/** The program that produced olds(): the inputs a user wrote. */
function program(fleetType: FleetType, desired: "RUNNING" | "STOPPED" = "RUNNING"): FleetInputs & { name: string } {
  const common = {
    name: "f1",
    imageName: "img-a",
    instanceType: "stream.standard.medium",
    fleetType,
    displayName: "Fleet one",
    description: "first",
    vpcConfig: { subnetIds: ["subnet-b", "subnet-a"], securityGroupIds: ["sg-1"] },
    tags: { env: "dev", team: "vdi" },
    desiredState: desired,
  };
  return fleetType === "ELASTIC"
    ? { ...common, platform: "AMAZON_LINUX2", maxConcurrentSessions: 5, usbDeviceFilterStrings: ["Wacom, 056a, *, *, *, *, 0, 0"] }
    : { ...common, computeCapacity: { desiredInstances: 1 } };
}

const ops = (steps: Step[]) => steps.map((s) => s.op).join(",");

/** One change per property, with a value different from olds(). */
const CHANGES: Record<string, Partial<FleetInputs>> = {
  displayName: { displayName: "Renamed" },
  disconnectTimeoutInSeconds: { disconnectTimeoutInSeconds: 1200 },
  idleDisconnectTimeoutInSeconds: { idleDisconnectTimeoutInSeconds: 300 },
  imageName: { imageName: "img-b" },
  instanceType: { instanceType: "stream.standard.large" },
  enableDefaultInternetAccess: { enableDefaultInternetAccess: true },
  vpcConfig: { vpcConfig: { subnetIds: ["subnet-c", "subnet-d"], securityGroupIds: ["sg-1"] } },
  description: { description: "second" },
  iamRoleArn: { iamRoleArn: "arn:aws:iam::123456789012:role/r" },
  streamView: { streamView: "DESKTOP" },
  maxUserDurationInSeconds: { maxUserDurationInSeconds: 7200 },
  disableImdsV1: { disableImdsV1: true },
  rootVolumeConfig: { rootVolumeConfig: { volumeSizeInGb: 300 } },
};

/** Expected steps per mode when the fleet is RUNNING and stays RUNNING. */
const EXPECTED_RUNNING = { live: "update", stopped: "stop,update,start" } as const;

describe("update plan: property change x fleet type x state", () => {
  for (const fleetType of ["ALWAYS_ON", "ON_DEMAND", "ELASTIC"] as FleetType[]) {
    for (const [prop, change] of Object.entries(CHANGES)) {
      const mode = runningChangeMode(prop as never, fleetType);
      it(`${fleetType} RUNNING, ${prop} -> ${EXPECTED_RUNNING[mode as "live" | "stopped"]}`, () => {
        const plan = planUpdate(olds(fleetType), { ...program(fleetType), ...change }, "RUNNING");
        assert.equal(ops(plan.steps), EXPECTED_RUNNING[mode as "live" | "stopped"]);
        const update = plan.steps.find((s) => s.op === "update");
        assert.ok(update && update.op === "update");
        assert.deepEqual(update.properties, [prop]);
        assert.equal(update.request.Name, "f1");
      });
      it(`${fleetType} STOPPED (kept stopped), ${prop} -> update only, never started`, () => {
        const plan = planUpdate(olds(fleetType, "STOPPED"), { ...program(fleetType, "STOPPED"), ...change }, "STOPPED");
        assert.equal(ops(plan.steps), "update");
      });
    }
  }

  it("ELASTIC: maxConcurrentSessions and usbDeviceFilterStrings are live; imageName needs a stop", () => {
    assert.equal(ops(planUpdate(olds("ELASTIC"), { ...program("ELASTIC"), maxConcurrentSessions: 9 }, "RUNNING").steps), "update");
    assert.equal(ops(planUpdate(olds("ELASTIC"), { ...program("ELASTIC"), usbDeviceFilterStrings: ["Yubi, 1050, *, *, *, *, 0, 1"] }, "RUNNING").steps), "update");
    assert.equal(ops(planUpdate(olds("ELASTIC"), { ...program("ELASTIC"), imageName: "img-b" }, "RUNNING").steps), "stop,update,start");
  });

  it("ON_DEMAND: computeCapacity is live", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), computeCapacity: { desiredInstances: 3 } }, "RUNNING");
    assert.equal(ops(plan.steps), "update");
    const u = plan.steps[0];
    assert.ok(u.op === "update");
    assert.deepEqual(u.request.ComputeCapacity, { DesiredInstances: 3 });
  });

  it("a live and a stop-forcing change together go in one UpdateFleet after the stop", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), displayName: "x", instanceType: "stream.standard.large" }, "RUNNING");
    assert.equal(ops(plan.steps), "stop,update,start");
    assert.deepEqual(plan.forcingStop, ["instanceType"]);
    const u = plan.steps[1];
    assert.ok(u.op === "update");
    assert.equal(u.request.InstanceType, "stream.standard.large");
    assert.equal(u.request.DisplayName, "x");
  });

  it("removing vpcConfig sends AttributesToDelete VPC_CONFIGURATION after a stop", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), vpcConfig: undefined }, "RUNNING");
    assert.equal(ops(plan.steps), "stop,update,start");
    const u = plan.steps[1];
    assert.ok(u.op === "update");
    assert.deepEqual(u.request.AttributesToDelete, ["VPC_CONFIGURATION"]);
    assert.equal(u.request.VpcConfig, undefined);
  });

  it("removing only the security groups sends VPC_CONFIGURATION_SECURITY_GROUP_IDS", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] } }, "STOPPED");
    const u = plan.steps[0];
    assert.ok(u.op === "update");
    assert.deepEqual(u.request.AttributesToDelete, ["VPC_CONFIGURATION_SECURITY_GROUP_IDS"]);
  });

  it("removing a setting AWS defaults (displayName) is not a change: AWS keeps its value", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), displayName: undefined }, "RUNNING");
    assert.equal(ops(plan.steps), "");
  });

  it("subnet order does not matter", () => {
    assert.equal(diffFleet(olds("ON_DEMAND"), program("ON_DEMAND")).changes, false);
  });

  it("tags-only change: UntagResource / TagResource, no UpdateFleet, no stop", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), tags: { team: "apps", owner: "me" } }, "RUNNING");
    assert.equal(ops(plan.steps), "untag,tag");
    assert.deepEqual(plan.steps[0], { op: "untag", keys: ["env"] });
    assert.deepEqual(plan.steps[1], { op: "tag", tags: { team: "apps", owner: "me" } });
  });

  it("desiredState alone starts or stops", () => {
    assert.equal(ops(planUpdate(olds("ON_DEMAND"), program("ON_DEMAND", "STOPPED"), "RUNNING").steps), "stop");
    assert.equal(ops(planUpdate(olds("ON_DEMAND", "STOPPED"), program("ON_DEMAND", "RUNNING"), "STOPPED").steps), "start");
  });

  it("a stopped fleet the user keeps stopped is never started, even for a stop-forcing change", () => {
    const plan = planUpdate(olds("ON_DEMAND", "STOPPED"), { ...program("ON_DEMAND", "STOPPED"), instanceType: "stream.standard.large" }, "STOPPED");
    assert.equal(ops(plan.steps), "update");
  });

  it("a fleet found STOPPED that should run is updated then started", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), instanceType: "stream.standard.large" }, "STOPPED");
    assert.equal(ops(plan.steps), "update,start");
  });

  it("failIfRunning refuses a stop-forcing change on a running fleet and plans nothing", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), instanceType: "stream.standard.large", updateStrategy: "failIfRunning" }, "RUNNING");
    assert.equal(plan.steps.length, 0);
    assert.match(plan.refusal ?? "", /RUNNING and instanceType can only change on a stopped fleet/);
  });

  it("failIfRunning still allows live changes", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), displayName: "x", updateStrategy: "failIfRunning" }, "RUNNING");
    assert.equal(plan.refusal, undefined);
    assert.equal(ops(plan.steps), "update");
  });

  it("drain comes before a stop when configured", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), instanceType: "stream.standard.large", drain: { timeoutSeconds: 60 } }, "RUNNING");
    assert.equal(ops(plan.steps), "drain,stop,update,start");
  });

  it("behaviour-only changes plan no AWS call", () => {
    const plan = planUpdate(olds("ON_DEMAND"), { ...program("ON_DEMAND"), timeouts: { update: "1h" } }, "RUNNING");
    assert.equal(ops(plan.steps), "");
    assert.deepEqual(plan.changes.behaviour, ["timeouts"]);
  });

  it("every managed property has a rule for every fleet type", () => {
    for (const p of MANAGED_PROPERTIES)
      for (const t of ["ALWAYS_ON", "ON_DEMAND", "ELASTIC"] as FleetType[]) assert.ok(["live", "stopped", "replace"].includes(runningChangeMode(p, t)));
  });
});

describe("diff", () => {
  it("no change right after create", () => {
    assert.deepEqual(diffFleet(olds("ON_DEMAND"), program("ON_DEMAND")), { changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("name change replaces, creating the new fleet first", () => {
    assert.deepEqual(diffFleet(olds("ON_DEMAND"), { ...program("ON_DEMAND"), name: "f2" }), { changes: true, replaces: ["name"], deleteBeforeReplace: false });
  });

  it("fleetType change replaces, deleting first because the name stays", () => {
    assert.deepEqual(diffFleet(olds("ON_DEMAND"), { ...program("ON_DEMAND"), fleetType: "ALWAYS_ON" }), { changes: true, replaces: ["fleetType"], deleteBeforeReplace: true });
  });

  it("instanceType change is an update under stopStart, a replacement under replace", () => {
    assert.deepEqual(diffFleet(olds("ON_DEMAND"), { ...program("ON_DEMAND"), instanceType: "stream.standard.large" }).replaces, []);
    assert.deepEqual(
      diffFleet(olds("ON_DEMAND"), { ...program("ON_DEMAND"), instanceType: "stream.standard.large", updateStrategy: "replace" }).replaces,
      ["instanceType"],
    );
  });

  it("replace strategy does not replace a stopped fleet: it can be updated in place", () => {
    assert.deepEqual(
      diffFleet(olds("ON_DEMAND", "STOPPED"), { ...program("ON_DEMAND", "STOPPED"), instanceType: "stream.standard.large", updateStrategy: "replace" }).replaces,
      [],
    );
  });

  it("replace strategy with a live change updates in place", () => {
    const d = diffFleet(olds("ON_DEMAND"), { ...program("ON_DEMAND"), displayName: "x", updateStrategy: "replace" });
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
  });

  it("an unknown value during preview counts as a change", () => {
    const d = diffFleet(olds("ON_DEMAND"), { ...program("ON_DEMAND"), iamRoleArn: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" });
    assert.equal(d.changes, true);
  });

  it("unset fleetType keeps the existing type", () => {
    assert.equal(diffFleet(olds("ON_DEMAND"), { ...program("ON_DEMAND"), fleetType: undefined }).changes, false);
  });
});
