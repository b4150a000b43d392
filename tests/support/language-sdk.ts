/**
 * The language hosts a program in each language needs beside `pulumi` (scripts/pulumi-cli.sh
 * builds them); how each language's artifact is installed into a program is in
 * tests/support/release-project.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { pulumiBin } from "../../tools/pulumi-cli";

/** The language hosts beside `pulumi` (or on PATH) that a program in `language` needs; throws naming what is missing and how to get it. */
export function requireLanguageHost(language: "yaml" | "python" | "go" | "java", binDir: string = pulumiBin()): void {
  const files = language === "python" ? ["pulumi-language-python", "pulumi-language-python-exec"] : [`pulumi-language-${language}`];
  for (const f of files) {
    const found = [binDir, ...(process.env.PATH ?? "").split(path.delimiter)].some((d) => {
      try {
        fs.accessSync(path.join(d, f), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) {
      const src = language === "yaml" || language === "java" ? "" : ` (with PULUMI_LANGUAGE_${language.toUpperCase()}_SRC set to its source)`;
      const note = path.join(binDir, `pulumi-language-${language}.unavailable`);
      throw new Error(
        `no ${f} next to ${binDir}/pulumi or on PATH: a ${language} program needs it. Run \`bash scripts/setup.sh --${language}\`${src} ` +
          `(see scripts/PULUMI-CLI.md), or install Pulumi.${fs.existsSync(note) ? ` ${fs.readFileSync(note, "utf8").trim()}` : ""}`,
      );
    }
  }
}
