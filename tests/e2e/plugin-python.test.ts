/**
 * The resource plugin `appstream-fleet` from a Python program: examples/python as its README has
 * the user set it up (`pulumi package gen-sdk <schema> --language python --out sdk`, a virtual
 * environment `venv` with requirements.txt: Python `pulumi` from PyPI and `-e ./sdk/python`), run
 * with the `pulumi` CLI and pulumi-language-python against the emulator. The scenario and its
 * assertions: tests/support/plugin-scenario.ts. The wheels come from .cache/python-sdk/wheels
 * (`bash scripts/setup.sh --python`), so the install is offline.
 */
import { genSdk, pythonVenv } from "../support/language-sdk";
import { describePluginProgram } from "../support/plugin-scenario";

describePluginProgram({
  language: "python",
  files: ["__main__.py", "requirements.txt"],
  fleet: "python-fleet",
  async prepare({ dir, stateDir, schema }) {
    await genSdk(schema, "python", `${dir}/sdk`, stateDir);
    await pythonVenv(dir);
  },
});
