/**
 * The quickstart program: one On-Demand AppStream 2.0 fleet on the newest Windows Server 2019
 * base image that can launch an image builder.
 *
 * A pure function of its argument, so it runs the same from `index.ts` (a normal Pulumi project)
 * and as an Automation API inline program (`() => quickstart({ name: "demo" })`).
 */
import * as pulumi from "@pulumi/pulumi";
import { Fleet, getImageOutput } from "pulumi-appstream-fleet";

export interface QuickstartConfig {
  /** The AppStream fleet name. Default "quickstart-fleet". */
  name?: string;
  /** Default "stream.standard.medium". */
  instanceType?: string;
  /** RUNNING (default) or STOPPED: a stopped fleet costs nothing. */
  desiredState?: "RUNNING" | "STOPPED";
  /**
   * Region for the image lookup; `index.ts` passes the stack's `aws:region`. Absent: the lookup,
   * like the fleet, uses the stack's `aws:region`, then the AWS SDK's chain (AWS_REGION, the
   * profile's region).
   */
  region?: string;
}

export interface QuickstartOutputs {
  fleetName: pulumi.Output<string>;
  fleetArn: pulumi.Output<string>;
  state: pulumi.Output<string>;
  instanceType: pulumi.Output<string>;
  imageName: pulumi.Output<string>;
}

export const QUICKSTART_DEFAULTS = {
  name: "quickstart-fleet",
  instanceType: "stream.standard.medium",
  desiredState: "RUNNING",
} as const;

export function quickstart(cfg: QuickstartConfig = {}): QuickstartOutputs {
  // The newest AVAILABLE Windows Server 2019 base image (AWS publishes a new one every few
  // months, named AppStream-WinServer2019-MM-DD-YYYY). Pin `name` instead of `nameRegex` to
  // stop the fleet following new releases.
  const image = getImageOutput(
    { nameRegex: "^AppStream-WinServer2019-", mostRecent: true, imageBuilderSupported: true },
    cfg.region ? { region: cfg.region } : undefined,
  );

  const fleet = new Fleet("quickstart", {
    name: cfg.name ?? QUICKSTART_DEFAULTS.name,
    imageName: image.name,
    instanceType: cfg.instanceType ?? QUICKSTART_DEFAULTS.instanceType,
    fleetType: "ON_DEMAND",
    computeCapacity: { desiredInstances: 1 },
    displayName: "Pulumi quickstart",
    description: "AppStream 2.0 fleet created by the pulumi-appstream-fleet quickstart",
    tags: { project: "appstream-quickstart", "managed-by": "pulumi" },
    desiredState: cfg.desiredState ?? QUICKSTART_DEFAULTS.desiredState,
  });

  return {
    fleetName: fleet.name,
    fleetArn: fleet.arn,
    state: fleet.state,
    instanceType: fleet.instanceType,
    imageName: image.name,
  };
}
