/**
 * What the code takes from AWS's service model is derived from the pinned model, not copied:
 *  - the generated modules (provider/generated/aws-model.ts, emulator/generated/aws-model.ts)
 *    are what scripts/model/derive.ts makes of the pinned model (aws-model.env) today: a stale
 *    file fails here, naming the command that regenerates it;
 *  - every instance type the model's InstanceType documentation lists (read here with a parser
 *    of this test's own) is accepted by the provider's registry (check) and by the emulator's
 *    CreateFleet / UpdateFleet; a type it does not list is refused by both;
 *  - the operations the generated emulator module covers are the ones the emulator serves.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { derivedModules, documentedInstanceTypes, EMULATED_OPERATIONS } from "../../scripts/model/derive";
import { modelDiff } from "../../scripts/model/diff";
import { readModelPin, REPO_ROOT } from "../../scripts/model/pin";
import { loadServiceModel, type ServiceModel } from "../../tools/service-model";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { MODEL_SOURCE as PROVIDER_SOURCE } from "../../provider/generated/aws-model";
import { MODEL_SOURCE as EMULATOR_SOURCE } from "../../emulator/generated/aws-model";
import { OPERATIONS } from "../../emulator/http/operations";
import { readInput } from "../../emulator/service/constraints";
import { INPUT_SHAPES } from "../../emulator/service/shapes";

/** This test's own reading of the documentation: every `stream.<family>.<size>` it names, in any markup. */
function instanceTypesIn(doc: string): string[] {
  return [...new Set([...doc.matchAll(/\bstream\.[a-z0-9]+(?:\.[a-z0-9]+)*\.[0-9]*(?:x?large|medium|small)\b/g)].map((m) => m[0]))];
}

describe("AWS's model, derived (generated modules, instance types)", function () {
  const pin = readModelPin();
  const { model, via } = loadServiceModel();

  it(`the generated modules are those of the pinned model (botocore ${pin.botocore}; ${via})`, () => {
    const stale: string[] = [];
    for (const d of derivedModules(model, pin.botocore)) {
      let committed = "";
      try {
        committed = readFileSync(join(REPO_ROOT, d.path), "utf8");
      } catch {
        // missing: stale
      }
      if (committed !== d.text) stale.push(d.path);
    }
    assert.deepEqual(stale, [], `stale against botocore ${pin.botocore}: run \`npm run model:update -- ${pin.botocore}\``);
    assert.equal(PROVIDER_SOURCE.botocore, pin.botocore);
    assert.equal(EMULATOR_SOURCE.botocore, pin.botocore);
  });

  it("a model that differs in one enum value makes them stale", () => {
    const changed = structuredClone(model) as ServiceModel;
    changed.shapes.PlatformType.enum = [...changed.shapes.PlatformType.enum!, "WINDOWS_12"];
    const [provider, emulator] = derivedModules(changed, pin.botocore);
    assert.notEqual(provider.text, readFileSync(join(REPO_ROOT, provider.path), "utf8"));
    assert.notEqual(emulator.text, readFileSync(join(REPO_ROOT, emulator.path), "utf8"));
    assert.match(provider.text, /"WINDOWS_12"/);
  });

  it("the emulator's generated module covers exactly the operations it serves", () => {
    assert.deepEqual([...EMULATED_OPERATIONS].sort(), Object.keys(OPERATIONS).sort());
  });

  const documented = (shape: string): string[] => instanceTypesIn(String(model.shapes[shape].members!.InstanceType.documentation ?? ""));

  it("the model documents the instance types of a fleet (parsed two ways, the same)", () => {
    const types = documented("CreateFleetRequest");
    assert.ok(types.length >= 50, `only ${types.length} instance types found`);
    assert.deepEqual([...documentedInstanceTypes(model).all].sort(), [...types].sort());
    for (const t of documentedInstanceTypes(model).elastic) assert.ok(types.includes(t));
  });

  for (const shape of ["CreateFleetRequest", "UpdateFleetRequest"]) {
    it(`the registry and the emulator take every instance type ${shape}'s documentation lists`, () => {
      const missing: string[] = [];
      for (const instanceType of documented(shape)) {
        const check = validateFleetInputs({ name: "f1", imageName: "img", instanceType, computeCapacity: { desiredInstances: 1 } }).filter((f) => f.property === "instanceType");
        if (check.length > 0) missing.push(`registry (check) refuses ${instanceType}: ${check[0].reason}`);
        const op = shape === "CreateFleetRequest" ? "CreateFleet" : "UpdateFleet";
        try {
          readInput({ Name: "f1", InstanceType: instanceType }, INPUT_SHAPES[op]);
        } catch (e) {
          missing.push(`emulator ${op} refuses ${instanceType}: ${(e as Error).message}`);
        }
      }
      assert.deepEqual(missing, []);
    });
  }

  it("an instance type the documentation does not list is refused by both", () => {
    for (const instanceType of ["stream.graphics.g9.2xlarge", "stream.standard.huge"]) {
      assert.ok(!documented("CreateFleetRequest").includes(instanceType));
      assert.ok(validateFleetInputs({ name: "f1", imageName: "img", instanceType, computeCapacity: { desiredInstances: 1 } }).some((f) => f.property === "instanceType"));
      assert.throws(() => readInput({ Name: "f1", InstanceType: instanceType }, INPUT_SHAPES.CreateFleet), /instance types/);
    }
  });

  it("model:update's diff names members and enum values added or removed, area by area", () => {
    const changed = structuredClone(model) as ServiceModel;
    changed.shapes.PlatformType.enum = changed.shapes.PlatformType.enum!.filter((p) => p !== "RHEL8").concat("WINDOWS_12");
    delete changed.shapes.Session.members!.InstanceDrainStatus;
    changed.shapes.Stack.members!.Theme = { shape: "String" };
    changed.shapes.CreateFleetRequest.members!.InstanceType.documentation += "<ul><li><p>stream.graphics.g9.xlarge</p></li></ul>";
    const lines = modelDiff(model, changed);
    assert.deepEqual(modelDiff(model, model), ["fleet (CreateFleet, UpdateFleet, DescribeFleets):", "  no change", "image (DescribeImages):", "  no change", "session (DescribeSessions):", "  no change", "stack (CreateStack, UpdateStack, DescribeStacks):", "  no change"]);
    const area = (name: string) => lines.slice(lines.findIndex((l) => l.startsWith(`${name} (`)) + 1).filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("  ")));
    assert.ok(area("fleet").includes("  + PlatformType enum values: WINDOWS_12"));
    assert.ok(area("fleet").includes("  - PlatformType enum values: RHEL8"));
    assert.ok(area("image").includes("  + PlatformType enum values: WINDOWS_12"));
    assert.ok(area("session").includes("  - Session.InstanceDrainStatus"));
    assert.ok(area("stack").includes("  + Stack.Theme (String)"));
    assert.equal(area("fleet").filter((l) => l.includes("instance types")).length, 0, "a list after the first <ul> is not the fleet list");
  });

  it("documentation without an instance-type list is an error, not an empty list", () => {
    const changed = structuredClone(model) as ServiceModel;
    changed.shapes.CreateFleetRequest.members!.InstanceType.documentation = "<p>The instance type.</p>";
    assert.throws(() => documentedInstanceTypes(changed), /lists no stream\.\* instance types/);
  });
});
