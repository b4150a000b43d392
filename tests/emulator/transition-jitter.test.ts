/**
 * Transition lengths that vary (--transition-jitter, `transitionJitterSeconds`): each
 * STARTING -> RUNNING / STOPPING -> STOPPED transition lasts its delay plus an extra drawn
 * uniformly from [0, jitter) when it begins, and the event log stamps the moment it logically
 * happened. Lengths are read from the event stamps (logical times), never from a wall clock.
 */
import { strict as assert } from "node:assert";
import { DEFAULT_IMAGES, EmulatorControl, EmulatorControlError, startEmulator } from "../../emulator";
import { ArgsError, USAGE, parseCliArgs } from "../../emulator/runtime/args";
import { Runtime } from "../../emulator/runtime/runtime";
import type { FleetEvent } from "../../emulator/runtime/call-log";
import { WS2019 } from "../support/emulator";
import { sdkClient, waitForState } from "../support/harness";
import { CreateFleetCommand, StartFleetCommand } from "@aws-sdk/client-appstream";

/** A runtime on a clock the test moves by hand. */
function runtimeAt(config: { start: number; stop: number; jitter: number }, random?: () => number): { rt: Runtime; clock: { now: number } } {
  const clock = { now: Date.UTC(2025, 0, 1) };
  const rt = new Runtime({
    config: { startDelaySeconds: config.start, stopDelaySeconds: config.stop, transitionJitterSeconds: config.jitter, throttle: null },
    images: DEFAULT_IMAGES,
    log: () => {},
    clock: () => clock.now,
    random,
  });
  return { rt, clock };
}

/** Starts and stops one fleet `cycles` times, settling long after each transition was due. */
function cycle(rt: Runtime, clock: { now: number }, cycles: number): void {
  const ctx = () => ({ now: clock.now, region: "us-east-1" });
  rt.backend.fleets.createFleet(ctx(), { Name: "f", InstanceType: "stream.standard.small", ImageName: WS2019, ComputeCapacity: { DesiredInstances: 1 } });
  for (let i = 0; i < cycles; i++) {
    rt.backend.fleets.startFleet(ctx(), { Name: "f" });
    clock.now += 60_000; // look much later: the stamp must still be the logical moment
    rt.settle(clock.now);
    rt.backend.fleets.stopFleet(ctx(), { Name: "f" });
    clock.now += 60_000;
    rt.settle(clock.now);
  }
}

/** Lengths (ms) of the transitions into `to`, from the event stamps. */
function lengths(events: FleetEvent[], from: string, to: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < events.length; i++) {
    if (events[i].to === to && events[i].from === from) out.push(events[i].time - events[i - 1].time);
  }
  return out;
}

describe("transition jitter", () => {
  describe("lengths drawn when a transition begins (injected clock)", () => {
    it("each start lasts start delay + [0, jitter), each stop stop delay + [0, jitter), and they differ", () => {
      const { rt, clock } = runtimeAt({ start: 2, stop: 1, jitter: 0.5 });
      cycle(rt, clock, 40);
      const events = rt.events.list();
      const starts = lengths(events, "STARTING", "RUNNING");
      const stops = lengths(events, "STOPPING", "STOPPED");
      assert.equal(starts.length, 40);
      assert.equal(stops.length, 40);
      for (const ms of starts) assert.ok(ms >= 2000 && ms < 2500, `start lasted ${ms} ms`);
      for (const ms of stops) assert.ok(ms >= 1000 && ms < 1500, `stop lasted ${ms} ms`);
      assert.ok(new Set(starts).size > 1, `start lengths all equal: ${starts[0]}`);
      assert.ok(new Set(stops).size > 1, `stop lengths all equal: ${stops[0]}`);
    });

    it("the extra spans [0, jitter): draws of 0, just under 1 and 0.5, with a fractional delay", () => {
      const draws = [0, 0.999999, 0.5, 0.25];
      let i = 0;
      const { rt, clock } = runtimeAt({ start: 0.25, stop: 0.1, jitter: 1.5 }, () => draws[i++ % draws.length]);
      cycle(rt, clock, 2);
      const events = rt.events.list();
      assert.deepEqual(lengths(events, "STARTING", "RUNNING"), [250 + 0, 250 + 750]);
      assert.deepEqual(lengths(events, "STOPPING", "STOPPED"), [100 + 1499, 100 + 375]);
    });

    it("stamps each transition with the moment it logically happened, not when it was noticed", () => {
      const { rt, clock } = runtimeAt({ start: 2, stop: 1, jitter: 3 }, () => 0.5);
      cycle(rt, clock, 1);
      const events = rt.events.list();
      const starting = events.find((e) => e.to === "STARTING")!;
      const running = events.find((e) => e.to === "RUNNING")!;
      assert.equal(running.time - starting.time, 2000 + 1500);
      assert.ok(running.time < clock.now - 60_000, "stamped long before the read that settled it");
    });

    it("jitter 0 keeps every length exactly the delay (the default)", () => {
      const { rt, clock } = runtimeAt({ start: 2, stop: 1, jitter: 0 }, () => 0.9);
      cycle(rt, clock, 3);
      const events = rt.events.list();
      assert.deepEqual(lengths(events, "STARTING", "RUNNING"), [2000, 2000, 2000]);
      assert.deepEqual(lengths(events, "STOPPING", "STOPPED"), [1000, 1000, 1000]);
    });

    it("a start that fails (startFailure fault) lasts the start delay plus its own draw", () => {
      const { rt, clock } = runtimeAt({ start: 1, stop: 1, jitter: 2 }, () => 0.25);
      rt.faults.add({ type: "startFailure", fleetName: "f" });
      cycle(rt, clock, 1);
      const events = rt.events.list();
      assert.deepEqual(lengths(events, "STARTING", "STOPPED"), [1000 + 500]);
    });
  });

  describe("configuration", () => {
    it("EmulatorOptions, GET/POST /_emulator/config and reset", async () => {
      const emu = await startEmulator({ transitionJitterSeconds: 0.3 });
      try {
        const control = new EmulatorControl(emu.url);
        assert.equal((await control.config()).transitionJitterSeconds, 0.3);
        assert.equal((await control.config({ transitionJitterSeconds: 1.5 })).transitionJitterSeconds, 1.5);
        const got = (await (await fetch(`${emu.url}/_emulator/config`)).json()) as { transitionJitterSeconds: number };
        assert.equal(got.transitionJitterSeconds, 1.5);
        for (const bad of [-1, 86401, "1"]) {
          await assert.rejects(control.config({ transitionJitterSeconds: bad as number }), (e: unknown) => e instanceof EmulatorControlError && e.status === 400 && /transitionJitterSeconds/.test(e.message));
        }
        await control.reset();
        assert.equal((await control.config()).transitionJitterSeconds, 0.3);
      } finally {
        await emu.close();
      }
      const plain = await startEmulator();
      try {
        assert.equal((await new EmulatorControl(plain.url).config()).transitionJitterSeconds, 0);
      } finally {
        await plain.close();
      }
      await assert.rejects(startEmulator({ transitionJitterSeconds: -0.5 }), /transitionJitterSeconds/);
    });

    it("--transition-jitter <seconds> (fractions allowed, default 0)", () => {
      const cmd = parseCliArgs(["--transition-jitter", "0.75"]);
      assert.ok(cmd.kind === "run");
      assert.equal(cmd.options.transitionJitterSeconds, 0.75);
      const plain = parseCliArgs([]);
      assert.ok(plain.kind === "run");
      assert.equal(plain.options.transitionJitterSeconds, 0);
      for (const bad of [["--transition-jitter=-1"], ["--transition-jitter", "soon"], ["--transition-jitter"]]) {
        assert.throws(() => parseCliArgs(bad), ArgsError);
      }
      assert.match(USAGE, /--transition-jitter <seconds>/);
    });

    it("over HTTP with the real clock: lengths in range and different, read from the event stamps", async () => {
      const emu = await startEmulator({ startDelaySeconds: 0.05, stopDelaySeconds: 0.05, transitionJitterSeconds: 0.2 });
      const client = sdkClient(emu.url);
      try {
        const control = new EmulatorControl(emu.url);
        const names = Array.from({ length: 8 }, (_, i) => `jf${i}`);
        for (const Name of names) {
          await client.send(new CreateFleetCommand({ Name, InstanceType: "stream.standard.small", ImageName: WS2019, ComputeCapacity: { DesiredInstances: 1 } }));
          await client.send(new StartFleetCommand({ Name }));
        }
        for (const name of names) await waitForState(control, name, "RUNNING");
        const events = await control.events();
        const starts = names.map((name) => {
          const own = events.filter((e) => e.fleetName === name);
          return own.find((e) => e.to === "RUNNING")!.time - own.find((e) => e.to === "STARTING")!.time;
        });
        for (const ms of starts) assert.ok(ms >= 50 && ms < 250, `start lasted ${ms} ms`);
        assert.ok(new Set(starts).size > 1, `all ${starts.length} starts lasted ${starts[0]} ms`);
      } finally {
        client.destroy();
        await emu.close();
      }
    });
  });
});
