/**
 * The resource plugin `appstream-fleet` from a Go program: examples/go as its README has the user
 * set it up (`pulumi package gen-sdk <schema> --language go --out sdk`, sdk/go.mod for the module
 * example.com/pulumi-appstream-fleet/sdk, wired into the program's go.mod with a `replace`;
 * github.com/pulumi/pulumi/sdk/v3 from the module proxy), run with the `pulumi` CLI and
 * pulumi-language-go (which compiles the program) against the emulator. The scenario and its
 * assertions: tests/support/plugin-scenario.ts.
 */
import { strict as assert } from "assert";
import { genSdk, wireGoSdk } from "../support/language-sdk";
import { describePluginProgram } from "../support/plugin-scenario";

describePluginProgram({
  language: "go",
  files: ["main.go", "go.mod", "go.sum"],
  fleet: "go-fleet",
  async prepare({ dir, stateDir, schema }) {
    await genSdk(schema, "go", `${dir}/sdk`, stateDir);
    assert.equal(await wireGoSdk(dir), "example.com/pulumi-appstream-fleet/sdk/go/appstreamfleet", "the import path main.go uses");
  },
});
