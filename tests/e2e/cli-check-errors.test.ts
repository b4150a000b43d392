/**
 * Bad inputs as the `pulumi` CLI shows them, in a project directory as a user runs it: every
 * error of `pulumi preview` names the full property path, the value and the rule, and none is a
 * Go dump of an input (`{map[...]}`, `{<nil>}`), nested inputs included. The program takes its
 * inputs from stack config (JSON objects for the nested ones), so each case is a `pulumi config
 * set` and a `pulumi preview`; the emulator runs as its own process and sees no mutating call.
 *
 * Needs `pulumi-language-nodejs` (scripts/pulumi-cli.sh provides it: see scripts/PULUMI-CLI.md).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PulumiResult, languageHost, pulumiBin } from "../../tools/pulumi-cli";
import { assertOk, emulatedProject } from "../support/pulumi-project";
import { CACHE, ROOT, installedProject, removeStaleRuns } from "../../tools/automation";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Fleet } from "pulumi-appstream-fleet";

const config = new pulumi.Config();
new Fleet("checked", {
  name: "checked-fleet",
  imageName: "AppStream-WinServer2019-06-17-2024",
  instanceType: "stream.standard.medium",
  computeCapacity: config.requireObject<any>("computeCapacity"),
  maxSessionsPerInstance: config.getNumber("maxSessionsPerInstance"),
  vpcConfig: config.getObject<any>("vpcConfig"),
  usbDeviceFilterStrings: config.getObject<string[]>("usbDeviceFilterStrings"),
  tags: config.getObject<Record<string, string>>("tags"),
});
`;

/** Fills the project directory `dir`: Pulumi.yaml, PROGRAM, the quickstart's tsconfig.json, the installed package. */
function project(dir: string): void {
  const installed = installedProject();
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: check-errors\nruntime: nodejs\ndescription: bad inputs as the CLI shows them\n");
  fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  fs.copyFileSync(path.join(ROOT, "examples", "quickstart", "tsconfig.json"), path.join(dir, "tsconfig.json"));
  const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8"));
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: ["index.ts"] }, null, 2));
  fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
  fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
}

/** The lines of a failed preview that carry the provider's check failures. */
const problems = (r: PulumiResult): string[] => `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => /has a problem/.test(l));

describe("e2e: bad inputs in the pulumi CLI's output (path, value, rule; no {map[...]} dumps)", function () {
  this.timeout(10 * 60 * 1000);
  const p = emulatedProject({
    dir: path.join(CACHE, "check-errors"),
    stateDir: path.join(CACHE, "check-errors-state"),
    check() {
      assert.ok(languageHost(pulumiBin()), "no pulumi-language-nodejs next to pulumi or on PATH (see scripts/PULUMI-CLI.md)");
      removeStaleRuns();
    },
    setup: project,
    env: (url) => ({ AWS_ENDPOINT_URL_APPSTREAM: url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIDCHECK", AWS_SECRET_ACCESS_KEY: "check-secret", AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined }),
  });
  const { pulumi } = p;
  const mutating = async (): Promise<string[]> => p.mutatingOps(await p.calls());
  const config = async (values: Record<string, unknown>) => {
    for (const key of ["computeCapacity", "maxSessionsPerInstance", "vpcConfig", "usbDeviceFilterStrings", "tags"]) await pulumi("config", "rm", key);
    for (const [key, value] of Object.entries(values)) assertOk(await pulumi("config", "set", key, typeof value === "string" ? value : JSON.stringify(value)));
  };

  before(() => p.initStack("dev"));

  it("nested inputs: each error names the full path, the value and the rule", async () => {
    await config({
      computeCapacity: { desiredSessions: -4 },
      maxSessionsPerInstance: "4",
      vpcConfig: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6"] },
      usbDeviceFilterStrings: ["*"],
      tags: { "aws:owner": "me" },
    });
    await mutating();
    const r = await pulumi("preview");
    assert.notEqual(r.code, 0, `the preview accepted the bad inputs:\n${r.stdout}\n${r.stderr}`);
    const lines = problems(r);
    const expect = [
      /has a problem: computeCapacity\.desiredSessions: must be 0 or more: a number of user sessions \(got -4\)/,
      /has a problem: vpcConfig\.securityGroupIds = \["sg-1","sg-2","sg-3","sg-4","sg-5","sg-6"\]: must have at most 5 entries \(got 6\)/,
      /has a problem: usbDeviceFilterStrings\[0\]: "\*" is not a USB device filter string/,
      /has a problem: tags\.aws:owner = "me": tag keys must not start with "aws:"/,
    ];
    for (const e of expect) assert.ok(lines.some((l) => e.test(l)), `no line matches ${e}:\n${lines.join("\n")}`);
    assert.doesNotMatch(`${r.stdout}\n${r.stderr}`, /\{map\[|<nil>|\{\[/, "no Go dump of an input");
    assert.deepEqual(await mutating(), [], "nothing changed in AWS");
  });

  it("a nested input whose rule ties it to another: the path and the value lead", async () => {
    await config({ computeCapacity: { desiredSessions: 4 } });
    const r = await pulumi("preview");
    assert.notEqual(r.code, 0);
    assert.ok(problems(r).some((l) => /has a problem: computeCapacity\.desiredSessions = 4: needs maxSessionsPerInstance/.test(l)), problems(r).join("\n"));
    assert.doesNotMatch(`${r.stdout}\n${r.stderr}`, /\{map\[|<nil>/);
    assert.deepEqual(await mutating(), []);
  });

  it("a top-level number: the engine's own 'property P value V' with the rule", async () => {
    await config({ computeCapacity: { desiredSessions: 4 }, maxSessionsPerInstance: "0" });
    const r = await pulumi("preview");
    assert.notEqual(r.code, 0);
    assert.ok(problems(r).some((l) => /property maxSessionsPerInstance value \{0\} has a problem: must be 1 or more: the most user sessions on one instance \(got 0\)/.test(l)), problems(r).join("\n"));
    assert.doesNotMatch(`${r.stdout}\n${r.stderr}`, /\{map\[|<nil>/);
    assert.deepEqual(await mutating(), []);
  });
});
