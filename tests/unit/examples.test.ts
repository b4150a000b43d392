/**
 * The example programs (examples/quickstart, examples/aws-vpc) under pulumi.runtime.setMocks:
 * every resource they register is recorded (type, name, resolved inputs) and the graph is checked:
 * the fleets get the ids of the VPC resources and the role's ARN, the association links the fleet
 * and the stack, and the provider's own check() accepts every Fleet's inputs.
 *
 * The image lookups call the AppStream API over HTTP (not a Pulumi invoke), so the AppStream
 * emulator answers them, started in-process; check() also asks it whether the image exists.
 *
 * The examples import "pulumi-appstream-fleet" by name, as a user's program does; inside this
 * repo that resolves to dist/ through examples/node_modules (linkLocalPackage), so `npm run build`
 * must have run.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, DEFAULT_IMAGES, type RunningEmulator } from "../../emulator";
import { linkLocalPackage } from "../../examples/link-local-package";

const ROOT = path.resolve(__dirname, "..", "..");
const FLEET = "pulumi-nodejs:dynamic/appstream:Fleet";
const ACCOUNT = "123456789012";

interface Recorded {
  type: string;
  name: string;
  /** The inputs as the engine would receive them: every Output resolved. */
  inputs: Record<string, any>;
  id: string;
  state: Record<string, any>;
}

interface Recorder {
  resources: Recorded[];
  invokes: { token: string; inputs: any }[];
  mocks: pulumi.runtime.Mocks;
}

/** Mocks that answer like AWS would (ids by resource kind, ARNs, names) and record everything. */
function recorder(): Recorder {
  const resources: Recorded[] = [];
  const invokes: { token: string; inputs: any }[] = [];
  let n = 0;
  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      n += 1;
      const hex = n.toString(16).padStart(8, "0");
      const inputs = args.inputs as Record<string, any>;
      let id = `${args.name}-id`;
      const state: Record<string, any> = { ...inputs };
      switch (args.type) {
        case "aws:ec2/vpc:Vpc":
          id = `vpc-${hex}`;
          state.arn = `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/${id}`;
          break;
        case "aws:ec2/subnet:Subnet":
          id = `subnet-${hex}`;
          break;
        case "aws:ec2/securityGroup:SecurityGroup":
          id = `sg-${hex}`;
          break;
        case "aws:iam/role:Role":
          id = state.name ??= `${args.name}-${hex}`;
          state.arn = `arn:aws:iam::${ACCOUNT}:role/${id}`;
          break;
        case "aws:appstream/stack:Stack":
          id = state.name ??= `${args.name}-${hex}`;
          state.arn = `arn:aws:appstream:us-east-1:${ACCOUNT}:stack/${id}`;
          break;
        case "aws:appstream/fleetStackAssociation:FleetStackAssociation":
          id = `${inputs.fleetName}/${inputs.stackName}`;
          break;
        case FLEET:
          id = state.name ??= `${args.name}-${hex}`;
          state.arn = `arn:aws:appstream:us-east-1:${ACCOUNT}:fleet/${id}`;
          state.state = inputs.desiredState ?? "RUNNING";
          break;
      }
      resources.push({ type: args.type, name: args.name, inputs, id, state });
      return { id, state };
    },
    call(args) {
      invokes.push({ token: args.token, inputs: args.inputs });
      if (args.token === "aws:index/getAvailabilityZones:getAvailabilityZones") {
        return { id: "us-east-1", names: ["us-east-1a", "us-east-1b", "us-east-1c"], zoneIds: ["use1-az1", "use1-az2", "use1-az4"] };
      }
      throw new Error(`unexpected invoke ${args.token}`);
    },
  };
  return { resources, invokes, mocks };
}

/** The value of an Output (known under these mocks, which run as an update, not a preview). */
function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

/** Every Output of an outputs object, resolved. */
async function resolveAll(outs: object): Promise<Record<string, any>> {
  const entries = await Promise.all(Object.entries(outs).map(async ([k, o]) => [k, await value(o as pulumi.Output<unknown>)] as const));
  return Object.fromEntries(entries);
}

// The programs, loaded with require() after linkLocalPackage(): a type import would make the
// root `tsc -p tsconfig.json` compile the examples, which resolve "pulumi-appstream-fleet" only
// through that link (examples/tsconfig.json type-checks them, with a path mapping instead).
type Outputs = Record<string, pulumi.Output<any>>;
type QuickstartFn = (cfg: { name?: string; instanceType?: string; desiredState?: "RUNNING" | "STOPPED"; region?: string }) => Outputs;
type AwsVpcFn = (cfg?: {
  namePrefix?: string;
  vpcCidr?: string;
  availabilityZones?: string[];
  imageName?: string;
  fleetType?: "ON_DEMAND" | "ALWAYS_ON";
  desiredInstances?: number;
  maxInstances?: number;
  maxConcurrentSessions?: number;
  desiredState?: "RUNNING" | "STOPPED";
}) => Outputs;

/** Waits until `pred` holds for the recorded resources (registrations finish after outputs resolve). */
async function waitFor(rec: Recorder, what: string, pred: (r: Recorded[]) => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!pred(rec.resources)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; registered: ${rec.resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function only(rec: Recorder, type: string, name?: string): Recorded {
  const found = rec.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, got ${found.length}`);
  return found[0];
}

/** The provider's own check() on a recorded Fleet's inputs, as the engine would run it. */
async function providerCheck(fleet: Recorded): Promise<{ property: string; reason: string }[]> {
  const { FleetProvider } = require("pulumi-appstream-fleet");
  const { __provider, ...inputs } = fleet.inputs;
  const res = await new FleetProvider().check({}, inputs);
  return res.failures ?? [];
}

/** The newest AVAILABLE image of the emulator's catalogue whose name matches and that passes `keep`. */
function newestImage(re: RegExp, keep: (i: (typeof DEFAULT_IMAGES)[number]) => boolean = () => true): string {
  const matches = DEFAULT_IMAGES.filter((i) => re.test(i.Name) && i.State === "AVAILABLE" && keep(i));
  assert.ok(matches.length > 1, `the emulator's catalogue should hold several images matching ${re}`);
  return matches.reduce((a, b) => ((b.CreatedTime ?? 0) > (a.CreatedTime ?? 0) ? b : a)).Name;
}

function projectName(dir: string): string {
  const m = /^name:\s*(\S+)\s*$/m.exec(fs.readFileSync(path.join(ROOT, "examples", dir, "Pulumi.yaml"), "utf8"));
  assert.ok(m, `examples/${dir}/Pulumi.yaml has no name`);
  return m[1];
}

/** Requires a module afresh (index.ts runs the program at load time). */
function freshRequire(file: string): any {
  delete require.cache[require.resolve(file)];
  return require(file);
}

const AWS_ENV = ["AWS_ENDPOINT_URL_APPSTREAM", "AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"];

describe("examples", function () {
  let emu: RunningEmulator;
  const savedEnv: Record<string, string | undefined> = {};
  // @pulumi/pulumi keeps its runtime state (monitor, config, feature flags) in one store on
  // `global`, shared by every copy of the SDK in the process: put the original back afterwards,
  // so the mocks installed here do not leak into the tests that run next in the same mocha.
  const g = global as { globalStore?: unknown };
  let savedStore: unknown;
  let quickstart: QuickstartFn;
  let awsVpcExample: AwsVpcFn;

  before(async function () {
    savedStore = g.globalStore;
    linkLocalPackage();
    ({ quickstart } = require("../../examples/quickstart/program"));
    ({ awsVpcExample } = require("../../examples/aws-vpc/program"));
    emu = await startEmulator({ port: 0, startDelaySeconds: 0.05, stopDelaySeconds: 0.05 });
    for (const k of AWS_ENV) savedEnv[k] = process.env[k];
    for (const k of AWS_ENV) delete process.env[k];
    Object.assign(process.env, { AWS_ENDPOINT_URL_APPSTREAM: emu.url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
  });

  after(async function () {
    g.globalStore = savedStore;
    for (const k of AWS_ENV) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
    await emu?.close();
  });

  it("the examples load our package from this checkout, not a copy", function () {
    const fromExample = require.resolve("pulumi-appstream-fleet", { paths: [path.join(ROOT, "examples", "quickstart")] });
    assert.strictEqual(fs.realpathSync(fromExample), path.join(fs.realpathSync(ROOT), "dist", "provider", "index.js"));
  });

  describe("quickstart", function () {
    const WIN2019 = newestImage(/^AppStream-WinServer2019-/, (i) => i.ImageBuilderSupported === true);

    it("with no config: one ON_DEMAND fleet on the newest Windows Server 2019 image, running", async function () {
      const rec = recorder();
      await pulumi.runtime.setMocks(rec.mocks, "appstream-quickstart", "dev");
      const out = await resolveAll(quickstart({}));
      await waitFor(rec, "the fleet", (r) => r.some((x) => x.type === FLEET));

      assert.deepStrictEqual(rec.resources.map((r) => r.type), [FLEET], "the quickstart creates exactly one resource, the Fleet");
      const fleet = only(rec, FLEET, "quickstart");
      const i = fleet.inputs;
      assert.strictEqual(i.name, "quickstart-fleet");
      assert.strictEqual(i.imageName, WIN2019);
      assert.strictEqual(i.instanceType, "stream.standard.medium");
      assert.strictEqual(i.fleetType, "ON_DEMAND");
      assert.deepStrictEqual(i.computeCapacity, { desiredInstances: 1 });
      assert.strictEqual(i.desiredState, "RUNNING");
      assert.strictEqual(typeof i.displayName, "string");
      assert.ok(i.displayName.length > 0);
      assert.strictEqual(i.tags?.project, "appstream-quickstart");
      // The serialized provider is the small shim that loads the package by name at call time.
      assert.strictEqual(typeof i.__provider, "string");
      assert.match(i.__provider, /pulumi-appstream-fleet/);
      assert.ok(i.__provider.length < 20_000, `serialized provider is ${i.__provider.length} characters`);

      assert.deepStrictEqual(out, {
        fleetName: "quickstart-fleet",
        fleetArn: `arn:aws:appstream:us-east-1:${ACCOUNT}:fleet/quickstart-fleet`,
        state: "RUNNING",
        instanceType: "stream.standard.medium",
        imageName: WIN2019,
      });
      assert.deepStrictEqual(await providerCheck(fleet), [], "the provider's check() accepts the quickstart fleet");
    });

    it("passes name, instanceType and desiredState through", async function () {
      const rec = recorder();
      await pulumi.runtime.setMocks(rec.mocks, "appstream-quickstart", "dev");
      const out = await resolveAll(quickstart({ name: "qs-custom", instanceType: "stream.standard.large", desiredState: "STOPPED" }));
      await waitFor(rec, "the fleet", (r) => r.some((x) => x.type === FLEET));
      const fleet = only(rec, FLEET);
      assert.strictEqual(fleet.inputs.name, "qs-custom");
      assert.strictEqual(fleet.inputs.instanceType, "stream.standard.large");
      assert.strictEqual(fleet.inputs.desiredState, "STOPPED");
      assert.strictEqual(out.fleetName, "qs-custom");
      assert.strictEqual(out.state, "STOPPED");
      assert.strictEqual(out.instanceType, "stream.standard.large");
      assert.deepStrictEqual(await providerCheck(fleet), []);
    });

    it("index.ts reads the project's config (namespace = Pulumi.yaml name) and exports the outputs", async function () {
      const project = projectName("quickstart");
      assert.strictEqual(project, "appstream-quickstart");
      const rec = recorder();
      await pulumi.runtime.setMocks(rec.mocks, project, "dev");
      pulumi.runtime.setAllConfig({ [`${project}:name`]: "from-config", [`${project}:instanceType`]: "stream.compute.large", [`${project}:desiredState`]: "STOPPED" });
      try {
        const mod = freshRequire("../../examples/quickstart/index");
        assert.deepStrictEqual(Object.keys(mod).sort(), ["fleetArn", "fleetName", "imageName", "instanceType", "state"]);
        const out = await resolveAll(mod);
        assert.strictEqual(out.fleetName, "from-config");
        assert.strictEqual(out.instanceType, "stream.compute.large");
        assert.strictEqual(out.state, "STOPPED");
        assert.strictEqual(out.imageName, WIN2019);
      } finally {
        pulumi.runtime.setAllConfig({});
      }
    });

    it("index.ts rejects a desiredState that is not RUNNING or STOPPED", async function () {
      const project = projectName("quickstart");
      await pulumi.runtime.setMocks(recorder().mocks, project, "dev");
      pulumi.runtime.setAllConfig({ [`${project}:desiredState`]: "PAUSED" });
      try {
        assert.throws(() => freshRequire("../../examples/quickstart/index"), /desiredState/);
      } finally {
        pulumi.runtime.setAllConfig({});
      }
    });
  });

  describe("aws-vpc", function () {
    const WIN2022 = newestImage(/^AppStream-WinServer2022-/, (i) => i.Visibility === "PUBLIC");
    let rec: Recorder;
    let out: Record<string, any>;

    before(async function () {
      rec = recorder();
      await pulumi.runtime.setMocks(rec.mocks, "appstream-aws-vpc", "dev");
      out = await resolveAll(awsVpcExample());
      await waitFor(rec, "the fleet-stack association and the scaling policy", (r) =>
        ["aws:appstream/fleetStackAssociation:FleetStackAssociation", "aws:appautoscaling/policy:Policy"].every((t) => r.some((x) => x.type === t)),
      );
    });

    it("registers the expected resources, once each", function () {
      const counts: Record<string, number> = {};
      for (const r of rec.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
      assert.deepStrictEqual(counts, {
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/subnet:Subnet": 2,
        "aws:ec2/securityGroup:SecurityGroup": 1,
        "aws:iam/role:Role": 1,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
        "aws:appstream/stack:Stack": 1,
        "aws:appstream/fleetStackAssociation:FleetStackAssociation": 1,
        "aws:appautoscaling/target:Target": 1,
        "aws:appautoscaling/policy:Policy": 1,
        [FLEET]: 2,
      });
    });

    it("two private subnets of the VPC in two different AZs", function () {
      const vpc = only(rec, "aws:ec2/vpc:Vpc");
      const subnets = rec.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
      for (const s of subnets) {
        assert.strictEqual(s.inputs.vpcId, vpc.id);
        assert.strictEqual(s.inputs.mapPublicIpOnLaunch, false);
      }
      assert.deepStrictEqual(subnets.map((s) => s.inputs.availabilityZone), ["us-east-1a", "us-east-1b"]);
      assert.deepStrictEqual(subnets.map((s) => s.inputs.cidrBlock), ["10.40.1.0/24", "10.40.2.0/24"]);
      assert.strictEqual(vpc.inputs.cidrBlock, "10.40.0.0/16");
      assert.deepStrictEqual(rec.invokes.map((i) => i.token), ["aws:index/getAvailabilityZones:getAvailabilityZones"]);
    });

    it("the security group allows egress on 443 only and no ingress", function () {
      const sg = only(rec, "aws:ec2/securityGroup:SecurityGroup");
      assert.strictEqual(sg.inputs.vpcId, only(rec, "aws:ec2/vpc:Vpc").id);
      assert.strictEqual(sg.inputs.ingress ?? undefined, undefined);
      assert.strictEqual(sg.inputs.egress.length, 1);
      const [e] = sg.inputs.egress;
      assert.deepStrictEqual([e.protocol, e.fromPort, e.toPort], ["tcp", 443, 443]);
    });

    it("the role trusts appstream.amazonaws.com and has a managed policy attached", function () {
      const role = only(rec, "aws:iam/role:Role");
      const trust = JSON.parse(role.inputs.assumeRolePolicy);
      assert.deepStrictEqual(trust.Statement, [{ Effect: "Allow", Principal: { Service: "appstream.amazonaws.com" }, Action: "sts:AssumeRole" }]);
      const att = only(rec, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
      assert.strictEqual(att.inputs.role, role.state.name);
      assert.match(att.inputs.policyArn, /^arn:aws:iam::aws:policy\/\S+$/);
    });

    it("the main fleet gets the subnets, the security group and the role of those resources", async function () {
      const subnetIds = rec.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").map((s) => s.id);
      const sg = only(rec, "aws:ec2/securityGroup:SecurityGroup");
      const role = only(rec, "aws:iam/role:Role");
      const fleet = only(rec, FLEET, "appstream-vpc-fleet");
      const i = fleet.inputs;
      assert.deepStrictEqual(i.vpcConfig, { subnetIds, securityGroupIds: [sg.id] });
      assert.strictEqual(i.iamRoleArn, role.state.arn);
      assert.ok(["ON_DEMAND", "ALWAYS_ON"].includes(i.fleetType));
      assert.deepStrictEqual(i.computeCapacity, { desiredInstances: 2 });
      assert.strictEqual(i.imageName, WIN2022);
      assert.strictEqual(i.updateStrategy, "stopStart");
      assert.deepStrictEqual(i.drain, { timeoutSeconds: 1800, pollSeconds: 30 });
      assert.deepStrictEqual(i.tags, { project: "appstream-vpc", "managed-by": "pulumi" });
      assert.deepStrictEqual(await providerCheck(fleet), [], "the provider's check() accepts the main fleet");
    });

    it("the Elastic fleet: AMAZON_LINUX2, stream.standard.small, maxConcurrentSessions, both subnets, no capacity", async function () {
      const subnetIds = rec.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").map((s) => s.id);
      const fleet = only(rec, FLEET, "appstream-vpc-elastic");
      const i = fleet.inputs;
      assert.strictEqual(i.fleetType, "ELASTIC");
      assert.strictEqual(i.platform, "AMAZON_LINUX2");
      assert.strictEqual(i.instanceType, "stream.standard.small");
      assert.strictEqual(i.maxConcurrentSessions, 5);
      assert.strictEqual(i.vpcConfig.subnetIds.length, 2);
      assert.deepStrictEqual(i.vpcConfig.subnetIds, subnetIds);
      assert.strictEqual(i.computeCapacity, undefined);
      assert.strictEqual(i.imageName, undefined, "Elastic fleets name no image (AppStream streams app blocks on a managed base)");
      // AWS (and the emulator) accept an ELASTIC fleet without an image, and so does check().
      assert.deepStrictEqual(await providerCheck(fleet), [], "the provider's check() accepts the Elastic fleet");
    });

    it("Application Auto Scaling: a target on the main fleet's capacity (fleet/<name>) and a target-tracking policy on it", function () {
      const fleet = only(rec, FLEET, "appstream-vpc-fleet");
      const target = only(rec, "aws:appautoscaling/target:Target");
      assert.deepStrictEqual(
        [target.inputs.serviceNamespace, target.inputs.scalableDimension, target.inputs.resourceId, target.inputs.minCapacity, target.inputs.maxCapacity],
        ["appstream", "appstream:fleet:DesiredCapacity", `fleet/${fleet.state.name}`, fleet.inputs.computeCapacity.desiredInstances, 10],
      );
      const policy = only(rec, "aws:appautoscaling/policy:Policy");
      assert.strictEqual(policy.inputs.policyType, "TargetTrackingScaling");
      assert.deepStrictEqual(
        [policy.inputs.serviceNamespace, policy.inputs.scalableDimension, policy.inputs.resourceId],
        [target.inputs.serviceNamespace, target.inputs.scalableDimension, target.inputs.resourceId],
      );
      const tracking = policy.inputs.targetTrackingScalingPolicyConfiguration;
      assert.strictEqual(tracking.predefinedMetricSpecification.predefinedMetricType, "AppStreamAverageCapacityUtilization");
      assert.ok(tracking.targetValue > 0 && tracking.targetValue <= 100, `targetValue ${tracking.targetValue} is a utilization percentage`);
    });

    it("maxInstances below desiredInstances is refused with both numbers", async function () {
      await pulumi.runtime.setMocks(recorder().mocks, "appstream-aws-vpc", "dev");
      assert.throws(() => awsVpcExample({ desiredInstances: 4, maxInstances: 3 }), /maxInstances \(3\) must be at least desiredInstances \(4\)/);
    });

    it("the association links the main fleet's name and the stack's name", function () {
      const assoc = only(rec, "aws:appstream/fleetStackAssociation:FleetStackAssociation");
      const fleet = only(rec, FLEET, "appstream-vpc-fleet");
      const stack = only(rec, "aws:appstream/stack:Stack");
      assert.strictEqual(assoc.inputs.fleetName, fleet.state.name);
      assert.strictEqual(assoc.inputs.stackName, stack.state.name);
      assert.strictEqual(assoc.inputs.fleetName, "appstream-vpc-fleet");
      assert.strictEqual(assoc.inputs.stackName, "appstream-vpc-stack");
    });

    it("returns the outputs of those resources", function () {
      const subnets = rec.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
      assert.deepStrictEqual(out, {
        vpcId: only(rec, "aws:ec2/vpc:Vpc").id,
        subnetIds: subnets.map((s) => s.id),
        securityGroupId: only(rec, "aws:ec2/securityGroup:SecurityGroup").id,
        roleArn: only(rec, "aws:iam/role:Role").state.arn,
        stackName: "appstream-vpc-stack",
        fleetName: "appstream-vpc-fleet",
        fleetArn: `arn:aws:appstream:us-east-1:${ACCOUNT}:fleet/appstream-vpc-fleet`,
        fleetState: "RUNNING",
        imageName: WIN2022,
        elasticFleetName: "appstream-vpc-elastic",
        elasticFleetArn: `arn:aws:appstream:us-east-1:${ACCOUNT}:fleet/appstream-vpc-elastic`,
      });
    });

    it("config: AZs, image, fleet type and prefix are honoured, with no AZ lookup and no image lookup", async function () {
      const r2 = recorder();
      await pulumi.runtime.setMocks(r2.mocks, "appstream-aws-vpc", "dev");
      const o = await resolveAll(
        awsVpcExample({ namePrefix: "acme", availabilityZones: ["eu-west-1b", "eu-west-1c"], imageName: "my-golden-image", fleetType: "ALWAYS_ON", desiredInstances: 4, maxConcurrentSessions: 20, vpcCidr: "10.9.0.0/16" }),
      );
      await waitFor(r2, "the association", (r) => r.some((x) => x.type === "aws:appstream/fleetStackAssociation:FleetStackAssociation"));
      assert.deepStrictEqual(r2.invokes, []);
      const subnets = r2.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet");
      assert.deepStrictEqual(subnets.map((s) => s.inputs.availabilityZone), ["eu-west-1b", "eu-west-1c"]);
      assert.deepStrictEqual(subnets.map((s) => s.inputs.cidrBlock), ["10.9.1.0/24", "10.9.2.0/24"]);
      const main = only(r2, FLEET, "acme-fleet");
      assert.strictEqual(main.inputs.imageName, "my-golden-image");
      assert.strictEqual(main.inputs.fleetType, "ALWAYS_ON");
      assert.deepStrictEqual(main.inputs.computeCapacity, { desiredInstances: 4 });
      assert.strictEqual(only(r2, FLEET, "acme-elastic").inputs.maxConcurrentSessions, 20);
      assert.strictEqual(o.imageName, "my-golden-image");
      assert.strictEqual(o.stackName, "acme-stack");
    });

    it("config mistakes fail fast: a bad vpcCidr, a wrong number of AZs", async function () {
      await pulumi.runtime.setMocks(recorder().mocks, "appstream-aws-vpc", "dev");
      assert.throws(() => awsVpcExample({ vpcCidr: "10.0.0.0/8", imageName: "x" }), /vpcCidr must be a \/16/);
      assert.throws(() => awsVpcExample({ availabilityZones: ["us-east-1a"], imageName: "x" }), /exactly two AZs/);
    });

    it("index.ts reads the project's config and exports every output", async function () {
      const project = projectName("aws-vpc");
      assert.strictEqual(project, "appstream-aws-vpc");
      const r3 = recorder();
      await pulumi.runtime.setMocks(r3.mocks, project, "dev");
      pulumi.runtime.setAllConfig({
        [`${project}:namePrefix`]: "cfg",
        [`${project}:availabilityZones`]: JSON.stringify(["us-west-2a", "us-west-2b"]),
        [`${project}:imageName`]: "img-from-config",
        [`${project}:desiredInstances`]: "3",
      });
      try {
        const mod = freshRequire("../../examples/aws-vpc/index");
        const o = await resolveAll(mod);
        assert.deepStrictEqual(Object.keys(o).sort(), Object.keys(out).sort());
        assert.strictEqual(o.fleetName, "cfg-fleet");
        assert.strictEqual(o.imageName, "img-from-config");
        await waitFor(r3, "the fleets", (r) => r.filter((x) => x.type === FLEET).length === 2);
        assert.deepStrictEqual(only(r3, FLEET, "cfg-fleet").inputs.computeCapacity, { desiredInstances: 3 });
        assert.deepStrictEqual(r3.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet").map((s) => s.inputs.availabilityZone), ["us-west-2a", "us-west-2b"]);
      } finally {
        pulumi.runtime.setAllConfig({});
      }
    });
  });
});
