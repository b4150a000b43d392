/**
 * Region as the AWS ecosystem resolves it: a lookup's own `region` argument, then the SDK's chain
 * (AWS_REGION, then the shared config file's profile, as the AWS CLI does), and a clear message
 * when nothing sets one. Against the emulator, which writes the request's region into image ARNs.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { getImage, getImages } from "../../provider";
import { appStreamClient, clientRegion, resetClients } from "../../provider/aws/client";
import { IMAGE } from "../support/engine-stand-in";
import { Harness, startHarness } from "../support/harness";

describe("region: argument, SDK chain, shared config profile", function () {
  this.timeout(60000);
  let h: Harness;
  const saved: Record<string, string | undefined> = {};
  const KEYS = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"];

  before(async () => {
    h = await startHarness();
    for (const k of KEYS) saved[k] = process.env[k];
  });
  afterEach(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetClients();
  });
  after(async () => h.close());

  const regionOfArn = (arn: string | undefined) => arn?.split(":")[3];

  it("a lookup's region argument wins over the environment", async () => {
    process.env.AWS_REGION = "us-east-1";
    const image = await getImage({ name: IMAGE, region: "eu-west-1" });
    assert.equal(regionOfArn(image.arn), "eu-west-1");
    const { images } = await getImages({ type: "PUBLIC", region: "ap-south-1" });
    assert.ok(images.length > 0);
    assert.ok(images.every((i) => regionOfArn(i.arn) === "ap-south-1"));
  });

  it("the region of the profile in the shared config file, when nothing else sets one", async () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "awscfg-"));
    fs.writeFileSync(path.join(dir, "config"), "[profile team]\nregion = eu-central-1\n");
    // With AWS_PROFILE set, the SDK takes the profile's keys, not the environment's.
    fs.writeFileSync(path.join(dir, "credentials"), "[team]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n");
    process.env.AWS_CONFIG_FILE = path.join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "credentials");
    process.env.AWS_PROFILE = "team";
    resetClients();
    assert.equal(await clientRegion(appStreamClient()), "eu-central-1");
    assert.equal(regionOfArn((await getImage({ name: IMAGE })).arn), "eu-central-1");
  });

  it("no region anywhere: a message that says how to set one", async () => {
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "awscfg-"));
    process.env.AWS_CONFIG_FILE = path.join(dir, "none");
    process.env.AWS_PROFILE = "nobody";
    resetClients();
    await assert.rejects(getImages({ type: "PUBLIC" }), /AWS region is not set: run `pulumi config set aws:region us-east-1` \(with your region\), set AWS_REGION, or give your AWS profile a region\./);
  });

  it("a region argument that is not a string is refused before any call", async () => {
    await assert.rejects(getImages({ region: 5 as unknown as string }), /getImages: argument "region" must be a region name such as "us-east-1", got number 5/);
  });
});
