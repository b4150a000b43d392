/**
 * The resource plugin `appstream-fleet` from a Python program, installed as a Python user installs
 * a provider: examples/python in an empty directory, a virtual environment `venv` with its
 * requirements.txt (Python `pulumi` and `pulumi-appstream-fleet`, the release's wheel, from a
 * local index: `pip install --no-index --find-links` of .cache/python-sdk/wheels and
 * dist/release), then the `pulumi` CLI and pulumi-language-python. The wheel's
 * pulumi-plugin.json names the plugin, its version and download URL: the engine downloads the
 * plugin. The scenario and its assertions: tests/support/plugin-scenario.ts.
 */
import { describePluginProgram } from "../support/plugin-scenario";
import { installPython } from "../support/release-project";

describePluginProgram({
  language: "python",
  files: ["Pulumi.yaml", "__main__.py", "requirements.txt"],
  fleet: "python-fleet",
  async prepare({ dir, release }) {
    await installPython(dir, release);
  },
});
