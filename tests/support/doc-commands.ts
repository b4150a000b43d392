/**
 * The commands the repository's documents show, and whether each still exists: `npm run X` and
 * `npm test` (a script of package.json), the package's bins (`npx appstream-emulator`, a bin at
 * the start of a command, `node dist/...` of a bin's file; the bins are read from package.json)
 * with every flag shown (the bin's `--help` must list it), `npx X` of a dependency
 * (node_modules/.bin), `bash scripts/X` (the file, and each flag given to it appears in it), and
 * the flags after `npm run X --` (a bin's, or a string in the script's own source folder).
 *
 * Commands are read from fenced code blocks (each line) and inline code spans; in a table whose
 * first column is `--flag ...`, the flag belongs to the last bin the document ran before it.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface DocCommand {
  /** The document (relative path) and the 1-based line. */
  file: string;
  line: number;
  /** The simple command as written (one of a `&&` / `|` chain). */
  text: string;
  tokens: string[];
}

export interface CommandContext {
  root: string;
  scripts: Record<string, string>;
  /** bin name -> its file, relative to root (package.json "bin"). */
  bins: Record<string, string>;
  /** The `--help` text of a bin (memoized by the caller). */
  help(bin: string): string;
}

/** The repository's context: package.json's scripts and bins, bins' help from their built files. */
export function repoContext(root: string): CommandContext {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const helps = new Map<string, string>();
  const bins: Record<string, string> = typeof pkg.bin === "string" ? { [pkg.name]: pkg.bin } : { ...(pkg.bin ?? {}) };
  return {
    root,
    scripts: pkg.scripts ?? {},
    bins,
    help(bin: string): string {
      if (!helps.has(bin)) {
        let out: string;
        try {
          out = execFileSync(process.execPath, [path.join(root, bins[bin]), "--help"], {
            encoding: "utf8",
            timeout: 15_000,
            stdio: ["ignore", "pipe", "pipe"],
          });
        } catch (e) {
          const x = e as { stdout?: string; stderr?: string };
          out = `${x.stdout ?? ""}${x.stderr ?? ""}`;
        }
        helps.set(bin, out);
      }
      return helps.get(bin) as string;
    },
  };
}

/** Splits a command line like a POSIX shell would (quotes, backslashes), enough for documents. */
export function shellWords(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      has = true;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += c;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

/**
 * Simple commands of one shell line: split at `&&`, `||`, `;`, `|` and around `$(...)` (the
 * command inside counts too); comments and `$ ` prompts dropped.
 */
function simpleCommands(line: string): string[] {
  const noComment = line.replace(/(^|\s)#.*$/, "").replace(/^\s*\$\s+/, "");
  return noComment
    .replace(/"?\$\(([^()]*)\)"?/g, " ; $1 ; ")
    .split(/&&|\|\||;|\|/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every command of a Markdown document. */
export function docCommands(file: string, text: string): DocCommand[] {
  const out: DocCommand[] = [];
  const lines = text.split("\n");
  let fence: string | undefined;
  let pending = "";
  let pendingLine = 0;
  const add = (s: string, line: number) => {
    for (const cmd of simpleCommands(s)) {
      // Leading VAR=value assignments belong to the shell, not the command.
      const tokens = shellWords(cmd);
      while (tokens.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[0])) tokens.shift();
      if (tokens.length > 0) out.push({ file, line, text: cmd, tokens });
    }
  };
  lines.forEach((raw, i) => {
    const fenceMark = /^\s*(```+|~~~+)/.exec(raw);
    if (fenceMark) {
      fence = fence === undefined ? fenceMark[1] : undefined;
      return;
    }
    if (fence !== undefined) {
      const continued = /\\\s*$/.test(raw);
      if (!pending) pendingLine = i + 1;
      pending += (pending ? " " : "") + raw.replace(/\\\s*$/, "");
      if (!continued) {
        add(pending, pendingLine);
        pending = "";
      }
      return;
    }
    for (const m of raw.matchAll(/(`+)([^`]+?)\1/g)) add(m[2], i + 1);
  });
  return out;
}

/** `--name=value`, `--name` or a usage line's `[--name` -> `--name`; undefined for what is not a flag. */
function flagName(token: string): string | undefined {
  const m = /^\[?(--?[A-Za-z][A-Za-z0-9-]*)(=.*|\])?$/.exec(token);
  return m ? m[1] : undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether a bin's --help lists the flag (as a word of its own). */
function helpHas(ctx: CommandContext, bin: string, flag: string): boolean {
  return new RegExp(`(^|[\\s\\[(,|])${escape(flag)}(?![A-Za-z0-9-])`, "m").test(ctx.help(bin));
}

/** The bin whose file is this path (dist/x.js, or its source x.ts as ts-node runs it). */
function binOfFile(ctx: CommandContext, file: string): string | undefined {
  const norm = path.normalize(file).replace(/^\.\//, "");
  for (const [name, target] of Object.entries(ctx.bins)) {
    const t = path.normalize(target);
    if (norm === t || norm === t.replace(/^dist\//, "").replace(/\.js$/, ".ts")) return name;
  }
  return undefined;
}

/**
 * The problems of one command (none when it exists as written). `lastBin` is the bin the document
 * last ran (for flag tables); the returned `bin` is this command's, if it runs one.
 */
export function checkCommand(ctx: CommandContext, c: DocCommand): { problems: string[]; bin?: string } {
  const where = `${c.file}:${c.line}: \`${c.text}\``;
  const problems: string[] = [];
  const t = [...c.tokens];
  const flagsOf = (args: string[]) => args.map(flagName).filter((f): f is string => f !== undefined);
  const binFlags = (bin: string, args: string[]) => {
    for (const f of flagsOf(args)) if (!helpHas(ctx, bin, f)) problems.push(`${where}: ${bin} has no flag ${f} (not in its --help)`);
  };

  if (t[0] === "npm") {
    if (t[1] === "test" || t[1] === "t") {
      if (!ctx.scripts.test) problems.push(`${where}: package.json has no "test" script`);
      return { problems };
    }
    if (t[1] !== "run" && t[1] !== "run-script") return { problems };
    let i = 2;
    while (i < t.length && t[i].startsWith("-") && t[i] !== "--") i++;
    const name = t[i];
    if (name === undefined || name.startsWith("<")) return { problems };
    const script = ctx.scripts[name];
    if (script === undefined) {
      problems.push(`${where}: package.json has no script "${name}"`);
      return { problems };
    }
    const dd = t.indexOf("--", i);
    if (dd < 0) return { problems };
    const args = t.slice(dd + 1);
    // The file the script runs: a bin's (its --help lists the flags), or another program (the
    // flag is a string literal somewhere in that program's folder).
    const target = shellWords(script).find((w) => /\.(ts|js)$/.test(w) && fs.existsSync(path.join(ctx.root, w)));
    const bin = target ? binOfFile(ctx, target) : undefined;
    if (bin) {
      binFlags(bin, args);
      return { problems, bin };
    }
    for (const f of flagsOf(args)) {
      const dir = target ? path.dirname(path.join(ctx.root, target)) : undefined;
      const found =
        dir !== undefined &&
        fs.readdirSync(dir).some((e) => /\.(ts|js)$/.test(e) && new RegExp(`["'\`]${escape(f)}(?![A-Za-z0-9-])`).test(fs.readFileSync(path.join(dir, e), "utf8")));
      if (!found) problems.push(`${where}: npm run ${name} does not take ${f} (not in ${target ? path.dirname(target) + "/" : "its command"})`);
    }
    return { problems };
  }

  if (t[0] === "npx") {
    let i = 1;
    while (i < t.length && t[i].startsWith("-")) i++;
    const name = t[i];
    if (name === undefined) return { problems };
    if (ctx.bins[name] !== undefined) {
      binFlags(name, t.slice(i + 1));
      return { problems, bin: name };
    }
    if (!fs.existsSync(path.join(ctx.root, "node_modules", ".bin", name))) problems.push(`${where}: ${name} is neither a bin of this package nor of an installed dependency`);
    return { problems };
  }

  if (ctx.bins[t[0]] !== undefined) {
    binFlags(t[0], t.slice(1));
    return { problems, bin: t[0] };
  }

  if (t[0] === "node" && t[1] !== undefined && /\.(js|ts)$/.test(t[1])) {
    const bin = binOfFile(ctx, t[1]);
    if (bin) {
      binFlags(bin, t.slice(2));
      return { problems, bin };
    }
    const src = t[1].replace(/^dist\//, "").replace(/\.js$/, ".ts");
    if (!fs.existsSync(path.join(ctx.root, t[1])) && !fs.existsSync(path.join(ctx.root, src))) problems.push(`${where}: ${t[1]} does not exist`);
    return { problems };
  }

  // `bash scripts/x.sh ...`, or `scripts/x.sh ...` as a usage line shows it.
  if (/^(\.\/)?scripts\/\S+\.sh$/.test(t[0])) t.unshift("bash");
  if ((t[0] === "bash" || t[0] === "sh") && t[1] !== undefined && !t[1].startsWith("-")) {
    const file = path.join(ctx.root, t[1]);
    if (!fs.existsSync(file)) {
      problems.push(`${where}: ${t[1]} does not exist`);
      return { problems };
    }
    const dd = t.indexOf("--");
    const text = fs.readFileSync(file, "utf8");
    for (const f of flagsOf(t.slice(2, dd < 0 ? undefined : dd))) {
      if (!new RegExp(`(^|[^A-Za-z0-9-])${escape(f)}(?![A-Za-z0-9-])`, "m").test(text)) problems.push(`${where}: ${t[1]} does not take ${f}`);
    }
    return { problems };
  }

  return { problems };
}

/** Flags a document lists in a table (`| \`--flag <v>\` | ... |`), with their lines. */
export function tableFlags(text: string): { line: number; flag: string }[] {
  const out: { line: number; flag: string }[] = [];
  text.split("\n").forEach((raw, i) => {
    const m = /^\|\s*`(--[A-Za-z][A-Za-z0-9-]*)[^`]*`\s*\|/.exec(raw);
    if (m) out.push({ line: i + 1, flag: m[1] });
  });
  return out;
}

/** Every problem of a document: its commands, and the flags of its tables (those of the last bin it ran before the table). */
export function checkDocument(ctx: CommandContext, file: string, text: string): string[] {
  const problems: string[] = [];
  const cmds = docCommands(file, text);
  const binsByLine: { line: number; bin: string }[] = [];
  for (const c of cmds) {
    const r = checkCommand(ctx, c);
    problems.push(...r.problems);
    if (r.bin) binsByLine.push({ line: c.line, bin: r.bin });
  }
  for (const { line, flag } of tableFlags(text)) {
    const before = binsByLine.filter((b) => b.line < line).pop();
    if (before && !helpHas(ctx, before.bin, flag)) problems.push(`${file}:${line}: the table's ${flag}: ${before.bin} has no such flag (not in its --help)`);
  }
  return problems;
}
