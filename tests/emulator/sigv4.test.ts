/** Strict SigV4 verification (--verify-sigv4), and the permissive default. */
import { strict as assert } from "node:assert";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import { AppStreamClient, DescribeFleetsCommand } from "@aws-sdk/client-appstream";
import { EmulatorControl, startEmulator, type RunningEmulator } from "../../emulator";
import { createFleet, expectAwsError, fleetInput, rawCall } from "../support/emulator";
import { sdkClient } from "../support/harness";

const KEY = "AKIAEMULATORTEST0001";
const SECRET = "emulator/secret/key/for/tests/only000000";

/** Signs a request the way any SigV4 client does, so the body can then be tampered with. */
async function signedHeaders(url: string, body: string, applyChecksum: boolean, signingDate = new Date()): Promise<Record<string, string>> {
  const { host } = new URL(url);
  const signer = new SignatureV4({
    credentials: { accessKeyId: KEY, secretAccessKey: SECRET },
    region: "us-east-1",
    service: "appstream",
    sha256: Hash.bind(null, "sha256"),
    applyChecksum,
  });
  const signed = await signer.sign({
    method: "POST",
    protocol: "http:",
    hostname: host.split(":")[0],
    port: Number(host.split(":")[1]),
    path: "/",
    headers: {
      host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "PhotonAdminProxyService.DescribeFleets",
    },
    body,
  }, { signingDate });
  return signed.headers as Record<string, string>;
}

describe("emulator: SigV4 verification", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  before(async () => {
    emulator = await startEmulator({ verifySigv4: true, accessKeyId: KEY, secretAccessKey: SECRET });
    control = new EmulatorControl(emulator.url);
  });
  beforeEach(() => control.reset());
  after(() => emulator.close());

  it("accepts requests signed with the configured credentials (SDK)", async () => {
    const client = sdkClient(emulator.url, { accessKeyId: KEY, secretAccessKey: SECRET });
    await createFleet(client, fleetInput("f1"));
    assert.equal((await client.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.length, 1);
    client.destroy();
  });

  it("accepts temporary credentials with a signed session token", async () => {
    const client = new AppStreamClient({
      endpoint: emulator.url,
      region: "us-west-2",
      credentials: { accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: "token-123" },
      maxAttempts: 1,
    });
    await client.send(new DescribeFleetsCommand({}));
    client.destroy();
  });

  it("refuses a wrong secret with InvalidSignatureException (400) and changes nothing", async () => {
    const client = sdkClient(emulator.url, { accessKeyId: KEY, secretAccessKey: "wrong" });
    await expectAwsError(
      createFleet(client, fleetInput("f1")),
      "InvalidSignatureException",
      /^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\./,
    );
    client.destroy();
    assert.deepEqual(await control.fleets(), []);
    const [logged] = await control.calls();
    assert.deepEqual([logged.operation, logged.fleetName, logged.errorCode, logged.httpStatus], ["CreateFleet", "f1", "InvalidSignatureException", 400]);
  });

  it("refuses an unknown access key with UnrecognizedClientException (400)", async () => {
    const client = sdkClient(emulator.url, { accessKeyId: "AKIAUNKNOWN", secretAccessKey: SECRET });
    await expectAwsError(
      client.send(new DescribeFleetsCommand({})),
      "UnrecognizedClientException",
      /^The security token included in the request is invalid\.$/,
    );
    client.destroy();
    assert.equal((await control.calls())[0].httpStatus, 400);
  });

  for (const applyChecksum of [false, true]) {
    it(`refuses a body changed after signing (${applyChecksum ? "with" : "without"} x-amz-content-sha256)`, async () => {
      const headers = await signedHeaders(emulator.url, "{}", applyChecksum);
      const ok = await rawCall(emulator.url, "DescribeFleets", "{}", headers);
      assert.equal(ok.status, 200);
      const tampered = await rawCall(emulator.url, "DescribeFleets", '{"Names":["x"]}', headers);
      assert.equal(tampered.status, 400);
      assert.equal(tampered.json.__type, "InvalidSignatureException");
    });
  }

  it("refuses a signature dated more than 15 minutes away", async () => {
    const headers = await signedHeaders(emulator.url, "{}", false, new Date(Date.now() - 20 * 60 * 1000));
    const res = await rawCall(emulator.url, "DescribeFleets", "{}", headers);
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, "InvalidSignatureException");
    assert.match(String(res.json.message), /Signature expired/);
  });

  it("refuses unsigned requests", async () => {
    const res = await rawCall(emulator.url, "DescribeFleets", {});
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, "MissingAuthenticationTokenException");
  });
});

describe("emulator: without --verify-sigv4", () => {
  let emulator: RunningEmulator;
  before(async () => (emulator = await startEmulator()));
  after(() => emulator.close());

  it("accepts any credentials and unsigned requests", async () => {
    const client = sdkClient(emulator.url, { accessKeyId: "whatever", secretAccessKey: "anything" });
    await client.send(new DescribeFleetsCommand({}));
    client.destroy();
    assert.equal((await rawCall(emulator.url, "DescribeFleets", {})).status, 200);
  });

  it("refuses verifySigv4 without credentials at start", async () => {
    await assert.rejects(startEmulator({ verifySigv4: true }), /accessKeyId and secretAccessKey/);
  });
});
