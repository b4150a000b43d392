/**
 * Every published name that depends on where the project lives, derived from ONE field:
 * package.json's `repository` (`https://github.com/<owner>/<repo>`). A fork changes it there and
 * everything below follows: the schema's pluginDownloadURL (so every SDK tells the engine where
 * to download the plugin: the GitHub release assets of the repository), the Go module path of the
 * Go SDK, the Maven group of the Java SDK, and the release workflow's targets.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

export interface Repository {
  owner: string;
  repo: string;
  /** https://github.com/<owner>/<repo> */
  url: string;
  /**
   * The schema's pluginDownloadURL, in Pulumi's `github://` form: the engine downloads
   * `pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz` from the repository's GitHub release
   * `v<version>`. `github://api.github.com/<owner>` names the repository `pulumi-<plugin name>`
   * (Pulumi's default); any other repository name is spelled out.
   */
  pluginDownloadURL: string;
  /** The Go SDK's module: sdk/ of the repository (tags `sdk/v<version>`). */
  goModule: string;
  /** The Maven group of the Java SDK: `io.github.<owner>` (Maven Central's namespace for a GitHub account). */
  mavenGroup: string;
}

/** The project's repository, from package.json (or the given package.json object). */
export function repository(pkg: { repository?: string | { url?: string }; name?: string } = readPackageJson()): Repository {
  const raw = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  const m = /^(?:git\+)?https:\/\/github\.com\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+?)(?:\.git)?\/?$/.exec(raw ?? "");
  if (!m) throw new Error(`package.json's "repository" must be https://github.com/<owner>/<repo> (it names where releases are downloaded from), got ${JSON.stringify(raw)}`);
  const [, owner, repo] = m;
  const pluginName = "appstream-fleet";
  return {
    owner,
    repo,
    url: `https://github.com/${owner}/${repo}`,
    pluginDownloadURL: repo === `pulumi-${pluginName}` ? `github://api.github.com/${owner}` : `github://api.github.com/${owner}/${repo}`,
    goModule: `github.com/${owner}/${repo}/sdk`,
    mavenGroup: `io.github.${owner.toLowerCase()}`,
  };
}

export function readPackageJson(): { name: string; version: string; repository?: string | { url?: string }; license?: string; description?: string; [k: string]: unknown } {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
}
