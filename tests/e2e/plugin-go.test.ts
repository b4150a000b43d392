/**
 * The resource plugin `appstream-fleet` from a Go program, installed as a Go user installs a
 * provider: examples/go in an empty directory, `go get` of the Go SDK module
 * (github.com/pulumi-appstream-fleet/pulumi-appstream-fleet/sdk) at the release's version from a
 * GOPROXY=file:// directory of the release standing in for the module proxy (then the configured
 * proxy for github.com/pulumi/pulumi/sdk/v3, cached by `scripts/setup.sh --go`), then the
 * `pulumi` CLI and pulumi-language-go (which compiles the program). The module's
 * pulumi-plugin.json names the plugin and download URL, its version is the module's: the engine
 * downloads the plugin. The scenario and its assertions: tests/support/plugin-scenario.ts.
 */
import { describePluginProgram } from "../support/plugin-scenario";
import { installGo } from "../support/release-project";

describePluginProgram({
  language: "go",
  files: ["Pulumi.yaml", "main.go", "go.mod", "go.sum"],
  fleet: "go-fleet",
  prepare: ({ dir, release }) => installGo(dir, release),
});
