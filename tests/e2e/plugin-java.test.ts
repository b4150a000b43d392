/**
 * The resource plugin `appstream-fleet` from a Java program, installed as a Java user installs a
 * provider: examples/java (a Maven project on com.pulumi:pulumi 1.16.0 and
 * io.github.pulumi-appstream-fleet:appstream-fleet) in an empty directory, its Maven repository
 * holding the release's jar and pom at their coordinates (as downloaded from Maven Central) and
 * com.pulumi:pulumi with the Maven plugins (from .cache/maven, `scripts/setup.sh --java`), then
 * the `pulumi` CLI and pulumi-language-java (which runs `mvn compile exec:java`, and finds the
 * plugin's name, version and download URL in the jar's plugin.json): the engine downloads the
 * plugin. The scenario and its assertions: tests/support/plugin-scenario.ts.
 */
import { describePluginProgram } from "../support/plugin-scenario";
import { installJava } from "../support/release-project";

describePluginProgram({
  language: "java",
  files: ["Pulumi.yaml", "pom.xml", ".mvn/jvm.config", "src/main/java/myproject/App.java"],
  fleet: "java-fleet",
  prepare: ({ stateDir, release }) => installJava(stateDir, release),
});
