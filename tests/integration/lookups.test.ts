/**
 * The lookups against the local emulator over real HTTP, with the real SDK: every selector and
 * filter, Type as the server applies it, pagination past a page, the error cases, mostRecent,
 * session filters, both ways of pointing at the endpoint (environment / options), and the Output
 * forms outside a Pulumi program.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as path from "path";
import {
  AppStreamClient,
  AssociateFleetCommand,
  CreateFleetCommand,
  CreateStackCommand,
  DescribeFleetsCommand,
  StartFleetCommand,
} from "@aws-sdk/client-appstream";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCOUNT_ID, DEFAULT_IMAGES, EmulatorControl, startEmulator, type ImageInput, type RunningEmulator } from "../../emulator";
import { resetClients } from "../../provider/aws/client";
import {
  AmbiguousImageError,
  getImage,
  getImageOutput,
  getImages,
  getImagesOutput,
  getSessions,
  getSessionsOutput,
  ImageNotFoundError,
  LookupArgumentError,
  type Image,
} from "../../provider";
import { applyChange, formatChange } from "../../provider/lookups/suggest";
import { assertPlainJson } from "../support/plain-json";

const ENV_KEYS = [
  "AWS_ENDPOINT_URL_APPSTREAM",
  "AWS_ENDPOINT_URL",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
] as const;

/** An Output's value, outside a Pulumi program (apply runs without the engine in 3.276). */
function resolved<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply((v) => resolve(v)));
}

const names = (images: Image[]) => images.map((i) => i.name);

describe("lookups against the emulator", function () {
  this.timeout(60_000);
  let emu: RunningEmulator;
  let control: EmulatorControl;
  let saved: Record<string, string | undefined>;

  /** The AWS operations received since `seq`, successful or not. */
  const opsSince = async (seq: number) => (await control.calls()).filter((c) => c.seq > seq).map((c) => c.operation);
  const lastSeq = async () => (await control.calls()).at(-1)?.seq ?? 0;

  before(async () => {
    emu = await startEmulator({ port: 0, startDelaySeconds: 0.2, stopDelaySeconds: 0.1 });
    control = new EmulatorControl(emu.url);
    saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
    for (const k of ENV_KEYS) delete process.env[k];
    // The environment way: what a Pulumi program or script run against the emulator would set.
    process.env.AWS_ENDPOINT_URL_APPSTREAM = emu.url;
    process.env.AWS_REGION = "us-east-1";
    process.env.AWS_ACCESS_KEY_ID = "test";
    process.env.AWS_SECRET_ACCESS_KEY = "test";
    resetClients();
  });

  after(async () => {
    resetClients();
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await emu?.close();
  });

  describe("images", () => {
    beforeEach(() => control.reset());

    it("getImage by name returns every member in camelCase, as plain JSON, in one call", async () => {
      const seq = await lastSeq();
      const image = await getImage({ name: "AppStream-WinServer2019-06-17-2024" });
      assertPlainJson(image);
      assert.deepEqual(image, {
        name: "AppStream-WinServer2019-06-17-2024",
        arn: "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024",
        displayName: "AppStream-WinServer2019-06-17-2024",
        description: "Windows Server 2019 base image, released 06-17-2024",
        state: "AVAILABLE",
        visibility: "PUBLIC",
        imageBuilderSupported: true,
        platform: "WINDOWS_SERVER_2019",
        createdTime: "2024-06-17T00:00:00.000Z",
        publicBaseImageReleasedDate: "2024-06-17T00:00:00.000Z",
        appstreamAgentVersion: "06-17-2024",
        latestAppstreamAgentVersion: "FALSE",
        supportedInstanceFamilies: ["GENERAL_PURPOSE", "COMPUTE_OPTIMIZED", "MEMORY_OPTIMIZED"],
        dynamicAppProvidersEnabled: "DISABLED",
        imageSharedWithOthers: "FALSE",
        managedSoftwareIncluded: false,
        imageType: "NATIVE",
      });
      assert.deepEqual(await opsSince(seq), ["DescribeImages"]);
    });

    it("getImage({ platform: \"WINDOWS_11\" }) asks AWS (the SDK's list lacks the value, the model has it) and finds the BYOL image", async () => {
      const seq = await lastSeq();
      const image = await getImage({ nameRegex: "win11", platform: "WINDOWS_11", type: "PRIVATE" });
      assert.deepEqual([image.name, image.platform, image.imageType], ["company-win11-byol-2025-06", "WINDOWS_11", "BYOL"]);
      assert.deepEqual(await opsSince(seq), ["DescribeImages"]);
    });

    it("getImage by ARN returns nested members camelCased (applications, permissions)", async () => {
      const arn = `arn:aws:appstream:us-east-1:${DEFAULT_ACCOUNT_ID}:image/company-apps-2025-03`;
      const image = await getImage({ arn });
      assert.equal(image.arn, arn);
      assertPlainJson(image);
      assert.equal(image.name, "company-apps-2025-03");
      assert.equal(image.visibility, "PRIVATE");
      assert.equal(image.baseImageArn, "arn:aws:appstream:us-east-1::image/AppStream-WinServer2019-06-17-2024");
      assert.equal(image.imageBuilderName, "company-builder");
      assert.deepEqual(image.imagePermissions, { allowFleet: true, allowImageBuilder: true });
      assert.deepEqual(image.applications?.[2], {
        name: "VSCode",
        displayName: "Visual Studio Code",
        launchPath: "C:\\Program Files\\Microsoft VS Code\\Code.exe",
        enabled: true,
        metadata: {},
        platforms: ["WINDOWS_SERVER_2019"],
        instanceFamilies: ["GENERAL_PURPOSE", "COMPUTE_OPTIMIZED", "MEMORY_OPTIMIZED"],
      });
    });

    it("no match by name or by ARN: ImageNotFoundError saying what was searched and where", async () => {
      await assert.rejects(getImage({ name: "no-such-image", type: "PRIVATE" }), (e: unknown) => {
        assert.ok(e instanceof ImageNotFoundError, String(e));
        assert.match(e.message, /^getImage: no image matches name "no-such-image" \(type PRIVATE, states \[AVAILABLE\]\) in us-east-1\. None of the \d+ images visible here is near it \(getImages lists them\)\.$/);
        assert.deepEqual(e.suggestions, [], "no name near it: no suggestion");
        return true;
      });
      await assert.rejects(
        getImage({ arn: "arn:aws:appstream:us-east-1::image/no-such-image" }),
        (e: unknown) => e instanceof ImageNotFoundError && /arn "arn:aws:appstream:us-east-1::image\/no-such-image"/.test(e.message),
      );
    });

    it("no match: every change the error suggests, applied to the arguments, finds the image it names (real DescribeImages)", async () => {
      const queries: Record<string, unknown>[] = [
        { nameRegex: "^AppStream-WinServer2016-", platform: "WINDOWS_SERVER_2019" },
        { name: "AppStream-WinServer2019-06-17-2023" },
        { name: "company-apps-2025-04" },
        { nameRegex: "^company-apps-", type: "PUBLIC" },
        { nameRegex: "AmazonLinux2", imageBuilderSupported: false, platform: "WINDOWS_SERVER_2022" },
        { arn: "arn:aws:appstream:us-east-1::image/AppStream-AmazonLinux2-06-17-2025" },
      ];
      let tried = 0;
      for (const args of queries) {
        const e = await getImage(args as never).then(
          (i) => assert.fail(`${JSON.stringify(args)} found ${i.name}`),
          (x: unknown) => x,
        );
        assert.ok(e instanceof ImageNotFoundError, String(e));
        assert.ok(e.suggestions.length > 0, `${JSON.stringify(args)}: no suggestion in ${e.message}`);
        for (const { change, finds } of e.suggestions) {
          const image = await getImage(applyChange(args, change) as never);
          assert.equal(image.name, finds, `${JSON.stringify(args)} + ${formatChange(change)}`);
          tried++;
        }
      }
      assert.ok(tried >= queries.length);
    });

    it("non-AVAILABLE images are excluded by default, named in the error, and found with states", async () => {
      await assert.rejects(getImage({ name: "company-apps-2025-04" }), (e: unknown) => {
        assert.ok(e instanceof ImageNotFoundError, String(e));
        assert.match(e.message, /1 image\(s\) matched the selector but not the filters: company-apps-2025-04 \(state PENDING\)/);
        return true;
      });
      assert.equal((await getImage({ name: "company-apps-2025-04", states: ["PENDING"] })).state, "PENDING");
      const failed = await getImage({ name: "company-apps-2025-02", states: ["FAILED", "PENDING"] });
      assert.deepEqual(failed.stateChangeReason, {
        code: "IMAGE_BUILDER_NOT_AVAILABLE",
        message: "The image builder company-builder was not available.",
      });
      const all = await getImages({ nameRegex: "^company-apps-", states: ["AVAILABLE", "PENDING", "FAILED", "DELETING"] });
      assert.deepEqual(names(all.images).sort(), ["company-apps-2024-12", "company-apps-2025-02", "company-apps-2025-03", "company-apps-2025-04"]);
      assert.deepEqual(names((await getImages({ nameRegex: "^company-apps-" })).images), ["company-apps-2025-03"]);
    });

    it("nameRegex (search semantics): several matches are an AmbiguousImageError listing names and times", async () => {
      await assert.rejects(getImage({ nameRegex: "WinServer2019-", type: "PUBLIC", platform: "WINDOWS_SERVER_2019" }), (e: unknown) => {
        assert.ok(e instanceof AmbiguousImageError, String(e));
        // Search semantics: the G4dn graphics image contains "WinServer2019-" too.
        assert.equal(e.matches.length, 6);
        assert.ok(e.matches.includes("AppStream-Graphics-G4dn-WinServer2019-06-17-2024"));
        assert.match(e.message, /^getImage: 6 images match nameRegex \/WinServer2019-\/ \(type PUBLIC, platform WINDOWS_SERVER_2019, states \[AVAILABLE\]\) in us-east-1: /);
        assert.match(e.message, /AppStream-WinServer2019-03-11-2025 \(created 2025-03-11T00:00:00.000Z\)/);
        assert.match(e.message, /Set mostRecent: true/);
        return true;
      });
    });

    it("mostRecent takes the newest by CreatedTime, not the last by name", async () => {
      // By name "...-11-13-2023" sorts last and "...-01-12-2025" first; by time 03-11-2025 wins.
      const newest = await getImage({ nameRegex: "^AppStream-WinServer2019-", mostRecent: true });
      assert.equal(newest.name, "AppStream-WinServer2019-03-11-2025");
      // Names that sort the opposite way to their times, added for the purpose.
      await control.addImages([
        { Name: "zz-release-old", CreatedTime: Date.UTC(2020, 0, 1) / 1000 },
        { Name: "aa-release-new", CreatedTime: Date.UTC(2025, 5, 1) / 1000 },
        { Name: "mm-release-mid", CreatedTime: Date.UTC(2023, 0, 1) / 1000 },
      ]);
      const picked = await getImage({ nameRegex: "-release-", type: "PRIVATE", mostRecent: true });
      assert.equal(picked.name, "aa-release-new");
      assert.equal(picked.createdTime, "2025-06-01T00:00:00.000Z");
    });

    it("type is sent to the server: PRIVATE and SHARED lists hold only that visibility", async () => {
      const priv = await getImages({ type: "PRIVATE", states: ["AVAILABLE", "PENDING", "FAILED", "DELETING"] });
      assert.ok(priv.images.length >= 4);
      assert.ok(priv.images.every((i) => i.visibility === "PRIVATE"), JSON.stringify(names(priv.images)));
      const shared = await getImages({ type: "SHARED" });
      assert.deepEqual(names(shared.images), ["partner-cad-suite-2025-01"]);
      assert.equal((await getImage({ nameRegex: "partner", type: "SHARED" })).visibility, "SHARED");
      await assert.rejects(getImage({ nameRegex: "^company-", type: "PUBLIC" }), /no image matches nameRegex \/\^company-\/ \(type PUBLIC,/);
    });

    it("platform and imageBuilderSupported filter client-side", async () => {
      const res = await getImages({ type: "PUBLIC", platform: "WINDOWS_SERVER_2019", imageBuilderSupported: false });
      assert.deepEqual(names(res.images).sort(), ["Amazon-AppStream2-Sample-Image-03-11-2023", "AppStream-WinServer2019-03-03-2022"]);
      const linux = await getImage({ nameRegex: "AmazonLinux2-06-17", platform: "AMAZON_LINUX2", imageBuilderSupported: true });
      assert.equal(linux.name, "AppStream-AmazonLinux2-06-17-2024");
      await assert.rejects(
        getImage({ name: "AppStream-AmazonLinux2-06-17-2024", platform: "WINDOWS_SERVER_2019" }),
        /AppStream-AmazonLinux2-06-17-2024 \(platform AMAZON_LINUX2\)/,
      );
    });

    it("getImages reads every page (25 per page) of the catalogue and of added images", async () => {
      const available = DEFAULT_IMAGES.filter((i) => i.State === "AVAILABLE").map((i) => i.Name).sort();
      let seq = await lastSeq();
      const all = await getImages();
      assert.deepEqual(names(all.images).sort(), available);
      assert.ok(DEFAULT_IMAGES.length > 25 && DEFAULT_IMAGES.length <= 50);
      assert.deepEqual(await opsSince(seq), ["DescribeImages", "DescribeImages"]);

      const added: ImageInput[] = Array.from({ length: 30 }, (_, i) => ({ Name: `bulk-${String(i).padStart(2, "0")}` }));
      await control.addImages(added);
      const total = DEFAULT_IMAGES.length + added.length; // 65: three pages
      seq = await lastSeq();
      const everything = await getImages({ states: ["AVAILABLE", "PENDING", "FAILED", "DELETING"] });
      assert.equal(everything.images.length, total);
      assert.equal(new Set(names(everything.images)).size, total);
      assert.deepEqual(await opsSince(seq), ["DescribeImages", "DescribeImages", "DescribeImages"]);
      const bulk = await getImages({ nameRegex: "^bulk-", type: "PRIVATE" });
      assert.equal(bulk.images.length, 30);
    });

    it("bad arguments fail before any API call, naming the argument", async () => {
      const seq = await lastSeq();
      const cases: [unknown, string][] = [
        [{}, "name, arn, nameRegex"],
        [{ name: "a", nameRegex: "b" }, "name, nameRegex"],
        [{ name: "a", type: "OWNED" }, "type"],
        [{ nameRegex: "[" }, "nameRegex"],
        [{ name: "a", states: ["READY"] }, "states"],
        [{ name: "a", platform: "DOS" }, "platform"],
      ];
      for (const [args, argument] of cases) {
        await assert.rejects(getImage(args as never), (e: unknown) => e instanceof LookupArgumentError && e.argument === argument);
      }
      await assert.rejects(getImages({ type: "public" as never }), LookupArgumentError);
      assert.deepEqual(await opsSince(seq), []);
    });

    it("options instead of the environment: endpoint and region from opts win", async () => {
      const env = process.env.AWS_ENDPOINT_URL_APPSTREAM;
      process.env.AWS_ENDPOINT_URL_APPSTREAM = "http://127.0.0.1:9"; // nothing listens there
      try {
        const image = await getImage({ name: "AppStream-AmazonLinux2-06-17-2024" }, { endpoint: emu.url, region: "eu-west-1" });
        // The emulator answers ARNs in the caller's region: proof that the region option was used.
        assert.equal(image.arn, "arn:aws:appstream:eu-west-1::image/AppStream-AmazonLinux2-06-17-2024");
        await assert.rejects(getImage({ name: "nope" }, { endpoint: emu.url, region: "eu-west-1" }), / in eu-west-1\. /);
        const sessions = await getSessions({ stackName: "no-stack", fleetName: "no-fleet" }, { endpoint: emu.url, region: "us-east-1" });
        assert.deepEqual(sessions, { sessions: [] });
      } finally {
        process.env.AWS_ENDPOINT_URL_APPSTREAM = env;
      }
    });

    it("getImageOutput / getImagesOutput resolve outside a Pulumi program, with Input arguments", async () => {
      const image = await resolved(
        getImageOutput({ nameRegex: pulumi.output("^AppStream-AmazonLinux2-"), mostRecent: Promise.resolve(true), states: [pulumi.output("AVAILABLE" as const)] }),
      );
      assert.equal(image.name, "AppStream-AmazonLinux2-03-11-2025");
      assertPlainJson(image);
      const list = await resolved(getImagesOutput({ type: "SHARED" }, { endpoint: emu.url, region: "us-east-1" }));
      assert.deepEqual(names(list.images), ["partner-cad-suite-2025-01"]);
    });

    it("getImageOutput runs during a preview (mocked engine, in a child process to keep this one's runtime clean)", async () => {
      const provider = path.resolve(__dirname, "../../provider");
      const program = `
        const pulumi = require("@pulumi/pulumi");
        (async () => {
          await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "p", "s", true);
          const { getImageOutput } = require(${JSON.stringify(provider)});
          getImageOutput({ nameRegex: "^AppStream-RHEL8-", mostRecent: true })
            .apply((i) => console.log(JSON.stringify({ dryRun: pulumi.runtime.isDryRun(), name: i.name })));
        })();`;
      // Async execFile: a synchronous spawn would block the in-process emulator it calls.
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          process.execPath,
          ["-r", "ts-node/register/transpile-only", "-e", program],
          { cwd: path.resolve(__dirname, "../.."), env: { ...process.env, AWS_ENDPOINT_URL_APPSTREAM: emu.url }, timeout: 50_000 },
          (err, out, errOut) => (err ? reject(new Error(`${err.message}\n${errOut}`)) : resolve(out)),
        ),
      );
      assert.deepEqual(JSON.parse(stdout.trim().split("\n").at(-1) ?? ""), { dryRun: true, name: "AppStream-RHEL8-01-12-2025" });
    });
  });

  describe("sessions", () => {
    const stackName = "lookup-stack";
    const fleetName = "lookup-fleet";
    let client: AppStreamClient;

    before(async () => {
      await control.reset();
      client = new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
      await client.send(
        new CreateFleetCommand({
          Name: fleetName,
          InstanceType: "stream.standard.medium",
          ImageName: "AppStream-WinServer2019-06-17-2024",
          FleetType: "ON_DEMAND",
          ComputeCapacity: { DesiredInstances: 100 },
        }),
      );
      await client.send(new StartFleetCommand({ Name: fleetName }));
      for (let i = 0; ; i++) {
        const { Fleets } = await client.send(new DescribeFleetsCommand({ Names: [fleetName] }));
        if (Fleets?.[0]?.State === "RUNNING") break;
        if (i > 100) throw new Error(`fleet never RUNNING: ${Fleets?.[0]?.State}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await client.send(new CreateStackCommand({ Name: stackName }));
      await client.send(new AssociateFleetCommand({ StackName: stackName, FleetName: fleetName }));
      for (let i = 0; i < 60; i++) await control.openSession({ stackName, fleetName, userId: `user-${String(i).padStart(2, "0")}` });
      for (const userId of ["saml-alice", "saml-bob", "saml-carol"]) {
        await control.openSession({ stackName, fleetName, userId, authenticationType: "SAML" });
      }
      await control.openSession({ stackName, fleetName, userId: "pool-dave", authenticationType: "USERPOOL" });
    });

    after(() => client?.destroy());

    it("reads every page (50 per page): 60 API sessions, plain JSON with ISO times", async () => {
      const seq = await lastSeq();
      const { sessions } = await getSessions({ stackName, fleetName });
      assert.equal(sessions.length, 60);
      assert.equal(new Set(sessions.map((s) => s.id)).size, 60);
      assert.deepEqual(await opsSince(seq), ["DescribeSessions", "DescribeSessions"]);
      assertPlainJson(sessions);
      const s = sessions.find((x) => x.userId === "user-07");
      assert.ok(s);
      assert.deepEqual(Object.keys(s).sort(), [
        "authenticationType",
        "connectionState",
        "fleetName",
        "id",
        "instanceDrainStatus",
        "instanceId",
        "maxExpirationTime",
        "networkAccessConfiguration",
        "stackName",
        "startTime",
        "state",
        "userId",
      ]);
      assert.equal(s.stackName, stackName);
      assert.equal(s.fleetName, fleetName);
      assert.equal(s.state, "ACTIVE");
      assert.equal(s.connectionState, "CONNECTED");
      assert.equal(s.authenticationType, "API");
      assert.match(s.startTime ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(Date.parse(s.maxExpirationTime ?? "") > Date.parse(s.startTime ?? ""));
    });

    it("authenticationType: absent means the service default (API); SAML and USERPOOL only when asked", async () => {
      const api = await getSessions({ stackName, fleetName, authenticationType: "API" });
      assert.equal(api.sessions.length, 60);
      const saml = await getSessions({ stackName, fleetName, authenticationType: "SAML" });
      assert.deepEqual(saml.sessions.map((s) => s.userId).sort(), ["saml-alice", "saml-bob", "saml-carol"]);
      assert.ok(saml.sessions.every((s) => s.authenticationType === "SAML"));
      const pool = await getSessions({ stackName, fleetName, authenticationType: "USERPOOL" });
      assert.deepEqual(pool.sessions.map((s) => s.userId), ["pool-dave"]);
      const byDefault = await getSessions({ stackName, fleetName });
      assert.ok(byDefault.sessions.every((s) => s.authenticationType === "API"));
    });

    it("userId filters to one user's sessions", async () => {
      const { sessions } = await getSessions({ stackName, fleetName, userId: "user-42" });
      assert.deepEqual(sessions.map((s) => s.userId), ["user-42"]);
      const samlUser = await getSessions({ stackName, fleetName, userId: "saml-bob", authenticationType: "SAML" });
      assert.equal(samlUser.sessions.length, 1);
      assert.deepEqual((await getSessions({ stackName, fleetName, userId: "saml-bob" })).sessions, []);
    });

    it("bad arguments fail before any API call", async () => {
      const seq = await lastSeq();
      await assert.rejects(getSessions({ stackName, fleetName: "" }), (e: unknown) => e instanceof LookupArgumentError && e.argument === "fleetName");
      await assert.rejects(getSessions({ stackName, fleetName, authenticationType: "OIDC" as never }), /argument "authenticationType" must be one of/);
      await assert.rejects(getSessions({ fleetName } as never), /argument "stackName" is required/);
      assert.deepEqual(await opsSince(seq), []);
    });

    it("getSessionsOutput resolves outside a Pulumi program, with Input arguments", async () => {
      const out = getSessionsOutput({ stackName: pulumi.output(stackName), fleetName: Promise.resolve(fleetName), authenticationType: "SAML" });
      const { sessions } = await resolved(out);
      assert.equal(sessions.length, 3);
      assertPlainJson(sessions);
    });
  });
});
