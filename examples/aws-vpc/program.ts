/**
 * AppStream 2.0 in your own VPC, composed with @pulumi/aws:
 *
 *   VPC ── 2 private subnets (two AZs) ── security group (egress HTTPS only)
 *   IAM role assumable by appstream.amazonaws.com (+ a managed policy)
 *   Stack ── FleetStackAssociation ── Fleet (ON_DEMAND or ALWAYS_ON, in the VPC, safe stop-start updates)
 *   Application Auto Scaling target + target-tracking policy on that fleet's capacity
 *   Elastic fleet (Amazon Linux 2, no image to manage, sessions scale on demand), in both subnets
 *
 * A pure function of its argument: `index.ts` feeds it the stack's config; tests run it under
 * pulumi.runtime.setMocks.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Fleet, getImageOutput } from "pulumi-appstream-fleet";

export interface AwsVpcExampleConfig {
  /** Prefix of every name (VPC tags, role, stack, fleets). Default "appstream-vpc". */
  namePrefix?: string;
  /** A /16, default "10.40.0.0/16"; the subnets are its x.y.1.0/24 and x.y.2.0/24. */
  vpcCidr?: string;
  /**
   * Exactly two AZ names for the subnets. Default: the first two available AZs of the region.
   * AppStream runs in only some AZs of each region: if CreateFleet rejects a subnet's AZ, name
   * two supported ones here.
   */
  availabilityZones?: string[];
  /** The image of the main fleet. Default: the newest public Windows Server 2022 base image. */
  imageName?: string;
  /** ON_DEMAND (default: pay per streaming hour) or ALWAYS_ON (instant sessions). */
  fleetType?: "ON_DEMAND" | "ALWAYS_ON";
  /**
   * Instances of the main fleet at creation, and the fewest Application Auto Scaling keeps.
   * Default 2. After creation the capacity is AWS's (the fleet ignores changes to it).
   */
  desiredInstances?: number;
  /** The most instances Application Auto Scaling may run in the main fleet. Default 10. */
  maxInstances?: number;
  /** Sessions the Elastic fleet can run at once. Default 5. */
  maxConcurrentSessions?: number;
  /** RUNNING (default) or STOPPED, for the main fleet. */
  desiredState?: "RUNNING" | "STOPPED";
  /** The managed policy attached to the fleet role. Default AmazonS3ReadOnlyAccess (apps reading data from S3). */
  instancePolicyArn?: string;
  /** Region for the image lookup; `index.ts` passes the stack's `aws:region`. */
  region?: string;
}

export interface AwsVpcExampleOutputs {
  vpcId: pulumi.Output<string>;
  subnetIds: pulumi.Output<string[]>;
  securityGroupId: pulumi.Output<string>;
  roleArn: pulumi.Output<string>;
  stackName: pulumi.Output<string>;
  fleetName: pulumi.Output<string>;
  fleetArn: pulumi.Output<string>;
  fleetState: pulumi.Output<string>;
  imageName: pulumi.Output<string>;
  elasticFleetName: pulumi.Output<string>;
  elasticFleetArn: pulumi.Output<string>;
}

export function awsVpcExample(cfg: AwsVpcExampleConfig = {}): AwsVpcExampleOutputs {
  const prefix = cfg.namePrefix ?? "appstream-vpc";
  const tags = { project: prefix, "managed-by": "pulumi" };

  // --- Network: a VPC with two private subnets in two AZs, no internet gateway. Streaming
  // traffic does not cross this VPC (AppStream carries it on its own network interface); the
  // instances' interface here reaches your resources, and AWS APIs through endpoints or a NAT.
  const vpcCidr = cfg.vpcCidr ?? "10.40.0.0/16";
  const vpc = new aws.ec2.Vpc(`${prefix}-vpc`, {
    cidrBlock: vpcCidr,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: { ...tags, Name: `${prefix}-vpc` },
  });

  let azs: pulumi.Output<string[]>;
  if (cfg.availabilityZones) {
    if (cfg.availabilityZones.length !== 2) throw new Error(`availabilityZones: name exactly two AZs, got ${cfg.availabilityZones.length}`);
    azs = pulumi.output(cfg.availabilityZones);
  } else {
    azs = aws.getAvailabilityZonesOutput({ state: "available" }).names.apply((names) => {
      if (names.length < 2) throw new Error(`this region has ${names.length} available AZ(s); AppStream VPC fleets need two`);
      return names.slice(0, 2);
    });
  }

  const subnets = [0, 1].map(
    (i) =>
      new aws.ec2.Subnet(`${prefix}-private-${i + 1}`, {
        vpcId: vpc.id,
        cidrBlock: subnetCidr(vpcCidr, i + 1),
        availabilityZone: azs.apply((z) => z[i]),
        mapPublicIpOnLaunch: false,
        tags: { ...tags, Name: `${prefix}-private-${i + 1}`, tier: "private" },
      }),
  );
  const subnetIds = subnets.map((s) => s.id);

  // No ingress (AppStream needs none on this interface); egress HTTPS only.
  const securityGroup = new aws.ec2.SecurityGroup(`${prefix}-sg`, {
    vpcId: vpc.id,
    description: "AppStream streaming instances: HTTPS out, nothing in",
    egress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"], description: "HTTPS" }],
    tags: { ...tags, Name: `${prefix}-sg` },
  });

  // --- The role the streaming instances assume: apps and scripts on them get its credentials
  // (the `appstream_machine_role` profile). Whoever runs `pulumi up` needs iam:PassRole on it.
  const role = new aws.iam.Role(`${prefix}-instance-role`, {
    description: "Assumed by AppStream 2.0 streaming instances",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "appstream.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    tags,
  });
  const policy = new aws.iam.RolePolicyAttachment(`${prefix}-instance-policy`, {
    role: role.name,
    policyArn: cfg.instancePolicyArn ?? aws.iam.ManagedPolicy.AmazonS3ReadOnlyAccess,
  });

  // --- The main fleet: in the VPC, changed by stop-update-start, waiting up to 30 minutes for
  // streaming sessions to end before a stop. Its capacity belongs to Application Auto Scaling
  // (below) once it exists: `ignoreChanges` keeps `pulumi up` from setting it back.
  const imageName =
    cfg.imageName !== undefined
      ? pulumi.output(cfg.imageName)
      : getImageOutput({ nameRegex: "^AppStream-WinServer2022-", type: "PUBLIC", mostRecent: true }, cfg.region ? { region: cfg.region } : undefined).name;

  const desiredInstances = cfg.desiredInstances ?? 2;
  const maxInstances = cfg.maxInstances ?? 10;
  if (maxInstances < desiredInstances) throw new Error(`maxInstances (${maxInstances}) must be at least desiredInstances (${desiredInstances}), the scaling minimum`);
  const fleet = new Fleet(
    `${prefix}-fleet`,
    {
      name: `${prefix}-fleet`,
      imageName,
      instanceType: "stream.standard.medium",
      fleetType: cfg.fleetType ?? "ON_DEMAND",
      computeCapacity: { desiredInstances },
      vpcConfig: { subnetIds, securityGroupIds: [securityGroup.id] },
      enableDefaultInternetAccess: false,
      iamRoleArn: role.arn,
      displayName: "Desktop apps (VPC)",
      description: `AppStream fleet in ${prefix}'s private subnets`,
      maxUserDurationInSeconds: 8 * 3600,
      disconnectTimeoutInSeconds: 15 * 60,
      idleDisconnectTimeoutInSeconds: 10 * 60,
      desiredState: cfg.desiredState ?? "RUNNING",
      updateStrategy: "stopStart",
      drain: { timeoutSeconds: 1800, pollSeconds: 30 },
      tags,
    },
    // The instances start with the role's credentials: attach the policy first.
    { dependsOn: [policy], ignoreChanges: ["computeCapacity.desiredInstances"] },
  );

  // --- Autoscaling: Application Auto Scaling sets the fleet's DesiredInstances (UpdateFleet),
  // tracking 75% of the instances in use, between desiredInstances and maxInstances.
  const capacity = new aws.appautoscaling.Target(`${prefix}-capacity`, {
    serviceNamespace: "appstream",
    scalableDimension: "appstream:fleet:DesiredCapacity",
    resourceId: pulumi.interpolate`fleet/${fleet.name}`,
    minCapacity: desiredInstances,
    maxCapacity: maxInstances,
    tags,
  });
  new aws.appautoscaling.Policy(`${prefix}-utilization`, {
    policyType: "TargetTrackingScaling",
    serviceNamespace: capacity.serviceNamespace,
    scalableDimension: capacity.scalableDimension,
    resourceId: capacity.resourceId,
    targetTrackingScalingPolicyConfiguration: {
      predefinedMetricSpecification: { predefinedMetricType: "AppStreamAverageCapacityUtilization" },
      targetValue: 75,
      scaleOutCooldown: 120,
      scaleInCooldown: 600,
    },
  });

  const stack = new aws.appstream.Stack(`${prefix}-stack`, {
    name: `${prefix}-stack`,
    displayName: "Desktop apps",
    description: `Stack of ${prefix}`,
    tags,
  });
  new aws.appstream.FleetStackAssociation(`${prefix}-association`, {
    fleetName: fleet.name,
    stackName: stack.name,
  });

  // --- An Elastic fleet: no image and no capacity to manage (apps come from app blocks, which
  // you add with aws.appstream.AppBlock / Application); it needs subnets in two AZs.
  const elastic = new Fleet(`${prefix}-elastic`, {
    name: `${prefix}-elastic`,
    fleetType: "ELASTIC",
    platform: "AMAZON_LINUX2",
    instanceType: "stream.standard.small",
    maxConcurrentSessions: cfg.maxConcurrentSessions ?? 5,
    vpcConfig: { subnetIds, securityGroupIds: [securityGroup.id] },
    iamRoleArn: role.arn,
    displayName: "Linux apps (elastic)",
    tags,
  }, { dependsOn: [policy] });

  return {
    vpcId: vpc.id,
    subnetIds: pulumi.all(subnetIds),
    securityGroupId: securityGroup.id,
    roleArn: role.arn,
    stackName: stack.name,
    fleetName: fleet.name,
    fleetArn: fleet.arn,
    fleetState: fleet.state,
    imageName,
    elasticFleetName: elastic.name,
    elasticFleetArn: elastic.arn,
  };
}

/** The n-th /24 of a /16: ("10.40.0.0/16", 1) -> "10.40.1.0/24". */
function subnetCidr(vpcCidr: string, n: number): string {
  const m = /^(\d+)\.(\d+)\.0\.0\/16$/.exec(vpcCidr);
  if (!m) throw new Error(`vpcCidr must be a /16 of the form A.B.0.0/16, got ${vpcCidr}`);
  return `${m[1]}.${m[2]}.${n}.0/24`;
}
