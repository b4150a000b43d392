/**
 * What a preview says, checked without a server: the `plannedAction` lines (never cut by Pulumi's
 * display), a fleet stopped or started outside Pulumi, the refusal of a replacement of a fleet
 * associated with a stack, and the plan kept in state after an update (outputs claim no action).
 */
import { strict as assert } from "assert";
import { behaviourOf } from "../../provider/fleet/convert";
import { OldState } from "../../provider/fleet/diff";
import { awsOperations, planAdoption, planChange, planCreate, planDelete, stableState, STEP_KINDS } from "../../provider/fleet/plan";
import {
  driftNote,
  PLANNED_ACTION_LINE_BYTES,
  PlannedAction,
  plannedAction,
  plannedActionLine,
  plannedActionLines,
  stackAssociationMessage,
  wrapText,
} from "../../provider/fleet/preview";
import { inputsFromOutputs, StoredOutputs } from "../../provider/fleet/state";
import { FleetInputs } from "../../provider/fleet/types";

const olds: OldState = {
  name: "f1", instanceType: "stream.standard.medium", fleetType: "ON_DEMAND", imageName: "img", displayName: "A",
  computeCapacity: { desiredInstances: 2 }, state: "RUNNING", desiredState: "RUNNING", updateStrategy: "stopStart", tags: {},
};
const base: FleetInputs = { name: "f1", instanceType: "stream.standard.medium", imageName: "img", displayName: "A", computeCapacity: { desiredInstances: 2 } };

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

function plan(news: FleetInputs, liveState: string, activeSessions?: number, recordedState?: string, from: OldState = olds): PlannedAction {
  return plannedAction(planChange(from, { name: "f1", ...news }, { state: stableState(liveState) }, recordedState), { liveState, streaming: activeSessions, recordedState });
}

describe("the plannedAction lines of `pulumi preview --diff`", () => {
  it("a short plan is one line, unchanged", () => {
    assert.deepEqual(wrapText("CREATE: fleet web will be created and started"), ["CREATE: fleet web will be created and started"]);
  });

  it("a long plan is wrapped, at clauses first: no line longer than Pulumi prints, nothing dropped", () => {
    const removals = Array.from({ length: 12 }, (_, i) => `tag team-${i}-with-a-rather-long-key`);
    const text = `ADOPT: fleet handmade already exists (RUNNING): this update ADOPTS it instead of creating it; then: stop, update instanceType, start; 4 users streaming now will be disconnected; REMOVES vpcConfig (the fleet leaves its VPC), iamRoleArn (the fleet's instances lose the role), ${removals.join(", ")}`;
    const lines = wrapText(text);
    assert.ok(lines.length > 3, "more lines than Pulumi keeps of a multi-line string");
    for (const l of lines) assert.ok(bytes(l) <= PLANNED_ACTION_LINE_BYTES, `${bytes(l)} bytes: ${l}`);
    assert.equal(lines.join(" "), text);
    // Every removal whole on one line: the list breaks between its items.
    for (const r of ["vpcConfig (the fleet leaves its VPC)", "iamRoleArn (the fleet's instances lose the role)", ...removals])
      assert.ok(lines.some((l) => l.includes(r)), `${r} is split across lines:\n${lines.join("\n")}`);
    assert.equal(lines[0], "ADOPT: fleet handmade already exists (RUNNING): this update ADOPTS it instead of creating it;");
  });

  it("a word longer than a line (an ARN) is cut by characters, multi-byte characters whole", () => {
    const arn = `arn:aws:iam::123456789012:role/${"é".repeat(100)}`;
    const lines = wrapText(`REMOVES ${arn}`, 40);
    for (const l of lines) assert.ok(bytes(l) <= 40);
    assert.equal(lines.join("").replace(/ /g, ""), `REMOVES${arn}`);
  });

  it("plannedActionLines is plannedActionLine in lines", () => {
    const a = plan({ ...base, instanceType: "stream.standard.large", drain: { timeoutSeconds: 900, onTimeout: "stop" } }, "RUNNING", 3);
    const lines = plannedActionLines(a);
    assert.equal(lines.join(" "), plannedActionLine(a));
    assert.deepEqual(lines, [
      "STOP-UPDATE-START: fleet f1 will be stopped and restarted to change instanceType;",
      "3 users are streaming now and will be disconnected (the update first waits up to 900s for sessions to end,",
      "then stop anyway)",
    ]);
  });
});

describe("a fleet stopped or started outside Pulumi", () => {
  it("driftNote: the live state, the program's, and what up will do", () => {
    assert.equal(driftNote("f1", "STOPPED", "RUNNING", "RUNNING"), "fleet f1 is STOPPED (stopped outside Pulumi: the stack's state says RUNNING) but the program says desiredState RUNNING: `pulumi up` will start it");
    assert.equal(driftNote("f1", "RUNNING", "STOPPED", "STOPPED"), "fleet f1 is RUNNING (started outside Pulumi: the stack's state says STOPPED) but the program says desiredState STOPPED: `pulumi up` will stop it");
    assert.equal(driftNote("f1", "STOPPING", "RUNNING", "RUNNING"), "fleet f1 is STOPPING (stopped outside Pulumi: the stack's state says RUNNING) but the program says desiredState RUNNING: `pulumi up` will start it");
    // A program that now asks for the state the fleet has: no note.
    assert.equal(driftNote("f1", "RUNNING", "RUNNING", "RUNNING"), undefined);
    assert.equal(driftNote("f1", "STARTING", "RUNNING", "STOPPED"), undefined);
    assert.equal(driftNote("f1", undefined, "RUNNING"), undefined);
  });

  it("no program change, fleet stopped outside: a start, saying why", () => {
    const a = plan(base, "STOPPED", undefined, "RUNNING");
    assert.equal(a.action, "start");
    assert.deepEqual(a.properties, []);
    assert.equal(a.interruption, "none (the fleet is started)");
    assert.equal(a.summary, "fleet f1 will be started; it was stopped outside Pulumi (it is STOPPED now, the stack's state says RUNNING)");
  });

  it("no program change, fleet kept STOPPED started outside: a stop, with the users streaming", () => {
    const stopped: OldState = { ...olds, state: "STOPPED", desiredState: "STOPPED" };
    const a = plan({ ...base, desiredState: "STOPPED" }, "RUNNING", 2, "STOPPED", stopped);
    assert.equal(a.action, "stop");
    assert.equal(a.activeSessions, 2);
    assert.equal(a.interruption, "the fleet is stopped; 2 users streaming now will be disconnected");
    assert.equal(a.summary, "fleet f1 will be stopped (desiredState STOPPED); 2 users are streaming now and will be disconnected; it was started outside Pulumi (it is RUNNING now, the stack's state says STOPPED)");
  });

  it("a program change on a fleet stopped outside says both", () => {
    const a = plan({ ...base, displayName: "B" }, "STOPPED", undefined, "RUNNING");
    assert.equal(a.action, "start");
    assert.equal(a.summary, "fleet f1 will be started after displayName change; it was stopped outside Pulumi (it is STOPPED now, the stack's state says RUNNING)");
  });
});

describe("a replacement of a fleet associated with a stack", () => {
  it("the message names every stack, with a complete command for each", () => {
    assert.equal(
      stackAssociationMessage("web", ["portal"], "eu-west-1"),
      "deleting AppStream fleet web: it is associated with stack portal (AWS refuses to delete a fleet while a stack is associated with it). Disassociate it first: remove the association from the program, or run `aws appstream disassociate-fleet --fleet-name web --stack-name portal --region eu-west-1`; then run the Pulumi command again.",
    );
    assert.match(stackAssociationMessage("web", ["a", "b"], "us-east-1"), /stacks a, b .*--stack-name a --region us-east-1` and `aws appstream disassociate-fleet --fleet-name web --stack-name b --region us-east-1`; then run the Pulumi command again\.$/);
  });
});

describe("the state after an update describes the fleet, not a plan", () => {
  const lines = ["CREATE: fleet web will be created and started"];
  const record = { version: 1, fleet: "web", action: "create" };

  it("outputs keep the deployment's plan only under __lastPlan, and a refresh gives the inputs back unchanged", () => {
    const b = behaviourOf({ ...base, plannedAction: lines, __plannedAction: record } as FleetInputs);
    assert.equal((b as unknown as Record<string, unknown>).plannedAction, undefined);
    assert.equal((b as unknown as Record<string, unknown>).__plannedAction, undefined);
    assert.deepEqual(b.__lastPlan, { plannedAction: lines, __plannedAction: record });
    const outs = { ...base, ...b, state: "RUNNING", arn: "arn", __inputKeys: ["name", "instanceType"] } as unknown as StoredOutputs;
    const inputs = inputsFromOutputs(outs);
    assert.deepEqual(inputs.plannedAction, lines);
    assert.deepEqual(inputs.__plannedAction, record);
    assert.equal(inputs.__lastPlan, undefined);
    // A refresh's own outputs (behaviour from the old outputs) keep carrying it.
    assert.deepEqual(behaviourOf(outs as unknown as FleetInputs).__lastPlan, { plannedAction: lines, __plannedAction: record });
  });

  it("outputs written by earlier versions (plannedAction at the top) read the same", () => {
    const legacy = { ...base, desiredState: "RUNNING", updateStrategy: "stopStart", plannedAction: "CREATE: fleet web will be created and started", __plannedAction: record, state: "RUNNING", __inputKeys: ["name"] } as unknown as StoredOutputs;
    const inputs = inputsFromOutputs(legacy);
    assert.equal(inputs.plannedAction, "CREATE: fleet web will be created and started");
    assert.deepEqual(inputs.__plannedAction, record);
    const b = behaviourOf(legacy as unknown as FleetInputs);
    assert.deepEqual(b.__lastPlan, { plannedAction: "CREATE: fleet web will be created and started", __plannedAction: record });
    assert.equal((b as unknown as Record<string, unknown>).plannedAction, undefined);
  });
});

describe("the planned action's steps: the mutating AWS calls `up` will make, in order, from the plan", () => {
  const planned = (p: ReturnType<typeof planChange>, liveState = "RUNNING") => plannedAction(p, { liveState, streaming: 0, recordedState: "RUNNING" });

  it("update in place: live, stop-update-start, stop, start, tags, refusal, none", () => {
    assert.deepEqual(plan({ ...base, displayName: "B" }, "RUNNING").steps, ["UpdateFleet"]);
    assert.deepEqual(plan({ ...base, instanceType: "stream.standard.large" }, "RUNNING").steps, ["StopFleet", "UpdateFleet", "StartFleet"]);
    assert.deepEqual(plan({ ...base, instanceType: "stream.standard.large", drain: { timeoutSeconds: 60 } }, "RUNNING").steps, ["StopFleet", "UpdateFleet", "StartFleet"], "a drain waits: no call of its own");
    assert.deepEqual(plan({ ...base, desiredState: "STOPPED" }, "RUNNING").steps, ["StopFleet"]);
    assert.deepEqual(plan({ ...base, desiredState: "STOPPED", displayName: "B" }, "RUNNING").steps, ["StopFleet", "UpdateFleet"]);
    assert.deepEqual(plan(base, "STOPPED", undefined, "RUNNING").steps, ["StartFleet"], "stopped outside Pulumi");
    assert.deepEqual(plan({ ...base, tags: { team: "a" } }, "RUNNING", undefined, undefined, { ...olds, tags: { owner: "x" } }).steps, ["UntagResource", "TagResource"]);
    assert.deepEqual(plan({ ...base, instanceType: "stream.standard.large", updateStrategy: "failIfRunning" }, "RUNNING").steps, []);
    assert.deepEqual(plan({ ...base, timeouts: { update: "1h" } }, "RUNNING").steps, []);
  });

  it("replacement: delete-before-create when the name stays, create-before-delete when it changes; a stopped fleet is not stopped", () => {
    assert.deepEqual(planned(planChange(olds, { ...base, name: "f1", fleetType: "ALWAYS_ON" }, { state: "RUNNING" })).steps, ["StopFleet", "DeleteFleet", "CreateFleet", "StartFleet"]);
    assert.deepEqual(planned(planChange(olds, { ...base, name: "f2" }, { state: "RUNNING" })).steps, ["CreateFleet", "StartFleet", "StopFleet", "DeleteFleet"]);
    assert.deepEqual(planned(planChange(olds, { ...base, name: "f2", desiredState: "STOPPED" }, { state: "STOPPED" }), "STOPPED").steps, ["CreateFleet", "DeleteFleet"]);
  });

  it("create and adoption", () => {
    assert.deepEqual(plannedAction(planCreate({ ...base, name: "f1" }), {}).steps, ["CreateFleet", "StartFleet"]);
    assert.deepEqual(plannedAction(planCreate({ ...base, name: "f1", desiredState: "STOPPED" }), {}).steps, ["CreateFleet"]);
    const adopted = planAdoption({ ...olds, displayName: "Z", tags: { hand: "made" } }, { ...base, name: "f1", instanceType: "stream.standard.large" }, "RUNNING");
    assert.deepEqual(planned(adopted).steps, ["UntagResource", "StopFleet", "UpdateFleet", "StartFleet"]);
  });

  it("every kind of step has its AWS operation and its words (one table: STEP_KINDS)", () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(STEP_KINDS).map(([k, v]) => [k, v.operation ?? null])),
      { create: "CreateFleet", untag: "UntagResource", tag: "TagResource", drain: null, stop: "StopFleet", update: "UpdateFleet", start: "StartFleet", delete: "DeleteFleet" },
    );
    assert.deepEqual(awsOperations(planDelete("RUNNING")), ["StopFleet", "DeleteFleet"]);
    assert.deepEqual(awsOperations(planDelete("STOPPED")), ["DeleteFleet"]);
  });
});
