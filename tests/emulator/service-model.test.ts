/**
 * The emulator against AWS's own AppStream service model (botocore's service-2.json.gz, read at
 * run time by tools/service-model.ts; no copy lives in this repository).
 *
 * For every operation the emulator implements, requests are built from the model and sent raw
 * (awsJson1_1 over HTTP, `X-Amz-Target: PhotonAdminProxyService.<Op>`), so no SDK-side check
 * hides what the emulator does: missing required members, every enum value and an invalid one,
 * string / list / map lengths and patterns at their bounds and past them, numeric bounds, wrong
 * JSON types. What the emulator must answer is computed from the model for each request: a wrong
 * type -> SerializationException, a broken constraint -> ValidationException, otherwise it must
 * not refuse the value as malformed. Every answer is checked against the operation's output
 * shape and every error code against those the operation declares plus the common ones.
 */
import { strict as assert } from "node:assert";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { gunzipSync } from "node:zlib";
import { readFileSync } from "node:fs";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../emulator";
import { OPERATIONS } from "../../emulator/http/operations";
import {
  declaredErrors,
  inputViolations,
  loadServiceModel,
  locateServiceModel,
  outputViolations,
  ServiceModelNotFoundError,
  patternBreaker,
  patternSample,
  type LocatedServiceModel,
  type ModelShape,
  type ServiceModel,
} from "../../tools/service-model";
import { rawCall, WS2019, type RawResponse } from "../support/emulator";
import { pinnedCliDir, readModelPin } from "../../scripts/model/pin";

/**
 * Codes any operation may answer besides those it declares: the AppStream API reference's
 * Common Errors (https://docs.aws.amazon.com/appstream2/latest/APIReference/CommonErrors.html),
 * with the names the JSON protocol gives them (ValidationException, the SigV4 family), and the
 * protocol's own SerializationException / UnknownOperationException.
 */
const COMMON_ERRORS = new Set([
  "AccessDeniedException",
  "IncompleteSignature",
  "IncompleteSignatureException",
  "InternalFailure",
  "InvalidAction",
  "InvalidClientTokenId",
  "NotAuthorized",
  "OptInRequired",
  "RequestExpired",
  "ServiceUnavailable",
  "ThrottlingException",
  "ValidationError",
  "ValidationException",
  "SerializationException",
  "UnknownOperationException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
]);

/**
 * Where the emulator refuses values the model accepts, because the API reference states a
 * limit the model does not (emulator/README.md, "Validation"). Keyed by operation and member
 * path without list indexes ("*" for any operation).
 */
const DOCUMENTED_LIMITS: Record<string, string> = {
  "CreateFleet.InstanceType": "the API reference lists the instance types; others are refused",
  "UpdateFleet.InstanceType": "the API reference lists the instance types; others are refused",
  "*.NextToken": "a NextToken the emulator did not issue is refused",
};

/** Valid values for members the model leaves unconstrained but the reference documents. */
const SAMPLES: Record<string, unknown> = {
  InstanceType: "stream.standard.small",
  MaxUserDurationInSeconds: 600,
  DisconnectTimeoutInSeconds: 900,
  IdleDisconnectTimeoutInSeconds: 0,
  DesiredInstances: 1,
  DesiredSessions: 1,
  MaxConcurrentSessions: 1,
  MaxSessionsPerInstance: 1,
  VolumeSizeInGb: 200,
  Limit: 10,
  MaximumLength: 10,
};

const FLEET = "fleet1";
const STACK = "stack1";
const FLEET_ARN = `arn:aws:appstream:us-east-1:123456789012:fleet/${FLEET}`;

let unique = 0;
const fresh = (prefix: string): string => `${prefix}${++unique}`;

/** A valid request per operation, against the world `setUpWorld` builds. */
const BASE: Record<string, () => Record<string, unknown>> = {
  CreateFleet: () => ({ Name: fresh("new-fleet-"), InstanceType: "stream.standard.small", ImageName: WS2019, ComputeCapacity: { DesiredInstances: 1 } }),
  DescribeFleets: () => ({ Names: [FLEET] }),
  UpdateFleet: () => ({ Name: FLEET }),
  DeleteFleet: () => ({ Name: FLEET }),
  StartFleet: () => ({ Name: FLEET }),
  StopFleet: () => ({ Name: FLEET }),
  CreateStack: () => ({ Name: fresh("new-stack-") }),
  DescribeStacks: () => ({ Names: [STACK] }),
  DeleteStack: () => ({ Name: STACK }),
  AssociateFleet: () => ({ FleetName: FLEET, StackName: STACK }),
  DisassociateFleet: () => ({ FleetName: FLEET, StackName: STACK }),
  ListAssociatedStacks: () => ({ FleetName: FLEET }),
  ListAssociatedFleets: () => ({ StackName: STACK }),
  TagResource: () => ({ ResourceArn: FLEET_ARN, Tags: { team: "a" } }),
  UntagResource: () => ({ ResourceArn: FLEET_ARN, TagKeys: ["team"] }),
  ListTagsForResource: () => ({ ResourceArn: FLEET_ARN }),
  DescribeImages: () => ({}),
  DescribeSessions: () => ({ StackName: STACK, FleetName: FLEET }),
};

let located: LocatedServiceModel | undefined;
let loadError: unknown;
try {
  located = loadServiceModel();
} catch (e) {
  loadError = e;
}

describe("emulator against AWS's service model (raw awsJson1_1)", function () {
  if (!located) {
    it("finds the AppStream service model", () => {
      throw loadError;
    });
    return;
  }
  const model = located.model;
  const ctx = {} as { emulator: RunningEmulator; control: EmulatorControl; url: string };

  before(async () => {
    ctx.emulator = await startEmulator({ startDelaySeconds: 0.3, stopDelaySeconds: 0.2 });
    ctx.control = new EmulatorControl(ctx.emulator.url);
    ctx.url = ctx.emulator.url;
  });
  after(async () => {
    await ctx.emulator?.close();
  });
  beforeEach(async () => {
    await ctx.control.reset();
    await ctx.control.config({ throttle: null }); // hundreds of calls per second here
    await setUpWorld(ctx.url);
  });

  it(`reads the model (${located.via}) and speaks its protocol`, () => {
    // The service speaks awsJson1_1 ("json") and, since botocore 1.43.x, Smithy RPC v2 CBOR too
    // (protocols: smithy-rpc-v2-cbor, json); botocore and the SDK pick json, which the emulator serves.
    assert.ok((model.metadata.protocols ?? [model.metadata.protocol]).includes("json"), `protocols: ${model.metadata.protocols}`);
    assert.equal(model.metadata.jsonVersion, "1.1");
    assert.equal(model.metadata.targetPrefix, "PhotonAdminProxyService");
    for (const op of Object.keys(OPERATIONS)) assert.ok(model.operations[op], `${op} is not an AppStream operation`);
    assert.deepEqual(Object.keys(BASE).sort(), Object.keys(OPERATIONS).sort(), "a base request for every operation");
  });

  for (const op of Object.keys(OPERATIONS)) {
    const opModel = model.operations[op];
    if (!opModel?.input) continue;
    const inputShape = opModel.input.shape;
    describe(op, () => {
      it("accepts its base request, which the model accepts", async () => {
        const request = BASE[op]();
        assert.deepEqual(inputViolations(model, inputShape, request), []);
        const res = await call(ctx.url, op, request);
        assert.equal(res.status, 200, res.text);
        assert.deepEqual(answerProblems(model, op, res), []);
      });

      for (const target of targetsOf(model, inputShape)) {
        const cases = casesFor(model, target);
        const kinds = [...new Set(cases.map((c) => c.kind))].join(", ");
        it(`${target.label}: ${kinds}`, async () => {
          const failures: string[] = [];
          for (const c of cases) {
            const request = BASE[op]();
            setAt(model, inputShape, request, target.steps, c);
            const violations = inputViolations(model, inputShape, request);
            const expected = violations.some((v) => v.kind === "type")
              ? "SerializationException"
              : violations.length > 0
                ? "ValidationException"
                : "accepted";
            const res = await call(ctx.url, op, request);
            const code = errorCode(res);
            const shown = `${c.kind} ${describeValue(c)}: expected ${expected}, got ${code ?? res.status}`;
            if (expected === "accepted") {
              const documented = DOCUMENTED_LIMITS[`${op}.${target.key}`] ?? DOCUMENTED_LIMITS[`*.${target.key.split(".").pop()}`];
              // A value the model accepts is answered with success or a refusal the operation
              // declares (not found, in use, a combination rule), never as malformed input.
              const declaredRefusal = code !== undefined && declaredErrors(model, op).includes(code);
              const documentedRefusal = code === "ValidationException" && documented !== undefined;
              if (code !== undefined && !declaredRefusal && !documentedRefusal) {
                failures.push(`${shown} (${String(res.json.message)})`);
              }
            } else if (code !== expected) {
              failures.push(`${shown} (model: ${violations.map((v) => `${v.path} ${v.message}`).join("; ")})`);
            }
            failures.push(...answerProblems(model, op, res).map((p) => `${c.kind} ${describeValue(c)}: ${p}`));
          }
          assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases failed`);
        });
      }
    });
  }

  describe("answers", () => {
    it("a fleet with every member the model has, in every answer that carries it", async () => {
      const full = fullValue(model, "CreateFleetRequest") as Record<string, unknown>;
      const request = {
        ...full,
        Name: "full-fleet",
        InstanceType: "stream.standard.medium",
        FleetType: "ALWAYS_ON",
        ImageName: WS2019,
        ImageArn: undefined,
        // Every member includes MaxSessionsPerInstance: a multi-session fleet, created with DesiredSessions.
        ComputeCapacity: { DesiredSessions: 4 },
        MaxConcurrentSessions: undefined,
        SessionScriptS3Location: undefined,
        Platform: "WINDOWS_SERVER_2019",
      };
      const created = await expectOk(ctx.url, model, "CreateFleet", request);
      assertEchoes(model, "CreateFleetRequest", request, "Fleet", created.Fleet, ["Tags", "ComputeCapacity"]);
      assert.equal("ComputeCapacity" in (created.Fleet as object), false, "the Fleet shape has no ComputeCapacity");
      const described = await expectOk(ctx.url, model, "DescribeFleets", { Names: ["full-fleet"] });
      assertEchoes(model, "CreateFleetRequest", request, "Fleet", (described.Fleets as unknown[])[0], ["Tags", "ComputeCapacity"]);
      const updated = await expectOk(ctx.url, model, "UpdateFleet", { Name: "full-fleet", DisplayName: "changed" });
      assert.equal((updated.Fleet as Record<string, unknown>).DisplayName, "changed");
      await expectOk(ctx.url, model, "ListTagsForResource", { ResourceArn: "arn:aws:appstream:us-east-1:123456789012:fleet/full-fleet" });
    });

    it("an ELASTIC fleet and a multi-session fleet", async () => {
      const elastic = {
        Name: "elastic",
        InstanceType: "stream.standard.small",
        FleetType: "ELASTIC",
        Platform: "WINDOWS_SERVER_2019",
        MaxConcurrentSessions: 3,
        VpcConfig: { SubnetIds: ["subnet-a", "subnet-b"] },
        SessionScriptS3Location: { S3Bucket: "bucket-a", S3Key: "script.json" },
        UsbDeviceFilterStrings: ["a,b,*c,*d,*1,*2,0,0"],
      };
      const created = await expectOk(ctx.url, model, "CreateFleet", elastic);
      assertEchoes(model, "CreateFleetRequest", elastic, "Fleet", created.Fleet, []);
      const multi = { Name: "multi", InstanceType: "stream.standard.large", ImageName: WS2019, MaxSessionsPerInstance: 4, ComputeCapacity: { DesiredSessions: 6 } };
      await expectOk(ctx.url, model, "CreateFleet", multi);
      await expectOk(ctx.url, model, "DescribeFleets", {});
    });

    it("fleets starting, running, failed to start, stopping; sessions; associations", async () => {
      await expectOk(ctx.url, model, "AssociateFleet", { FleetName: FLEET, StackName: STACK });
      await expectOk(ctx.url, model, "StartFleet", { Name: FLEET });
      await expectOk(ctx.url, model, "DescribeFleets", { Names: [FLEET] }); // STARTING
      await ctx.control.fault({ type: "startFailure", fleetName: "broken", fleetErrors: [{ ErrorCode: "SUBNET_NOT_FOUND", ErrorMessage: "The subnet was not found." }] });
      await expectOk(ctx.url, model, "CreateFleet", { ...BASE.CreateFleet(), Name: "broken" });
      await expectOk(ctx.url, model, "StartFleet", { Name: "broken" });
      await waitFor(async () => (await ctx.control.fleets()).every((f) => f.State === "RUNNING" || (f.Name === "broken" && f.State === "STOPPED" && f.FleetErrors)));
      const broken = await expectOk(ctx.url, model, "DescribeFleets", { Names: ["broken"] });
      assert.ok((broken.Fleets as { FleetErrors?: unknown[] }[])[0].FleetErrors?.length, "FleetErrors reported");
      for (const user of ["user-a", "user-b"]) await ctx.control.openSession({ stackName: STACK, fleetName: FLEET, userId: user });
      const sessions = await expectOk(ctx.url, model, "DescribeSessions", { StackName: STACK, FleetName: FLEET });
      assert.equal((sessions.Sessions as unknown[]).length, 2);
      await expectOk(ctx.url, model, "DescribeSessions", { StackName: STACK, FleetName: FLEET, Limit: 1 });
      await expectOk(ctx.url, model, "DescribeFleets", { Names: [FLEET] }); // RUNNING, sessions in use
      await expectOk(ctx.url, model, "ListAssociatedStacks", { FleetName: FLEET });
      await expectOk(ctx.url, model, "ListAssociatedFleets", { StackName: STACK });
      await expectOk(ctx.url, model, "StopFleet", { Name: FLEET });
      await expectOk(ctx.url, model, "DescribeFleets", { Names: [FLEET] }); // STOPPING
    });

    it("a stack with every member the model has keeps and returns them all", async () => {
      const full = { ...(fullValue(model, "CreateStackRequest") as Record<string, unknown>), Name: "full-stack" };
      const created = await expectOk(ctx.url, model, "CreateStack", full);
      assertEchoes(model, "CreateStackRequest", full, "Stack", created.Stack, ["Tags"]);
      const described = await expectOk(ctx.url, model, "DescribeStacks", { Names: ["full-stack"] });
      assertEchoes(model, "CreateStackRequest", full, "Stack", (described.Stacks as unknown[])[0], ["Tags"]);
      await expectOk(ctx.url, model, "DescribeStacks", {});
    });

    it("between them, the answers carry every member of the model's Fleet, Image, Session and Stack shapes", async () => {
      await ctx.control.config({ startDelaySeconds: 0 });
      const seen = new Set<string>();
      const see = (shape: string, values: unknown): void => {
        for (const v of (values as unknown[] | undefined) ?? []) servedMemberPaths(model, shape, v, shape, seen);
      };
      // Fleets: every member sent, ELASTIC, failed to start, multi-session with sessions in drain mode, in a VPC.
      const full = { ...(fullValue(model, "CreateFleetRequest") as Record<string, unknown>), Name: "full-fleet", InstanceType: "stream.standard.medium", FleetType: "ALWAYS_ON", ImageName: WS2019, ImageArn: undefined, ComputeCapacity: { DesiredSessions: 4 }, MaxConcurrentSessions: undefined, SessionScriptS3Location: undefined, Platform: "WINDOWS_SERVER_2019" };
      await expectOk(ctx.url, model, "CreateFleet", full);
      await expectOk(ctx.url, model, "CreateFleet", { Name: "elastic", InstanceType: "stream.standard.small", FleetType: "ELASTIC", Platform: "WINDOWS_SERVER_2019", MaxConcurrentSessions: 3, VpcConfig: { SubnetIds: ["subnet-a", "subnet-b"] }, SessionScriptS3Location: { S3Bucket: "bucket-a", S3Key: "script.json" } });
      await ctx.control.fault({ type: "startFailure", fleetName: "broken", fleetErrors: [{ ErrorCode: "SUBNET_NOT_FOUND", ErrorMessage: "The subnet was not found." }] });
      await expectOk(ctx.url, model, "CreateFleet", { ...BASE.CreateFleet(), Name: "broken" });
      await expectOk(ctx.url, model, "CreateFleet", { Name: "multi", InstanceType: "stream.standard.large", ImageName: WS2019, MaxSessionsPerInstance: 2, ComputeCapacity: { DesiredSessions: 4 }, VpcConfig: { SubnetIds: ["subnet-a"] } });
      await expectOk(ctx.url, model, "CreateStack", { Name: "s-multi" });
      await expectOk(ctx.url, model, "AssociateFleet", { FleetName: "multi", StackName: "s-multi" });
      for (const name of ["multi", "broken"]) await expectOk(ctx.url, model, "StartFleet", { Name: name });
      await waitFor(async () => (await ctx.control.fleets()).some((f) => f.Name === "multi" && f.State === "RUNNING"));
      for (const user of ["user-a", "user-b", "user-c"]) await ctx.control.openSession({ stackName: "s-multi", fleetName: "multi", userId: user });
      await expectOk(ctx.url, model, "UpdateFleet", { Name: "multi", ImageName: "AppStream-WinServer2019-03-11-2025" });
      await ctx.control.openSession({ stackName: "s-multi", fleetName: "multi", userId: "user-d" });
      await waitFor(async () => (await ctx.control.fleets()).some((f) => f.Name === "broken" && f.State === "STOPPED" && f.FleetErrors !== undefined));
      see("Fleet", (await expectOk(ctx.url, model, "DescribeFleets", {})).Fleets);
      see("Session", (await expectOk(ctx.url, model, "DescribeSessions", { StackName: "s-multi", FleetName: "multi" })).Sessions);
      // Stacks: one with every member.
      await expectOk(ctx.url, model, "CreateStack", { ...(fullValue(model, "CreateStackRequest") as Record<string, unknown>), Name: "full-stack" });
      see("Stack", (await expectOk(ctx.url, model, "DescribeStacks", { Names: ["full-stack"] })).Stacks);
      // Images: the whole catalogue.
      let token: string | undefined;
      do {
        const page = await expectOk(ctx.url, model, "DescribeImages", token ? { NextToken: token } : {});
        see("Image", page.Images);
        token = page.NextToken as string | undefined;
      } while (token);
      const missing = ["Fleet", "Image", "Session", "Stack"].flatMap((shape) => [...modelMemberPaths(model, shape, shape)].filter((p) => !seen.has(p) && !NOT_SERVED[p]));
      assert.deepEqual(missing, [], "members of the model that no answer carries");
      for (const p of Object.keys(NOT_SERVED)) assert.ok(modelMemberPaths(model, p.split(".")[0], p.split(".")[0]).has(p), `NOT_SERVED names ${p}, which the model does not have`);
    });

    it("every image of the catalogue, page by page", async () => {
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await expectOk(ctx.url, model, "DescribeImages", token ? { NextToken: token } : {});
        token = page.NextToken as string | undefined;
        pages++;
      } while (token && pages < 20);
      assert.ok(pages >= 2, "the catalogue spans more than one page");
      for (const type of ["PUBLIC", "PRIVATE", "SHARED"]) await expectOk(ctx.url, model, "DescribeImages", { Type: type, MaxResults: 25 });
    });
  });

  describe("refusals use the codes the operation declares", () => {
    const refusals: [string, Record<string, unknown>, string][] = [
      ["CreateFleet", { Name: FLEET, InstanceType: "stream.standard.small", ImageName: WS2019, ComputeCapacity: { DesiredInstances: 1 } }, "ResourceAlreadyExistsException"],
      ["CreateFleet", { Name: "x", InstanceType: "stream.standard.small", ImageName: "no-such-image", ComputeCapacity: { DesiredInstances: 1 } }, "ResourceNotFoundException"],
      ["CreateFleet", { Name: "x", InstanceType: "stream.standard.small", ComputeCapacity: { DesiredInstances: 1 } }, "InvalidParameterCombinationException"],
      ["DescribeFleets", { Names: ["no-such-fleet"] }, "ResourceNotFoundException"],
      ["UpdateFleet", { Name: "no-such-fleet" }, "ResourceNotFoundException"],
      ["UpdateFleet", { Name: FLEET, ImageName: WS2019, ImageArn: "arn:aws:appstream:us-east-1::image/x" }, "InvalidParameterCombinationException"],
      ["DeleteFleet", { Name: "no-such-fleet" }, "ResourceNotFoundException"],
      ["StartFleet", { Name: "no-such-fleet" }, "ResourceNotFoundException"],
      ["StopFleet", { Name: "no-such-fleet" }, "ResourceNotFoundException"],
      ["CreateStack", { Name: STACK }, "ResourceAlreadyExistsException"],
      ["DescribeStacks", { Names: ["no-such-stack"] }, "ResourceNotFoundException"],
      ["DeleteStack", { Name: "no-such-stack" }, "ResourceNotFoundException"],
      ["AssociateFleet", { FleetName: "no-such-fleet", StackName: STACK }, "ResourceNotFoundException"],
      ["DisassociateFleet", { FleetName: FLEET, StackName: "no-such-stack" }, "ResourceNotFoundException"],
      ["TagResource", { ResourceArn: "arn:aws:appstream:us-east-1:123456789012:fleet/none", Tags: { a: "b" } }, "ResourceNotFoundException"],
      ["UntagResource", { ResourceArn: "arn:aws:appstream:us-east-1:123456789012:fleet/none", TagKeys: ["a"] }, "ResourceNotFoundException"],
      ["ListTagsForResource", { ResourceArn: "arn:aws:appstream:us-east-1:123456789012:stack/none" }, "ResourceNotFoundException"],
      ["DescribeImages", { Names: ["no-such-image"] }, "ResourceNotFoundException"],
      ["DescribeImages", { Names: [WS2019], Arns: ["arn:aws:appstream:us-east-1::image/x"] }, "InvalidParameterCombinationException"],
    ];
    for (const [op, request, code] of refusals) {
      it(`${op} ${JSON.stringify(request)} -> ${code}`, async () => {
        assert.ok(declaredErrors(model, op).includes(code) || COMMON_ERRORS.has(code), `${code} is not declared by ${op}`);
        const res = await call(ctx.url, op, request);
        assert.equal(errorCode(res), code, res.text);
      });
    }

    it("state conflicts: in use, in transition, limits", async () => {
      const expectCode = async (op: string, request: Record<string, unknown>, code: string): Promise<void> => {
        const res = await call(ctx.url, op, request);
        assert.equal(errorCode(res), code, `${op}: ${res.text}`);
        assert.deepEqual(answerProblems(model, op, res), []);
      };
      await expectOk(ctx.url, model, "AssociateFleet", { FleetName: FLEET, StackName: STACK });
      await expectCode("DeleteStack", { Name: STACK }, "ResourceInUseException");
      await expectCode("DeleteFleet", { Name: FLEET }, "ResourceInUseException");
      await expectOk(ctx.url, model, "CreateFleet", { ...BASE.CreateFleet(), Name: "other" });
      await expectCode("AssociateFleet", { FleetName: "other", StackName: STACK }, "LimitExceededException");
      await expectOk(ctx.url, model, "StartFleet", { Name: FLEET });
      await expectCode("StopFleet", { Name: FLEET }, "ConcurrentModificationException");
      await expectCode("UpdateFleet", { Name: FLEET, DisplayName: "x" }, "ResourceInUseException");
      const tags = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
      await expectOk(ctx.url, model, "TagResource", { ResourceArn: FLEET_ARN, Tags: tags });
      await expectCode("TagResource", { ResourceArn: FLEET_ARN, Tags: { extra: "v" } }, "LimitExceededException");
    });
  });
});

describe("locating the service model (tools/service-model.ts)", () => {
  it("APPSTREAM_SERVICE_MODEL names the file, .json or .json.gz", function () {
    if (!located) throw loadError;
    const dir = mkdtempSync(join(tmpdir(), "appstream-model-"));
    try {
      const raw = readFileSync(located.path);
      const json = join(dir, "service-2.json");
      writeFileSync(json, located.path.endsWith(".gz") ? gunzipSync(raw) : raw);
      const fromJson = loadServiceModel({ APPSTREAM_SERVICE_MODEL: json });
      assert.equal(fromJson.via, "APPSTREAM_SERVICE_MODEL");
      assert.deepEqual(Object.keys(fromJson.model.operations), Object.keys(located.model.operations));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a missing APPSTREAM_SERVICE_MODEL file is an error, not a fallback", () => {
    assert.throws(() => locateServiceModel({ APPSTREAM_SERVICE_MODEL: "/nonexistent/service-2.json.gz" }), (e: Error) => {
      return e instanceof ServiceModelNotFoundError && /APPSTREAM_SERVICE_MODEL .*\/nonexistent\/service-2.json.gz/.test(e.message);
    });
  });

  it("with no botocore reachable it fails with a message saying what to install or set", () => {
    const venv = join(pinnedCliDir(), "bin", "python3");
    let found: { via: string } | undefined;
    try {
      found = locateServiceModel({ PATH: "" });
    } catch (e) {
      assert.ok(e instanceof ServiceModelNotFoundError, String(e));
      assert.match(e.message, /pip install awscli/);
      assert.match(e.message, /APPSTREAM_SERVICE_MODEL/);
      assert.match(e.message, /Tried: /);
      return;
    }
    // Only the pinned AWS CLI's virtualenv can be found without PATH.
    assert.ok(existsSync(venv), `found without PATH: ${found.via}`);
    assert.match(found.via, /virtualenv/);
  });

  it("reads only the pinned botocore (aws-model.env): another version on the way is passed over and named", () => {
    const pin = readModelPin();
    const dir = mkdtempSync(join(tmpdir(), "appstream-other-botocore-"));
    try {
      // A Python whose botocore (version 1.0.0) has an AppStream model: first in line, and not the pin.
      const data = join(dir, "botocore", "data", "appstream", "2016-12-01");
      mkdirSync(data, { recursive: true });
      writeFileSync(join(data, "service-2.json"), "{}");
      const python = join(dir, "python3");
      writeFileSync(python, `#!/bin/sh\necho ${join(dir, "botocore")}\necho 1.0.0\n`, { mode: 0o755 });
      let found: { via: string } | undefined;
      try {
        found = locateServiceModel({ PATH: dir, APPSTREAM_BOTOCORE_PYTHON: python });
      } catch (e) {
        assert.ok(e instanceof ServiceModelNotFoundError, String(e));
        assert.match(e.message, new RegExp(`pinned botocore ${pin.botocore.replace(/\./g, "\\.")}`));
        assert.match(e.message, /APPSTREAM_BOTOCORE_PYTHON\): botocore 1\.0\.0/);
        return;
      }
      assert.match(found.via, new RegExp(`^botocore ${pin.botocore.replace(/\./g, "\\.")} of .*virtualenv`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---------------------------------------------------------------------------------------------

async function setUpWorld(url: string): Promise<void> {
  for (const [op, body] of [
    ["CreateFleet", { Name: FLEET, InstanceType: "stream.standard.small", FleetType: "ALWAYS_ON", ImageName: WS2019, ComputeCapacity: { DesiredInstances: 2 } }],
    ["CreateStack", { Name: STACK }],
  ] as const) {
    const res = await call(url, op, body);
    assert.equal(res.status, 200, `${op}: ${res.text}`);
  }
}

function call(url: string, op: string, body: unknown): Promise<RawResponse> {
  return rawCall(url, op, JSON.stringify(body));
}

function errorCode(res: RawResponse): string | undefined {
  if (res.status === 200) return undefined;
  return typeof res.json.__type === "string" ? res.json.__type : `HTTP ${res.status}`;
}

/** What is wrong with an answer: its shape (success) or its error code and body (refusal). */
function answerProblems(model: ServiceModel, op: string, res: RawResponse): string[] {
  if (res.status === 200) {
    const output = model.operations[op].output?.shape;
    if (!output) return [];
    return outputViolations(model, output, res.json).map((v) => `answer ${v.path || "(top)"}: ${v.message}`);
  }
  const problems: string[] = [];
  const code = res.json.__type;
  if (typeof code !== "string") return [`error answer without __type: ${res.text}`];
  if (!declaredErrors(model, op).includes(code) && !COMMON_ERRORS.has(code)) {
    problems.push(`${code} is neither declared by ${op} (${declaredErrors(model, op).join(", ") || "none"}) nor a common error`);
  }
  if (res.headers.get("x-amzn-errortype") !== code) problems.push(`x-amzn-errortype ${res.headers.get("x-amzn-errortype")} != ${code}`);
  if (typeof res.json.message !== "string") problems.push(`${code} without a message`);
  return problems;
}

async function expectOk(url: string, model: ServiceModel, op: string, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const body = JSON.parse(JSON.stringify(request)) as Record<string, unknown>; // drops undefined members
  assert.deepEqual(inputViolations(model, model.operations[op].input!.shape, body), [], `${op} request is valid by the model`);
  const res = await call(url, op, body);
  assert.equal(res.status, 200, `${op}: ${res.text}`);
  assert.deepEqual(answerProblems(model, op, res), [], `${op} answer`);
  return res.json;
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail("condition not reached");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Every member of the request that the answer's shape also has comes back with the value sent
 * (structures member by member, so a member the answer adds, such as S3BucketName, is allowed).
 */
function assertEchoes(model: ServiceModel, requestShape: string, request: Record<string, unknown>, answerShape: string, answer: unknown, skip: string[]): void {
  const outMembers = model.shapes[answerShape].members ?? {};
  const inMembers = model.shapes[requestShape].members ?? {};
  const missing: string[] = [];
  for (const [name, value] of Object.entries(request)) {
    if (value === undefined || skip.includes(name) || !inMembers[name] || !outMembers[name]) continue;
    const got = (answer as Record<string, unknown>)[name];
    if (!echoes(value, got)) missing.push(`${name}: sent ${JSON.stringify(value)}, got ${JSON.stringify(got)}`);
  }
  assert.deepEqual(missing, [], `${answerShape} keeps every member sent`);
}

function echoes(sent: unknown, got: unknown): boolean {
  if (Array.isArray(sent)) return Array.isArray(got) && sent.length === got.length && sent.every((s, i) => echoes(s, got[i]));
  if (typeof sent === "object" && sent !== null) {
    return typeof got === "object" && got !== null && Object.entries(sent).every(([k, v]) => echoes(v, (got as Record<string, unknown>)[k]));
  }
  return isDeepStrictEqual(sent, got);
}

/**
 * Output members no answer of the emulator carries, with the reason (every other member of the
 * model's Fleet, Image, Session and Stack shapes must appear in some answer).
 */
const NOT_SERVED: Record<string, string> = {
  "Stack.StackErrors": "AWS reports them when it cannot set up a stack's storage connector; the emulator sets up nothing that can fail",
  "Stack.StackErrors.ErrorCode": "as Stack.StackErrors",
  "Stack.StackErrors.ErrorMessage": "as Stack.StackErrors",
};

/** The member paths of a shape ("Image.Applications.IconS3Location.S3Bucket"), lists and map values entered. */
function modelMemberPaths(model: ServiceModel, shapeName: string, prefix: string, out = new Set<string>(), depth = 0): Set<string> {
  const shape = model.shapes[shapeName];
  if (depth > 6) return out;
  if (shape.type === "list") return modelMemberPaths(model, shape.member!.shape, prefix, out, depth + 1);
  if (shape.type === "map") return modelMemberPaths(model, shape.value!.shape, prefix, out, depth + 1);
  if (shape.type !== "structure") return out;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (ref.deprecated) continue;
    out.add(`${prefix}.${name}`);
    modelMemberPaths(model, ref.shape, `${prefix}.${name}`, out, depth + 1);
  }
  return out;
}

/** The member paths an answer's value carries (same form as modelMemberPaths). */
function servedMemberPaths(model: ServiceModel, shapeName: string, value: unknown, prefix: string, out: Set<string>): void {
  const shape = model.shapes[shapeName];
  if (value === undefined || value === null) return;
  if (shape.type === "list" && Array.isArray(value)) for (const v of value) servedMemberPaths(model, shape.member!.shape, v, prefix, out);
  else if (shape.type === "map" && typeof value === "object") for (const v of Object.values(value)) servedMemberPaths(model, shape.value!.shape, v, prefix, out);
  else if (shape.type === "structure" && typeof value === "object") {
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      const ref = shape.members?.[name];
      if (!ref || v === undefined) continue;
      out.add(`${prefix}.${name}`);
      servedMemberPaths(model, ref.shape, v, `${prefix}.${name}`, out);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Building requests from the model// ---------------------------------------------------------------------------------------------
// Building requests from the model

type Step = { member: string } | { index: 0 } | { mapKey: true } | { mapValue: true };

interface Target {
  steps: Step[];
  /** The shape at the end of the path. */
  shapeName: string;
  /** The member name (or the enclosing member's, for list members and map entries). */
  memberName: string;
  required: boolean;
  label: string;
  /** Path without indexes, e.g. "VpcConfig.SecurityGroupIds". */
  key: string;
}

/** Every member, list member and map key / value reachable from the input shape. */
function targetsOf(model: ServiceModel, rootShape: string): Target[] {
  const out: Target[] = [];
  const walk = (shapeName: string, steps: Step[], label: string, key: string, memberName: string, depth: number): void => {
    const shape = model.shapes[shapeName];
    if (depth > 6) return;
    if (shape.type === "structure") {
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const s = [...steps, { member: name }];
        const l = label ? `${label}.${name}` : name;
        const k = key ? `${key}.${name}` : name;
        out.push({ steps: s, shapeName: ref.shape, memberName: name, required: (shape.required ?? []).includes(name), label: l, key: k });
        walk(ref.shape, s, l, k, name, depth + 1);
      }
    } else if (shape.type === "list") {
      const s = [...steps, { index: 0 as const }];
      out.push({ steps: s, shapeName: shape.member!.shape, memberName, required: false, label: `${label}[0]`, key });
      walk(shape.member!.shape, s, `${label}[0]`, key, memberName, depth + 1);
    } else if (shape.type === "map") {
      out.push({ steps: [...steps, { mapKey: true }], shapeName: shape.key!.shape, memberName, required: false, label: `${label}{key}`, key: `${key}{key}` });
      const s = [...steps, { mapValue: true as const }];
      out.push({ steps: s, shapeName: shape.value!.shape, memberName, required: false, label: `${label}{value}`, key: `${key}{value}` });
      walk(shape.value!.shape, s, `${label}{value}`, `${key}{value}`, memberName, depth + 1);
    }
  };
  walk(rootShape, [], "", "", "", 0);
  return out;
}

interface Case {
  kind: string;
  value?: unknown;
  omit?: boolean;
}

function describeValue(c: Case): string {
  if (c.omit) return "(absent)";
  const text = JSON.stringify(c.value) ?? String(c.value);
  return text.length > 60 ? `${text.slice(0, 40)}... (${text.length} chars)` : text;
}

/** The values to try at a target, from its shape in the model. */
function casesFor(model: ServiceModel, t: Target): Case[] {
  const shape = model.shapes[t.shapeName];
  const cases: Case[] = [];
  const isMapKey = "mapKey" in (t.steps[t.steps.length - 1] ?? {});
  if (t.required) cases.push({ kind: "required", omit: true });
  if (!isMapKey) for (const value of wrongTypes(shape)) cases.push({ kind: "wrong JSON type", value });
  cases.push({ kind: "valid", value: sampleValue(model, t.shapeName, t.memberName) });
  switch (shape.type) {
    case "string":
      if (shape.enum) {
        for (const e of shape.enum) cases.push({ kind: "enum", value: e });
        cases.push({ kind: "enum (invalid)", value: "NOT_AN_ENUM_VALUE" });
      }
      for (const n of bounds(shape)) {
        const value = shape.pattern ? (patternSample(shape.pattern, n) ?? "a".repeat(n)) : "a".repeat(n);
        cases.push({ kind: `length ${n}`, value });
      }
      if (shape.pattern) {
        const good = patternSample(shape.pattern, undefined, shape.min ?? 0, shape.max ?? 4096);
        if (good !== undefined) cases.push({ kind: "pattern", value: good });
        const bad = patternBreaker(shape.pattern, shape.min ?? 0, shape.max ?? Infinity);
        if (bad !== undefined) cases.push({ kind: "pattern (broken)", value: bad });
      }
      break;
    case "integer":
    case "long":
      for (const n of [shape.min !== undefined ? [shape.min - 1, shape.min] : [], shape.max !== undefined ? [shape.max, shape.max + 1] : []].flat()) {
        cases.push({ kind: `value ${n}`, value: n });
      }
      break;
    case "boolean":
      cases.push({ kind: "boolean", value: true }, { kind: "boolean", value: false });
      break;
    case "list": {
      const item = sampleValue(model, shape.member!.shape, t.memberName);
      for (const n of bounds(shape)) cases.push({ kind: `size ${n}`, value: Array.from({ length: n }, () => structuredClone(item)) });
      break;
    }
    case "map": {
      const value = sampleValue(model, shape.value!.shape, t.memberName);
      for (const n of bounds(shape)) {
        const keys = Array.from({ length: n }, (_, i) => `k${i}`);
        cases.push({ kind: `size ${n}`, value: Object.fromEntries(keys.map((k) => [k, structuredClone(value)])) });
      }
      break;
    }
    case "structure":
      cases.push({ kind: "empty structure", value: {} });
      break;
  }
  return cases;
}

/** Lengths (or sizes) on both sides of each bound the shape has. */
function bounds(shape: ModelShape): number[] {
  const out = new Set<number>();
  if (shape.min !== undefined) {
    if (shape.min > 0) out.add(shape.min - 1);
    out.add(shape.min);
  } else if (shape.type !== "string" || !shape.enum) {
    out.add(0);
  }
  if (shape.max !== undefined) {
    out.add(shape.max);
    out.add(shape.max + 1);
  }
  return [...out];
}

function wrongTypes(shape: ModelShape): unknown[] {
  switch (shape.type) {
    case "string":
      return [42, true, { a: "b" }];
    case "integer":
    case "long":
      return ["1", 1.5, true, 2 ** 31];
    case "boolean":
      return ["true", 0];
    case "list":
      return ["x", { a: "b" }];
    case "map":
      return ["x", ["a"]];
    case "structure":
      return ["x", [], 1];
    default:
      return [];
  }
}

/** A value the model accepts for this shape (SAMPLES first, for documented limits). */
function sampleValue(model: ServiceModel, shapeName: string, memberName: string): unknown {
  if (memberName in SAMPLES && model.shapes[shapeName].type !== "list" && model.shapes[shapeName].type !== "structure") {
    return SAMPLES[memberName];
  }
  return minimalValue(model, shapeName, memberName);
}

/** The smallest value the model accepts: required members only, one list member, one map entry. */
function minimalValue(model: ServiceModel, shapeName: string, memberName = "", full = false): unknown {
  const shape = model.shapes[shapeName];
  switch (shape.type) {
    case "string":
      if (memberName in SAMPLES && typeof SAMPLES[memberName] === "string") return SAMPLES[memberName];
      if (shape.enum) return shape.enum[0];
      if (shape.pattern) return patternSample(shape.pattern, undefined, Math.max(shape.min ?? 0, 1), shape.max ?? 4096) ?? "a";
      return "a".repeat(Math.max(shape.min ?? 1, 1));
    case "integer":
    case "long":
      if (memberName in SAMPLES) return SAMPLES[memberName];
      return shape.min !== undefined ? Math.max(shape.min, 1) : 1;
    case "boolean":
      return true;
    case "timestamp":
      return 1_700_000_000;
    case "list":
      return Array.from({ length: Math.max(shape.min ?? 0, 1) }, () => minimalValue(model, shape.member!.shape, memberName, full));
    case "map": {
      const key = minimalValue(model, shape.key!.shape) as string;
      return { [key]: minimalValue(model, shape.value!.shape, memberName, full) };
    }
    case "structure": {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        if (ref.deprecated) continue;
        if (full || (shape.required ?? []).includes(name)) out[name] = minimalValue(model, ref.shape, name, full);
      }
      return out;
    }
    default:
      return "a";
  }
}

/** A value with every member the model has (deprecated ones aside), each valid. */
function fullValue(model: ServiceModel, shapeName: string): unknown {
  return minimalValue(model, shapeName, "", true);
}

/** Sets (or removes) the case's value at the target path, creating valid parents on the way. */
function setAt(model: ServiceModel, shapeName: string, container: Record<string, unknown> | unknown[], steps: Step[], c: Case): void {
  const [step, ...rest] = steps;
  const shape = model.shapes[shapeName];
  if ("member" in step) {
    const obj = container as Record<string, unknown>;
    const memberShape = shape.members![step.member].shape;
    if (rest.length === 0) {
      if (c.omit) delete obj[step.member];
      else obj[step.member] = c.value;
      return;
    }
    if (obj[step.member] === undefined) obj[step.member] = minimalValue(model, memberShape, step.member);
    setAt(model, memberShape, obj[step.member] as Record<string, unknown>, rest, c);
  } else if ("index" in step) {
    const arr = container as unknown[];
    if (rest.length === 0) arr[0] = c.value;
    else setAt(model, shape.member!.shape, arr[0] as Record<string, unknown>, rest, c);
  } else {
    const obj = container as Record<string, unknown>;
    const [firstKey] = Object.keys(obj);
    if ("mapKey" in step) {
      const value = obj[firstKey];
      delete obj[firstKey];
      obj[String(c.value)] = value;
    } else if (rest.length === 0) {
      obj[firstKey] = c.value;
    } else {
      setAt(model, shape.value!.shape, obj[firstKey] as Record<string, unknown>, rest, c);
    }
  }
}
