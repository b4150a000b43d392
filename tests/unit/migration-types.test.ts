/**
 * Moving from @pulumi/aws's appstream.Fleet compiles: tests/types/aws-migration.fixture.ts (a
 * program written against aws.appstream.FleetArgs, with the class renamed) type-checks against
 * this package's Fleet, and the same check does catch a real type error (so it can fail).
 */
import { strict as assert } from "assert";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(ROOT, "tests", "types", "aws-migration.fixture.ts");

function diagnostics(files: string[], extra?: { name: string; text: string }): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    types: ["node"],
  };
  const host = ts.createCompilerHost(options);
  if (extra) {
    const read = host.readFile.bind(host);
    const getSource = host.getSourceFile.bind(host);
    host.readFile = (f) => (path.resolve(f) === extra.name ? extra.text : read(f));
    host.fileExists = ((exists) => (f: string) => path.resolve(f) === extra.name || exists(f))(host.fileExists.bind(host));
    host.getSourceFile = (f, lang, ...rest) => (path.resolve(f) === extra.name ? ts.createSourceFile(f, extra.text, lang) : getSource(f, lang, ...rest));
  }
  const program = ts.createProgram(files, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("migration from aws.appstream.Fleet compiles", function () {
  this.timeout(120000);

  it("a program written for aws.appstream.FleetArgs type-checks against Fleet", () => {
    assert.deepEqual(diagnostics([FIXTURE]), []);
  });

  it("the same check reports a real type error (a number where a string goes)", () => {
    const name = path.join(ROOT, "tests", "types", "broken.fixture.ts");
    const text = `import { Fleet } from "../../provider";\nnew Fleet("x", { instanceType: 5 });\n`;
    const found = diagnostics([name], { name, text });
    assert.ok(found.some((m) => /number/.test(m) && /string/.test(m)), `expected a type error, got ${JSON.stringify(found)}`);
  });
});

describe("the fleet's shape is declared once: tests/types/fleet-shape.ts fails when a member is added to the types alone", function () {
  this.timeout(120000);
  const SHAPE = path.join(ROOT, "tests", "types", "fleet-shape.ts");
  const TYPES = path.join(ROOT, "provider", "fleet", "types.ts");
  const types = require("fs").readFileSync(TYPES, "utf8") as string;
  const withMember = (iface: string, member: string) => {
    const at = types.indexOf(`export interface ${iface} `);
    assert.ok(at >= 0, `${iface} is declared in types.ts`);
    const open = types.indexOf("{", at) + 1;
    return { name: TYPES, text: `${types.slice(0, open)}\n  ${member}\n${types.slice(open)}` };
  };

  it("compiles as it is", () => {
    assert.deepEqual(diagnostics([SHAPE]), []);
  });

  it("a setting without its registry entry fails (and the registry itself says which)", () => {
    const found = diagnostics([SHAPE], withMember("FleetSettings", "brandNewSetting?: string;")).join("\n");
    assert.match(found, /Property 'brandNewSetting' is missing in type/);
  });

  it("an output that is not registered fails", () => {
    const found = diagnostics([SHAPE], withMember("FleetOutputs", "brandNewOutput: string;")).join("\n");
    assert.match(found, /Type 'false' does not satisfy the constraint 'true'/);
  });
});
