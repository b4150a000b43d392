/**
 * Provider errors as the engine's dynamic-provider process hands them on: the wrapper of
 * provider/host-errors.ts (message kept, stack frames off, the process's console.error echo
 * of that error dropped, everything else printed; frames and echo back with PULUMI_DEBUG or the
 * engine's logging flags), and the complete AWS CLI commands error messages suggest.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import { associatedStacksMessage, awsAppStreamCommand, shellWord } from "../../provider/aws/errors";
import { cleanError, debugErrors, hostEcho, hostFacing } from "../../provider/host-errors";
import { programError } from "../../provider/lookups/errors";

/** What @pulumi/pulumi's dynamic-provider process does with a method's error (cmd/dynamic-provider: delete, check, diff, read). */
async function asTheHostDoes(f: () => Promise<unknown>): Promise<{ grpcMessage: string; error: any }> {
  try {
    await f();
    throw new Error("no error");
  } catch (e: any) {
    console.error(`${e}: ${e.stack}`);
    return { grpcMessage: e.message, error: e };
  }
}

/** console.error's output while `f` runs. */
async function stderrOf<T>(f: () => Promise<T>): Promise<{ lines: string[]; value: T }> {
  const lines: string[] = [];
  const original = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    return { lines, value: await f() };
  } finally {
    process.stderr.write = original;
  }
}

class Impl {
  calls = 0;
  async delete(id: string): Promise<void> {
    this.calls++;
    throw new Error(`deleting AppStream fleet ${id}: it is associated with stack portal`);
  }
  async create(): Promise<never> {
    throw Object.assign(new Error("fleet f1 failed to start"), { id: "f1", properties: { name: "f1" }, reasons: ["IMAGE_NOT_FOUND"] });
  }
  async read(): Promise<never> {
    throw "a string";
  }
  async check(): Promise<{ ok: true }> {
    return { ok: true };
  }
  helper(): string {
    return "not an entry point";
  }
}

describe("provider errors reach the user once, without stack frames", () => {
  it("an entry point's error keeps its message; its stack is its first line; the host's echo of it is not printed, other stderr is", async () => {
    const impl = new Impl();
    const facing = hostFacing(impl, () => false);
    const { lines, value } = await stderrOf(async () => {
      const r = await asTheHostDoes(() => facing.delete("f1"));
      console.error("a message of someone else");
      return r;
    });
    assert.equal(value.grpcMessage, "deleting AppStream fleet f1: it is associated with stack portal", "the engine gets the message, once");
    assert.equal(value.error.stack, "Error: deleting AppStream fleet f1: it is associated with stack portal");
    assert.deepEqual(lines, ["a message of someone else\n"], "the echo is dropped, the rest is printed");
    assert.equal(impl.calls, 1);
    // The same error twice: each echo dropped once.
    const twice = await stderrOf(async () => {
      await asTheHostDoes(() => facing.delete("f1"));
      await asTheHostDoes(() => facing.delete("f1"));
    });
    assert.deepEqual(twice.lines, []);
  });

  it("an init failure keeps id, properties and reasons (the engine keeps the fleet in state); a thrown string becomes an Error", async () => {
    const facing = hostFacing(new Impl(), () => false);
    const init = await stderrOf(() => asTheHostDoes(() => facing.create()));
    assert.deepEqual([init.value.error.id, init.value.error.properties, init.value.error.reasons], ["f1", { name: "f1" }, ["IMAGE_NOT_FOUND"]]);
    const str = await stderrOf(() => asTheHostDoes(() => facing.read()));
    assert.ok(str.value.error instanceof Error);
    assert.equal(str.value.grpcMessage, "a string");
    assert.deepEqual(str.lines, []);
  });

  it("results and non-entry points pass through unchanged", async () => {
    const facing = hostFacing(new Impl(), () => false);
    assert.deepEqual(await facing.check(), { ok: true });
    assert.equal(facing.helper(), "not an entry point");
  });

  it("in debug mode the stack frames and the echo stay", async () => {
    const facing = hostFacing(new Impl(), () => true);
    const { lines, value } = await stderrOf(() => asTheHostDoes(() => facing.delete("f1")));
    assert.match(value.error.stack, /\n\s+at /);
    assert.equal(lines.length, 1);
    assert.equal(lines[0], `${hostEcho(value.error)}\n`);
  });

  it("debug mode: PULUMI_DEBUG (not empty, 0 or false), or the engine's --logtostderr / -v=N given to the provider", () => {
    assert.equal(debugErrors({}, ["node", "x"]), false);
    for (const v of ["", "0", "false", "FALSE"]) assert.equal(debugErrors({ PULUMI_DEBUG: v }, []), false, v);
    for (const v of ["1", "true", "yes"]) assert.equal(debugErrors({ PULUMI_DEBUG: v }, []), true, v);
    assert.equal(debugErrors({}, ["node", "provider", "--logtostderr", "127.0.0.1:1234"]), true);
    assert.equal(debugErrors({}, ["node", "provider", "-v=9"]), true);
    assert.equal(debugErrors({}, ["node", "provider", "-v=0"]), false);
  });

  it("cleanError and programError: the first line only; programError marks the error as @pulumi/pulumi's RunError", () => {
    const e = cleanError(new TypeError("bad"));
    assert.equal(e.stack, "TypeError: bad");
    assert.match(cleanError(new Error("kept"), true).stack ?? "", /\n\s+at /);
    const saved = process.env.PULUMI_DEBUG;
    delete process.env.PULUMI_DEBUG;
    try {
      assert.throws(
        () => programError(new Error("getImage: no image matches")),
        (x: any) => {
          // @pulumi/pulumi's own check, as its program runner makes it.
          const { RunError } = require("@pulumi/pulumi/errors");
          return RunError.isInstance(x) && x.stack === "Error: getImage: no image matches";
        },
      );
    } finally {
      if (saved !== undefined) process.env.PULUMI_DEBUG = saved;
    }
  });
});

describe("commands in error messages are complete", () => {
  it("an AWS CLI command names the region, every word shell-safe", () => {
    assert.equal(awsAppStreamCommand("disassociate-fleet", { "fleet-name": "f1", "stack-name": "portal" }, "eu-west-1"), "aws appstream disassociate-fleet --fleet-name f1 --stack-name portal --region eu-west-1");
    assert.equal(shellWord("it's"), `'it'\\''s'`);
    // The shell reads the quoted word back as it was.
    const echoed = spawnSync("bash", ["-c", `printf %s ${shellWord("a b'c$d")}`], { encoding: "utf8" });
    assert.equal(echoed.stdout, "a b'c$d");
  });

  it("a delete refused for associated stacks: one complete disassociate command per stack", () => {
    assert.equal(
      associatedStacksMessage("office", ["portal"], "us-east-1"),
      "it is associated with stack portal (AWS refuses to delete a fleet while a stack is associated with it). Disassociate it first: remove the association from the program, " +
        "or run `aws appstream disassociate-fleet --fleet-name office --stack-name portal --region us-east-1`; then run the Pulumi command again.",
    );
    const two = associatedStacksMessage("office", ["a", "b"], "ap-south-1");
    assert.match(two, /^it is associated with stacks a, b /);
    assert.ok(two.includes("`aws appstream disassociate-fleet --fleet-name office --stack-name a --region ap-south-1` and `aws appstream disassociate-fleet --fleet-name office --stack-name b --region ap-south-1`"), two);
  });
});
