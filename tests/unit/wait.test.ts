import { strict as assert } from "assert";
import { Clock, DEFAULT_POLICY, FleetWaitError, nextDelay, ObservedFleet, waitForFleet } from "../../provider/aws/wait";

/** A clock that advances only when the loop sleeps, and records every poll time. */
function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

/** DescribeFleets answers as a function of the fake time. */
function scripted(clock: { t: number }, timeline: [number, string, ObservedFleet["fleetErrors"]?][], polls: number[]) {
  return async (): Promise<ObservedFleet | undefined> => {
    polls.push(clock.t);
    let current: ObservedFleet | undefined;
    for (const [at, state, errors] of timeline) if (clock.t >= at) current = state === "GONE" ? undefined : { state, fleetErrors: errors ?? [] };
    return current;
  };
}

describe("waitForFleet", () => {
  it("returns when the fleet is RUNNING, noticing the change within max(1 s, 10 %)", async () => {
    for (const duration of [2000, 60000, 300000, 1200000]) {
      const clock = fakeClock();
      const polls: number[] = [];
      const f = await waitForFleet({ fleetName: "f", target: "RUNNING", timeoutMs: 3600000, clock, describe: scripted(clock, [[0, "STARTING"], [duration, "RUNNING"]], polls) });
      assert.equal(f?.state, "RUNNING");
      const noticedAt = polls[polls.length - 1];
      assert.ok(noticedAt - duration <= Math.max(1000, duration / 10), `duration ${duration}: noticed ${noticedAt - duration} ms late`);
      for (let i = 1; i < polls.length; i++) assert.ok(polls[i] - polls[i - 1] >= 1000, "at most one DescribeFleets per second");
    }
  });

  it("tolerates a DescribeFleets that still says STOPPED right after StartFleet", async () => {
    const clock = fakeClock();
    const f = await waitForFleet({ fleetName: "f", target: "RUNNING", timeoutMs: 60000, clock, describe: scripted(clock, [[0, "STOPPED"], [3000, "STARTING"], [8000, "RUNNING"]], []) });
    assert.equal(f?.state, "RUNNING");
  });

  it("fails at once when the start ends STOPPED with new FleetErrors", async () => {
    const clock = fakeClock();
    const polls: number[] = [];
    const errors = [{ errorCode: "SUBNET_NOT_FOUND", errorMessage: "subnet-x not found" }];
    await assert.rejects(
      waitForFleet({ fleetName: "f", target: "RUNNING", timeoutMs: 3600000, clock, describe: scripted(clock, [[0, "STARTING"], [5000, "STOPPED", errors]], polls) }),
      (e: unknown) => e instanceof FleetWaitError && e.kind === "failed" && /SUBNET_NOT_FOUND: subnet-x not found/.test(e.message),
    );
    assert.ok(clock.t < 7000, "failure noticed at the next poll, not after the timeout");
  });

  it("does not mistake the FleetErrors of an earlier failed start for a new failure", async () => {
    const clock = fakeClock();
    const old = [{ errorCode: "IMAGE_NOT_FOUND", errorMessage: "old" }];
    const f = await waitForFleet({
      fleetName: "f", target: "RUNNING", timeoutMs: 60000, clock, previousErrors: old,
      describe: scripted(clock, [[0, "STOPPED", old], [2000, "STARTING"], [4000, "RUNNING"]], []),
    });
    assert.equal(f?.state, "RUNNING");
  });

  it("fails when the fleet stays STOPPED past the lag grace period", async () => {
    const clock = fakeClock();
    await assert.rejects(
      waitForFleet({ fleetName: "f", target: "RUNNING", timeoutMs: 3600000, clock, describe: scripted(clock, [[0, "STOPPED"]], []) }),
      (e: unknown) => e instanceof FleetWaitError && e.kind === "failed" && clock.t >= DEFAULT_POLICY.lagGraceMs,
    );
  });

  it("fails when a started fleet falls back to STOPPED without errors", async () => {
    const clock = fakeClock();
    await assert.rejects(
      waitForFleet({ fleetName: "f", target: "RUNNING", timeoutMs: 3600000, clock, describe: scripted(clock, [[0, "STARTING"], [3000, "STOPPED"]], []) }),
      /is STOPPED instead of starting/,
    );
  });

  it("times out with the last state and what to do", async () => {
    const clock = fakeClock();
    await assert.rejects(
      waitForFleet({ fleetName: "f", target: "STOPPED", timeoutMs: 10000, clock, describe: scripted(clock, [[0, "STOPPING"]], []) }),
      (e: unknown) => e instanceof FleetWaitError && e.kind === "timeout" && /last state STOPPING/.test(e.message) && /pulumi refresh/.test(e.message),
    );
    assert.equal(clock.t, 10000, "the last poll happens at the deadline");
  });

  it("STABLE returns the first RUNNING or STOPPED", async () => {
    const clock = fakeClock();
    const f = await waitForFleet({ fleetName: "f", target: "STABLE", timeoutMs: 60000, clock, describe: scripted(clock, [[0, "STOPPING"], [4000, "STOPPED"]], []) });
    assert.equal(f?.state, "STOPPED");
  });

  it("GONE returns when the fleet disappears; other targets fail on it", async () => {
    const clock = fakeClock();
    assert.equal(await waitForFleet({ fleetName: "f", target: "GONE", timeoutMs: 60000, clock, describe: scripted(clock, [[0, "STOPPED"], [2000, "GONE"]], []) }), undefined);
    await assert.rejects(
      waitForFleet({ fleetName: "f", target: "RUNNING", timeoutMs: 60000, clock: fakeClock(), describe: async () => undefined }),
      (e: unknown) => e instanceof FleetWaitError && e.kind === "gone",
    );
  });

  it("reports progress on each state change and periodically", async () => {
    const clock = fakeClock();
    const messages: string[] = [];
    await waitForFleet({ fleetName: "f", target: "RUNNING", timeoutMs: 3600000, clock, onProgress: (m) => messages.push(m), describe: scripted(clock, [[0, "STARTING"], [125000, "RUNNING"]], []) });
    assert.match(messages[0], /fleet f: STARTING \(0s elapsed, waiting for RUNNING\)/);
    assert.ok(messages.length >= 4 && messages.length <= 8, `periodic, not per poll: ${messages.length}`);
    assert.match(messages[messages.length - 1], /RUNNING/);
  });

  it("the poll delay grows with the wait and stays within bounds", () => {
    assert.equal(nextDelay(0, DEFAULT_POLICY), 1000);
    assert.equal(nextDelay(50000, DEFAULT_POLICY), 5000);
    assert.equal(nextDelay(10 * 3600000, DEFAULT_POLICY), DEFAULT_POLICY.maxDelayMs);
  });
});
