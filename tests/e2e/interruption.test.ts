/**
 * Interruption-aware updates through the real engine: the preview warns who will be disconnected,
 * drain waits for streaming users, and long waits report progress in the engine's output.
 */
import { strict as assert } from "assert";
import { AssociateFleetCommand, CreateStackCommand, DescribeFleetsCommand, DisassociateFleetCommand } from "@aws-sdk/client-appstream";
import { Harness, mutating, startHarness } from "../support/harness";
import { createStack, EngineRun, installPackage, Installed, TestStack } from "../../tools/automation";

const warnings = (r: EngineRun) => r.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);
const infos = (r: EngineRun) => r.diagnostics.filter((d) => d.severity === "info" || d.severity === "info#err").map((d) => d.message);

describe("e2e: previews that tell the truth, session drain, progress", function () {
  this.timeout(15 * 60 * 1000);
  let h: Harness;
  let inst: Installed;
  let stack: TestStack;
  let args: Record<string, unknown>;

  const openSession = (userId: string) =>
    h.control.openSession({ stackName: "portal", fleetName: "drain-web", userId }).then((s) => s.Id);
  const endSession = (id: string) => h.control.endSession(id);

  before(async () => {
    h = await startHarness({ startDelaySeconds: 1, stopDelaySeconds: 1 });
    inst = await installPackage();
    args = { name: "drain-web", imageName: "AppStream-WinServer2019-06-17-2024", instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 5 } };
    stack = await createStack(inst, `interruption-${Date.now()}`, async () => {
      const f = new inst.pkg.Fleet("web", args);
      return { state: f.state, instanceType: f.instanceType };
    }, { AWS_ENDPOINT_URL_APPSTREAM: h.url, AWS_ACCESS_KEY_ID: "AKIDE2E", AWS_SECRET_ACCESS_KEY: "e2e-secret", AWS_REGION: "us-east-1" });
    await stack.up();
    await h.client.send(new CreateStackCommand({ Name: "portal" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "drain-web", StackName: "portal" }));
  });

  after(async () => {
    try {
      await h.client.send(new DisassociateFleetCommand({ FleetName: "drain-web", StackName: "portal" })).catch(() => undefined);
      await stack?.destroy();
      await stack?.remove();
    } finally {
      await h?.close();
    }
  });

  it("preview warns that the fleet will be stopped and restarted, naming the properties and the streaming users", async () => {
    const ids = [await openSession("alice"), await openSession("bob"), await openSession("carol")];
    args = { ...args, instanceType: "stream.standard.large", enableDefaultInternetAccess: true };
    await h.mark();
    const pre = await stack.preview();
    const w = warnings(pre).join("\n");
    assert.match(w, /fleet drain-web will be stopped and restarted to change instanceType, enableDefaultInternetAccess; 3 users are streaming now and will be disconnected/);
    assert.ok(pre.diagnostics.some((d) => d.severity === "warning" && d.urn?.endsWith("::web")), "attached to the fleet's URN");
    assert.match(pre.stdout, /will be stopped and restarted/, "visible in the preview's text output too");
    assert.deepEqual(mutating(await h.opsSinceMark()), [], "a preview changes nothing");
    for (const id of ids) await endSession(id);
  });

  it("a live change warns nobody", async () => {
    args = { ...args, instanceType: "stream.standard.medium", enableDefaultInternetAccess: undefined, displayName: "Live change" };
    const pre = await stack.preview();
    assert.deepEqual(warnings(pre), []);
  });

  it("drain waits while sessions are open and stops once they end", async () => {
    const id = await openSession("dave");
    args = { ...args, displayName: undefined, instanceType: "stream.standard.large", drain: { timeoutSeconds: 120, pollSeconds: 1 } };
    const pre = await stack.preview();
    assert.match(warnings(pre).join("\n"), /1 user is streaming now.*waits up to 120s for sessions to end, then stop anyway/);
    const ending = new Promise<void>((resolve) => setTimeout(() => void endSession(id).then(() => resolve()), 4000));
    const up = await stack.up();
    await ending;
    const log = infos(up).join("\n");
    assert.match(log, /waiting for 1 streaming session\(s\) to end before stopping/);
    assert.match(log, /no sessions left after \d+s; stopping/);
    const calls = await h.control.calls();
    const lastStop = calls.filter((c) => c.operation === "StopFleet").pop()!;
    const sessionEnd = calls.filter((c) => c.operation === "DescribeSessions" && c.time < lastStop.time).length;
    assert.ok(sessionEnd >= 2, "it polled sessions before stopping");
    assert.equal(up.outputs.instanceType, "stream.standard.large");
    assert.equal(up.outputs.state, "RUNNING");
  });

  it("drain timeout with onTimeout fail refuses without stopping; with stop, stops anyway", async () => {
    const id = await openSession("erin");
    args = { ...args, instanceType: "stream.standard.xlarge", drain: { timeoutSeconds: 3, pollSeconds: 1, onTimeout: "fail" } };
    await h.mark();
    await assert.rejects(stack.up(), /1 session\(s\) still active after waiting 3s; drain.onTimeout is "fail", so the fleet was not stopped/);
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
    assert.equal((await h.client.send(new DescribeFleetsCommand({ Names: ["drain-web"] }))).Fleets![0].State, "RUNNING");

    args = { ...args, drain: { timeoutSeconds: 2, pollSeconds: 1, onTimeout: "stop" } };
    await h.mark();
    const up = await stack.up();
    assert.match(infos(up).join("\n"), /still active after waiting 2s; stopping anyway/);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "UpdateFleet", "StartFleet"]);
    void id;
  });

  it("a long start reports progress with state and elapsed time", async () => {
    await h.control.config({ startDelaySeconds: 35 });
    args = { ...args, drain: undefined, instanceType: "stream.standard.medium" };
    const up = await stack.up();
    await h.control.config({ startDelaySeconds: 1 });
    const log = infos(up).filter((m) => m.includes("waiting for RUNNING"));
    // The first poll goes a second after the fleet's last DescribeFleets (the stop's last poll).
    assert.ok(log.some((m) => /STARTING \([01]s elapsed/.test(m)), log.join("\n"));
    assert.ok(log.some((m) => /STARTING \(3\ds elapsed/.test(m)), `a periodic line during the wait: ${log.join("\n")}`);
    assert.ok(log.some((m) => /RUNNING \(3\ds elapsed/.test(m)), log.join("\n"));
  });
});
