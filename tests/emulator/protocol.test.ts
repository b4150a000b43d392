/** The awsJson1_1 wire protocol: framing, headers, malformed requests, concurrency, endpoint env. */
import { strict as assert } from "node:assert";
import { AppStreamClient, CreateFleetCommand, DescribeFleetsCommand } from "@aws-sdk/client-appstream";
import { startEmulator } from "../../emulator";
import { createFleet, fleetInput, rawCall, useEmulator } from "../support/emulator";

describe("emulator: wire protocol", () => {
  const h = useEmulator();

  it("answers with x-amzn-requestid and application/x-amz-json-1.1, on success and on error", async () => {
    for (const res of [
      await rawCall(h.emulator.url, "DescribeFleets", {}),
      await rawCall(h.emulator.url, "StartFleet", { Name: "nope" }),
    ]) {
      assert.match(res.headers.get("x-amzn-requestid") ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.equal(res.headers.get("content-type"), "application/x-amz-json-1.1");
    }
    const err = await rawCall(h.emulator.url, "StartFleet", { Name: "nope" });
    assert.equal(err.status, 400);
    assert.equal(err.json.__type, "ResourceNotFoundException");
    assert.equal(err.headers.get("x-amzn-errortype"), "ResourceNotFoundException");
  });

  const malformed: [string, () => ReturnType<typeof rawCall>, number, string][] = [
    ["malformed JSON", () => rawCall(h.emulator.url, "DescribeFleets", "{not json"), 400, "SerializationException"],
    ["a JSON array body", () => rawCall(h.emulator.url, "DescribeFleets", "[]"), 400, "SerializationException"],
    ["a string where a list belongs", () => rawCall(h.emulator.url, "DescribeFleets", { Names: "f1" }), 400, "SerializationException"],
    ["an unknown operation", () => rawCall(h.emulator.url, "LaunchRocket", {}), 400, "UnknownOperationException"],
    ["another service's target", () => rawCall(h.emulator.url, "x", {}, { "x-amz-target": "DynamoDB_20120810.ListTables" }), 400, "UnknownOperationException"],
    ["no X-Amz-Target", () => rawCall(h.emulator.url, "x", {}, { "x-amz-target": "" }), 400, "UnknownOperationException"],
    ["a wrong content type", () => rawCall(h.emulator.url, "DescribeFleets", {}, { "content-type": "text/plain" }), 400, "UnsupportedMediaTypeException"],
    ["GET /", () => rawCall(h.emulator.url, "DescribeFleets", {}, {}, "GET"), 400, "MethodNotAllowedException"],
  ];
  for (const [label, call, status, type] of malformed) {
    it(`answers ${label} with ${status} ${type} and logs it`, async () => {
      const res = await call();
      assert.equal(res.status, status);
      assert.equal(res.json.__type, type);
      assert.ok(typeof res.json.message === "string" && res.json.message.length > 0);
      const [logged] = await h.control.calls();
      assert.equal(logged.errorCode, type);
      assert.equal(logged.httpStatus, status);
    });
  }

  it("refuses other paths than / for the AWS API", async () => {
    const res = await fetch(`${h.emulator.url}/prefix`, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "PhotonAdminProxyService.DescribeFleets" },
      body: "{}",
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { __type: string }).__type, "MethodNotAllowedException");
  });

  it("treats an empty body as empty input", async () => {
    const res = await rawCall(h.emulator.url, "DescribeFleets", "");
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { Fleets: [] });
  });

  it("refuses an oversized body without falling over", async () => {
    const res = await rawCall(h.emulator.url, "CreateFleet", JSON.stringify({ Description: "x".repeat(6 * 1024 * 1024) }));
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, "SerializationException");
    assert.equal((await rawCall(h.emulator.url, "DescribeFleets", {})).status, 200);
  });

  it("serves many clients at once: 50 parallel creates and describes all land", async () => {
    const clients = Array.from({ length: 5 }, () => new AppStreamClient({
      endpoint: h.emulator.url, region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" }, maxAttempts: 1,
    }));
    const names = Array.from({ length: 50 }, (_, i) => `par-${i}`);
    await Promise.all([
      ...names.map((n, i) => clients[i % 5].send(new CreateFleetCommand(fleetInput(n)))),
      ...names.map((_, i) => clients[i % 5].send(new DescribeFleetsCommand({}))),
    ]);
    const all = new Set<string>();
    let token: string | undefined;
    do {
      const page = await h.client.send(new DescribeFleetsCommand({ NextToken: token }));
      for (const f of page.Fleets ?? []) all.add(f.Name ?? "");
      token = page.NextToken;
    } while (token);
    assert.deepEqual([...all].sort(), [...names].sort());
    assert.equal((await h.control.calls()).length, 100 + 2);
    clients.forEach((c) => c.destroy());
  });

  it("lets exactly one of many racing creates of the same name win", async () => {
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => createFleet(h.client, fleetInput("same"))));
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    const losers = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    assert.ok(losers.every((r) => (r.reason as Error).name === "ResourceAlreadyExistsException"));
  });

  it("is reachable through AWS_ENDPOINT_URL_APPSTREAM", async () => {
    const saved = process.env.AWS_ENDPOINT_URL_APPSTREAM;
    process.env.AWS_ENDPOINT_URL_APPSTREAM = h.emulator.url;
    try {
      const client = new AppStreamClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
      await client.send(new DescribeFleetsCommand({}));
      client.destroy();
      assert.equal((await h.control.calls()).at(-1)?.operation, "DescribeFleets");
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_APPSTREAM;
      else process.env.AWS_ENDPOINT_URL_APPSTREAM = saved;
    }
  });
});

describe("emulator: library surface", () => {
  it("listens on 127.0.0.1 on an ephemeral port by default, reports it, and closes idempotently", async () => {
    const lines: string[] = [];
    const em = await startEmulator({ log: (line) => lines.push(line) });
    assert.equal(em.host, "127.0.0.1");
    assert.ok(em.port > 0);
    assert.equal(em.url, `http://127.0.0.1:${em.port}`);
    assert.equal((await rawCall(em.url, "DescribeFleets", {})).status, 200);
    assert.equal((await rawCall(em.url, "StartFleet", { Name: "f9" })).status, 400);
    assert.deepEqual(lines, ["DescribeFleets -> 200", "StartFleet f9 -> 400 ResourceNotFoundException"]);
    await Promise.all([em.close(), em.close()]);
    await assert.rejects(fetch(`${em.url}/_emulator/health`));
  });

  it("refuses a port already in use with a clear error", async () => {
    const em = await startEmulator();
    await assert.rejects(startEmulator({ port: em.port }), /Cannot listen on 127\.0\.0\.1:\d+/);
    await em.close();
  });
});
