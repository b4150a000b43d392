/**
 * A provider-level engine stand-in: what the engine does for `pulumi up` / preview / refresh /
 * destroy of one Fleet, calling the provider (its public FleetProvider, as the engine's provider
 * process does) in this process. It records state as the engine does: a create/update error
 * carrying `id` keeps the fleet ("created but failed", with the error's properties as outputs);
 * any other error changes nothing in state; a replaced fleet whose delete fails stays in state
 * marked for deletion and is deleted by the next update. Used by tests/integration and
 * tests/reliability.
 */
import { FleetProvider } from "../../provider";

export type Inputs = Record<string, any>;
export const provider = new FleetProvider();
export const IMAGE = "AppStream-WinServer2019-06-17-2024";

/** The fleet "web" most tests start from, with `extra` over it. */
export const baseFleet = (extra: Inputs = {}): Inputs => ({
  name: "web",
  imageName: IMAGE,
  instanceType: "stream.standard.medium",
  computeCapacity: { desiredInstances: 2 },
  displayName: "Web apps",
  tags: { team: "vdi" },
  ...extra,
});

export interface StateEntry {
  id: string;
  inputs: Inputs;
  outputs: Inputs;
  /** A replaced fleet whose delete failed: in state, marked for deletion by the next update. */
  pendingDelete?: boolean;
}

export class CheckError extends Error {
  constructor(readonly failures: { property: string; reason: string }[]) {
    super(`check failed: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
}

export class Stack {
  inputs: Inputs | undefined;
  outputs: Inputs | undefined;
  id: string | undefined;
  /** The program last applied or attempted (the invariants compare the fleet with it). */
  program: Inputs | undefined;

  constructor(readonly resourceName = "web") {}

  /** Pulumi state as a list (0 or 1 fleet), with the checked program as inputs. */
  /** Replaced fleets whose delete failed (the engine keeps them, `delete: true`, and retries). */
  pendingDeletes: { id: string; outputs: Inputs }[] = [];

  state(): StateEntry[] {
    const pending = this.pendingDeletes.map((p) => ({ id: p.id, inputs: {}, outputs: p.outputs, pendingDelete: true }));
    return this.id === undefined ? pending : [{ id: this.id, inputs: this.program ?? this.inputs ?? {}, outputs: this.outputs ?? {} }, ...pending];
  }

  private async deletePending(): Promise<void> {
    while (this.pendingDeletes.length > 0) {
      await provider.delete!(this.pendingDeletes[0].id, this.pendingDeletes[0].outputs);
      this.pendingDeletes.shift();
    }
  }

  private keep(e: any, inputs: Inputs): never {
    if (e && typeof e.id === "string" && e.id !== "") {
      this.id = e.id;
      this.outputs = e.properties;
      this.inputs = inputs;
    }
    throw e;
  }

  async up(news: Inputs): Promise<{ replaced: boolean; changed: boolean }> {
    const checked = await provider.check(this.inputs ?? {}, { __resourceName: this.resourceName, ...news });
    if (checked.failures && checked.failures.length > 0) throw new CheckError(checked.failures as any);
    const inputs = checked.inputs as Inputs;
    this.program = inputs;
    await this.deletePending();
    if (this.id === undefined) {
      let r;
      try {
        r = await provider.create(inputs);
      } catch (e) {
        this.keep(e, inputs);
      }
      [this.id, this.outputs, this.inputs] = [r.id, r.outs, inputs];
      return { replaced: false, changed: true };
    }
    const d = await provider.diff(this.id, this.outputs, inputs);
    if (!d.changes) {
      this.inputs = inputs;
      return { replaced: false, changed: false };
    }
    if (d.replaces && d.replaces.length > 0) {
      if (d.deleteBeforeReplace) {
        await provider.delete(this.id, this.outputs);
        this.id = undefined;
      }
      const oldId = this.id;
      const oldOutputs = this.outputs;
      let r;
      try {
        r = await provider.create(inputs);
      } catch (e: any) {
        // The engine keeps the old resource and, with an id, the new one pending; we model one
        // fleet per stack, so a failed replacement keeps the old and the new must not exist.
        if (e && e.id && oldId === undefined) this.keep(e, inputs);
        throw e;
      }
      [this.id, this.outputs, this.inputs] = [r.id, r.outs, inputs];
      if (oldId !== undefined) {
        // create-before-delete: the new fleet is in state now; a failed delete leaves the old
        // one in state marked for deletion, retried by the next update (as the engine does).
        this.pendingDeletes.push({ id: oldId, outputs: oldOutputs! });
        await this.deletePending();
      }
      return { replaced: true, changed: true };
    }
    let r;
    try {
      r = await provider.update!(this.id, this.outputs, inputs);
    } catch (e) {
      this.keep(e, inputs);
    }
    [this.outputs, this.inputs] = [r.outs, inputs];
    return { replaced: false, changed: true };
  }

  async preview(news: Inputs): Promise<boolean> {
    const checked = await provider.check(this.inputs ?? {}, { __resourceName: this.resourceName, ...news });
    if (checked.failures && checked.failures.length > 0) throw new CheckError(checked.failures as any);
    if (this.id === undefined) return true;
    return !!(await provider.diff(this.id, this.outputs, checked.inputs)).changes;
  }

  async refresh(): Promise<void> {
    if (this.id === undefined) return;
    const r = await provider.read!(this.id, this.outputs);
    if (!r.id) {
      this.id = undefined;
      this.outputs = undefined;
      return;
    }
    this.outputs = r.props;
    if (r.inputs) this.inputs = r.inputs;
  }

  async destroy(): Promise<void> {
    await this.deletePending();
    if (this.id === undefined) return;
    await provider.delete!(this.id, this.outputs);
    this.id = undefined;
    this.outputs = undefined;
    this.program = undefined;
  }
}

