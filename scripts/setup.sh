#!/usr/bin/env bash
# Sets up, once, the tools `npm test` and `npm run demo` need besides node_modules, then runs the
# given command with them on PATH. Every step is cached and prints one progress line (stderr,
# prefixed "[setup]"); a missing base tool stops it with a message naming that tool.
#
#   bash scripts/setup.sh [--node <major>] [--aws] [--pulumi] [--yaml] [--python] [--go] [--java] [--languages] [--actionlint] [--arm64] [-- command [args...]]
#
# --node M  Node.js of major version M (22, 24: the supported ones) first on PATH for the command,
#           so that it and everything it starts (mocha, ts-node, the pulumi CLI's nodejs language
#           host, the program) run on that Node: the `node` on PATH when it is of that major, else
#           the newest M.x of the npm registry's package node-linux-<arch> (`npm pack`, which holds
#           bin/node), unpacked once into .cache/node/M.
# --aws     the AWS CLI and the botocore of the pin (aws-model.env: BOTOCORE_VERSION, whose
#           AppStream service model the tests read, and AWSCLI_VERSION): the `aws` on PATH when
#           `aws --version` shows exactly that botocore, else awscli installed with pip over the
#           pinned botocore into .cache/awscli-<AWSCLI_VERSION>-botocore-<BOTOCORE_VERSION> (needs
#           python3 with its venv module and pip), whose bin/ then goes first on PATH for the
#           command. Exports APPSTREAM_BOTOCORE_PYTHON, the Python that imports that botocore.
# --pulumi  the Pulumi CLI and its nodejs language host (scripts/pulumi-cli.sh: the installed
#           ones, else built with Go into .cache/pulumi/bin); exports PULUMI_CLI_BIN=<that dir>.
# --yaml, --python, --go, --java  (each implies --pulumi) the language host of Pulumi programs in
#           that language, beside `pulumi` (scripts/pulumi-cli.sh: YAML and Java from the Go modules
#           github.com/pulumi/pulumi-yaml and github.com/pulumi/pulumi-java/pkg, Python and Go from
#           the source directory in PULUMI_LANGUAGE_PYTHON_SRC / PULUMI_LANGUAGE_GO_SRC), and what
#           programs in it need:
#           --python  .cache/python-sdk/wheels, Python `pulumi` (PYTHON_PULUMI_VERSION) and the
#                     packages a generated SDK installs with, from PyPI, for offline
#                     `pip install --no-index --find-links` into a program's virtual environment;
#           --go      .cache/go-sdk, a Go program on github.com/pulumi/pulumi/sdk/v3
#                     (GO_PULUMI_SDK_VERSION) built once: the module cache and the Go build
#                     cache then hold the SDK and its dependencies;
#           --java    JDK 17 or later and Maven (on Debian/Ubuntu installed with apt-get when
#                     missing: openjdk-17-jdk-headless maven, said on stderr), and the Maven
#                     repository .cache/maven/repository filled once with com.pulumi:pulumi
#                     (JAVA_PULUMI_VERSION) and the Maven plugins a program and the SDK's build use,
#                     by building a one-class program (.cache/maven/warm).
# --languages  all four.
# --actionlint  actionlint (ACTIONLINT_VERSION), the checker of GitHub Actions workflows, built once
#           with `go install github.com/rhysd/actionlint/cmd/actionlint@<version>` into
#           .cache/actionlint/<version>, whose directory goes first on PATH (needs Go).
# --arm64   what runs the linux-arm64 plugin executable on another machine: qemu-user-static and
#           the arm64 C libraries of Debian's cross toolchain (libc6-arm64-cross,
#           libstdc++6-arm64-cross, libgcc-s1-arm64-cross, in /usr/aarch64-linux-gnu), installed with
#           apt-get when missing (said on stderr); nothing on an arm64 machine. Without apt-get or
#           root, a warning: the test then says what it cannot run.
#
# Env: PULUMI_LANGUAGE_NODEJS_SRC (and
# _PYTHON_SRC, _GO_SRC) as in scripts/pulumi-cli.sh; PYTHON_PULUMI_VERSION and
# GO_PULUMI_SDK_VERSION (defaults below). Details: docs/setup.md.
set -euo pipefail

# The Pulumi SDKs of Python and Go programs: the CLI's version (scripts/pulumi-cli.sh).
PYTHON_PULUMI_VERSION="${PYTHON_PULUMI_VERSION:-3.259.0}"
GO_PULUMI_SDK_VERSION="${GO_PULUMI_SDK_VERSION:-v3.259.0}"
# The Java SDK of Java programs: the release of pulumi-java whose language host scripts/pulumi-cli.sh builds.
JAVA_PULUMI_VERSION="${JAVA_PULUMI_VERSION:-1.16.0}"
ACTIONLINT_VERSION="${ACTIONLINT_VERSION:-v1.7.12}"

main() {
    ROOT="$(cd "$(dirname "$0")/.." && pwd)"
    local want_aws="" want_pulumi="" want_langs="" want_node="" want_actionlint="" want_arm64=""
    while (($#)); do
        case "$1" in
            --node)
                [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--node needs a Node.js major version, e.g. --node 22 (got '${2:-}')"
                want_node="$2"; shift ;;
            --aws) want_aws=1 ;;
            --pulumi) want_pulumi=1 ;;
            --yaml|--python|--go|--java) want_langs+=" ${1#--}"; want_pulumi=1 ;;
            --languages) want_langs+=" yaml python go java"; want_pulumi=1 ;;
            --actionlint) want_actionlint=1 ;;
            --arm64) want_arm64=1 ;;
            --) shift; break ;;
            *) die "unknown option '$1' (usage: bash scripts/setup.sh [--node <major>] [--aws] [--pulumi] [--yaml] [--python] [--go] [--java] [--languages] [--actionlint] [--arm64] [-- command args...])" ;;
        esac
        shift
    done
    [[ -z "$want_node" ]] || setup_node "$want_node"
    [[ -z "$want_aws" ]] || setup_aws
    [[ -z "$want_langs" ]] || language_hosts_wanted $want_langs
    [[ -z "$want_pulumi" ]] || setup_pulumi
    [[ -z "$want_langs" ]] || setup_language_sdks $want_langs
    [[ -z "$want_actionlint" ]] || setup_actionlint
    [[ -z "$want_arm64" ]] || setup_arm64
    export PATH
    (($# == 0)) || exec "$@"
}

log() { printf '[setup] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

setup_node() {
    local major="$1" dir="$ROOT/.cache/node/$1" arch pkg tgz t v
    if command -v node >/dev/null 2>&1 && [[ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" == "$major" ]]; then
        log "Node.js: $(node --version) ($(command -v node))"
        return 0
    fi
    if [[ ! -x "$dir/bin/node" ]]; then
        case "$(uname -s)-$(uname -m)" in
            Linux-x86_64) arch=linux-x64 ;;
            Linux-aarch64 | Linux-arm64) arch=linux-arm64 ;;
            Darwin-arm64) arch=darwin-arm64 ;;
            Darwin-x86_64) arch=darwin-x64 ;;
            *) die "no Node.js $major for $(uname -s) $(uname -m) in the npm registry's node-<os>-<arch> packages: install Node.js $major yourself (https://nodejs.org)" ;;
        esac
        pkg="node-$arch@$major"
        command -v npm >/dev/null 2>&1 || die "npm is not on PATH: it is needed to fetch Node.js $major ($pkg)"
        mkdir -p "$ROOT/.cache/node"
        t=$SECONDS
        # One fetch at a time (parallel runs share .cache); whoever waited finds it done.
        exec 8>"$ROOT/.cache/node/.lock"
        flock 8 2>/dev/null || true
        if [[ ! -x "$dir/bin/node" ]]; then
            log "Node.js $major: not on PATH; fetching $pkg from the npm registry into .cache/node/$major (once, about 50 MB)"
            rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
            tgz="$(cd "$dir.tmp" && npm pack "$pkg" --prefer-offline --silent --loglevel=error | tail -n1)" ||
                die "npm pack $pkg failed (see above; it needs the npm registry, or its package in npm's cache)"
            tar xzf "$dir.tmp/$tgz" -C "$dir.tmp" --strip-components=1 package/bin/node package/LICENSE ||
                die "unpacking $tgz failed"
            rm -f "$dir.tmp/$tgz"
            "$dir.tmp/bin/node" --version >/dev/null || die "$dir.tmp/bin/node does not run on this machine"
            rm -rf "$dir" && mv "$dir.tmp" "$dir"
            log "Node.js: $("$dir/bin/node" --version) installed in .cache/node/$major in $((SECONDS - t))s"
            PATH="$dir/bin:$PATH"
            exec 8>&-
            return 0
        fi
        exec 8>&-
    fi
    v="$("$dir/bin/node" --version)" || die "$dir/bin/node does not run (remove .cache/node/$major to fetch it again)"
    log "Node.js: $v (cached in .cache/node/$major)"
    PATH="$dir/bin:$PATH"
}

# The pin of AWS's service model (aws-model.env: BOTOCORE_VERSION, AWSCLI_VERSION), read once.
read_model_pin() {
    local file="$ROOT/aws-model.env" line
    [[ -f "$file" ]] || die "aws-model.env, the pin of AWS's service model, is missing from $ROOT"
    BOTOCORE_VERSION="" AWSCLI_VERSION=""
    while IFS= read -r line; do
        case "$line" in
            BOTOCORE_VERSION=*) BOTOCORE_VERSION="${line#*=}" ;;
            AWSCLI_VERSION=*) AWSCLI_VERSION="${line#*=}" ;;
        esac
    done <"$file"
    [[ "$BOTOCORE_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ && "$AWSCLI_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
        die "aws-model.env must set BOTOCORE_VERSION and AWSCLI_VERSION to versions like 1.44.18 (got '$BOTOCORE_VERSION', '$AWSCLI_VERSION')"
}

# aws_pinned <aws>: prints `aws --version` when that CLI runs on the pinned botocore (AWS CLI v1
# prints botocore/<version>; v2 bundles a botocore of its own and never matches).
aws_pinned() {
    local v
    v="$("$1" --version 2>&1)" || return 1
    [[ " $v " == *" botocore/$BOTOCORE_VERSION "* ]] || return 1
    printf '%s' "$v"
}

# The Python interpreter of a pip-installed `aws` script (its #! line), or nothing.
aws_python() {
    local first
    IFS= read -r first <"$1" 2>/dev/null || return 0
    [[ "$first" == '#!'*python* ]] || return 0
    first="${first#\#!}"
    # `#!/usr/bin/env python3` names the interpreter in its second word
    set -- $first
    if [[ "$1" == */env ]]; then command -v "$2" 2>/dev/null || true; else printf '%s' "$1"; fi
}

setup_aws() {
    read_model_pin
    local key="awscli-$AWSCLI_VERSION-botocore-$BOTOCORE_VERSION" venv v t path_aws py
    mkdir -p "$ROOT/.cache"
    # The physical path: .cache may be a link shared by several checkouts, and a virtual
    # environment's scripts name their Python by the path it was created at.
    venv="$(cd "$ROOT/.cache" && pwd -P)/$key"
    if path_aws="$(command -v aws 2>/dev/null)" && v="$(aws_pinned aws)"; then
        # The tests read the model through a Python that imports that botocore: the one of aws's
        # #! line, else python3 (a wrapper such as pyenv's shim names no Python).
        py="$(aws_python "$path_aws")"
        [[ -n "$py" ]] || py="$(command -v python3 2>/dev/null || true)"
        if [[ -n "$py" ]] && [[ "$("$py" -c 'import botocore; print(botocore.__version__)' 2>/dev/null)" == "$BOTOCORE_VERSION" ]]; then
            log "AWS CLI: $v ($path_aws; the pinned botocore, aws-model.env)"
            export APPSTREAM_BOTOCORE_PYTHON="$py"
            return 0
        fi
    fi
    if [[ "$(cat "$venv/.complete" 2>/dev/null)" == "$key" ]] && v="$(aws_pinned "$venv/bin/aws")"; then
        log "AWS CLI: $v (cached in .cache/$key)"
        PATH="$venv/bin:$PATH"
        export APPSTREAM_BOTOCORE_PYTHON="$venv/bin/python3"
        return 0
    fi
    command -v python3 >/dev/null 2>&1 ||
        die "python3 (3.10 or later, with venv and pip) is needed to install awscli $AWSCLI_VERSION over botocore $BOTOCORE_VERSION (the pin, aws-model.env) into .cache/$key: install python3 (Debian/Ubuntu: apt-get install python3 python3-venv)"
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 ||
        die "python3 ($(command -v python3)) has no venv/ensurepip module, needed to install the AWS CLI into .cache/$key: install it (Debian/Ubuntu: apt-get install python3-venv)"
    mkdir -p "$ROOT/.cache"
    # One writer at a time (several checkouts share .cache); whoever waited finds it done.
    exec 9>"$ROOT/.cache/$key.lock"
    command -v flock >/dev/null 2>&1 && flock 9
    if [[ "$(cat "$venv/.complete" 2>/dev/null)" != "$key" ]]; then
        t=$SECONDS
        [[ -z "$path_aws" ]] || log "AWS CLI: $path_aws ($(aws --version 2>&1 | head -n 1)) is not on the pinned botocore $BOTOCORE_VERSION (aws-model.env)"
        log "AWS CLI: installing awscli $AWSCLI_VERSION over botocore $BOTOCORE_VERSION (aws-model.env) into .cache/$key with pip (once, about half a minute)"
        rm -rf "$venv"
        python3 -m venv "$venv" >&2 || die "python3 -m venv $venv failed (see above)"
        install_pinned_awscli "$venv" || die "installing awscli $AWSCLI_VERSION over botocore $BOTOCORE_VERSION into $venv failed (see above; pip needs the package index or PIP_FIND_LINKS)"
        v="$(aws_pinned "$venv/bin/aws")" || die "$venv/bin/aws does not run on botocore $BOTOCORE_VERSION after the install: $("$venv/bin/aws" --version 2>&1 | head -n 3)"
        printf '%s\n' "$key" >"$venv/.complete"
        log "AWS CLI: $v installed in .cache/$key in $((SECONDS - t))s"
    else
        v="$(aws_pinned "$venv/bin/aws")" || die "$venv/bin/aws does not run on botocore $BOTOCORE_VERSION: remove .cache/$key to install it again"
        log "AWS CLI: $v (cached in .cache/$key)"
    fi
    exec 9>&-
    PATH="$venv/bin:$PATH"
    export APPSTREAM_BOTOCORE_PYTHON="$venv/bin/python3"
}

# awscli AWSCLI_VERSION without its own botocore requirement (a 1.45.x names one botocore 1.43.x
# exactly), then its other requirements and the pinned botocore. pip's note that the installed
# awscli asked for another botocore is expected; its output shows only when a step fails.
install_pinned_awscli() {
    local venv="$1" pip=("$1/bin/python3" -m pip install --disable-pip-version-check --quiet) reqs out
    out="$(mktemp)"
    "${pip[@]}" --no-deps "awscli==$AWSCLI_VERSION" >"$out" 2>&1 || { cat "$out" >&2; rm -f "$out"; return 1; }
    reqs="$("$venv/bin/python3" -c '
import importlib.metadata as m
for r in m.requires("awscli") or []:
    if "extra ==" not in r and not r.replace(" ", "").startswith("botocore"):
        print(r.replace(" (", "").replace(")", "") if "(" in r else r)
')" || { rm -f "$out"; return 1; }
    mapfile -t reqs <<<"$reqs"
    "${pip[@]}" "botocore==$BOTOCORE_VERSION" "${reqs[@]}" >"$out" 2>&1 || { cat "$out" >&2; rm -f "$out"; return 1; }
    rm -f "$out"
    [[ "$("$venv/bin/python3" -c 'import botocore; print(botocore.__version__)')" == "$BOTOCORE_VERSION" ]]
}

setup_pulumi() {
    # CI's optional input: the language host's source next to the checkout (see .ci/run).
    local vendored="$ROOT/../shared/vendor/pulumi-language-nodejs-v3.259.0" bin
    if [[ -z "${PULUMI_LANGUAGE_NODEJS_SRC:-}" && -d "$vendored" ]]; then
        export PULUMI_LANGUAGE_NODEJS_SRC="$(cd "$vendored" && pwd)"
    fi
    [[ -x "$ROOT/.cache/pulumi/bin/pulumi" ]] ||
        log "Pulumi CLI: locating or building it (scripts/pulumi-cli.sh; a build takes minutes, once)"
    bin="$(bash "$ROOT/scripts/pulumi-cli.sh" | tail -n1)" || die "scripts/pulumi-cli.sh failed (see above)"
    [[ -x "$bin/pulumi" ]] || die "scripts/pulumi-cli.sh printed '$bin', which has no pulumi"
    export PULUMI_CLI_BIN="$bin"
}

# language_hosts_wanted <lang>...: scripts/pulumi-cli.sh (here and when a test runs it again)
# provides these hosts too; CI's optional inputs (sources next to the checkout, see .ci/run) are
# used when no source is named.
language_hosts_wanted() {
    local lang var vendored
    for lang in "$@"; do
        [[ " ${PULUMI_CLI_LANGUAGES:-} " == *" $lang "* ]] || PULUMI_CLI_LANGUAGES="${PULUMI_CLI_LANGUAGES:+$PULUMI_CLI_LANGUAGES }$lang"
        [[ "$lang" != yaml && "$lang" != java ]] || continue
        var="PULUMI_LANGUAGE_${lang^^}_SRC"
        vendored="$ROOT/../shared/vendor/pulumi-language-$lang-v3.259.0"
        if [[ -z "${!var:-}" && -d "$vendored" ]]; then
            export "$var=$(cd "$vendored" && pwd)"
        fi
    done
    export PULUMI_CLI_LANGUAGES
}

setup_language_sdks() {
    local lang
    for lang in "$@"; do
        case "$lang" in
            python) setup_python_sdk ;;
            go) setup_go_sdk ;;
            java) setup_java_sdk ;;
        esac
    done
}

# python_sdk_ok <dir>: the wheel directory is complete for the pinned version
python_sdk_ok() { [[ "$(cat "$1/.complete" 2>/dev/null)" == "pulumi==$PYTHON_PULUMI_VERSION" ]]; }

# .cache/python-sdk/wheels: every wheel a Python program with a generated SDK installs (Python
# `pulumi` with its dependencies, the SDK's parver and semver, setuptools and wheel to build the SDK
# for `pip install -e`), so that the tests install them offline into each program's own virtual
# environment. Checked by installing `pulumi` from it alone into .cache/python-sdk/venv.
setup_python_sdk() {
    local dir="$ROOT/.cache/python-sdk" tmp t
    if python_sdk_ok "$dir"; then
        log "Python pulumi: $PYTHON_PULUMI_VERSION (wheels cached in .cache/python-sdk)"
        return 0
    fi
    command -v python3 >/dev/null 2>&1 ||
        die "python3 (3.9 or later, with venv and pip) is needed for Python Pulumi programs (--python): install it (Debian/Ubuntu: apt-get install python3 python3-venv)"
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 ||
        die "python3 ($(command -v python3)) has no venv/ensurepip module, needed for Python Pulumi programs (--python): install it (Debian/Ubuntu: apt-get install python3-venv)"
    mkdir -p "$ROOT/.cache"
    # One writer at a time (several checkouts may share .cache); the loser finds it done.
    exec 8>"$ROOT/.cache/python-sdk.lock"
    command -v flock >/dev/null 2>&1 && flock 8
    if python_sdk_ok "$dir"; then
        log "Python pulumi: $PYTHON_PULUMI_VERSION (wheels cached in .cache/python-sdk)"
        return 0
    fi
    t=$SECONDS
    log "Python pulumi: downloading pulumi==$PYTHON_PULUMI_VERSION and its dependencies into .cache/python-sdk/wheels (once, about 20 seconds)"
    tmp="$dir.tmp.$$"
    rm -rf "$tmp"
    python3 -m venv "$tmp/pip" >&2 || die "python3 -m venv $tmp/pip failed (see above)"
    "$tmp/pip/bin/python3" -m pip download --quiet --disable-pip-version-check --dest "$tmp/wheels" \
        "pulumi==$PYTHON_PULUMI_VERSION" "parver>=0.2.1" "semver>=2.8.1" setuptools wheel >&2 ||
        die "pip download pulumi==$PYTHON_PULUMI_VERSION failed (see above; pip needs the package index or PIP_FIND_LINKS)"
    rm -rf "$dir"
    mkdir -p "$dir"
    mv "$tmp/wheels" "$dir/wheels"
    rm -rf "$tmp"
    python3 -m venv "$dir/venv" >&2 || die "python3 -m venv $dir/venv failed (see above)"
    "$dir/venv/bin/python3" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$dir/wheels" \
        "pulumi==$PYTHON_PULUMI_VERSION" >&2 || die "pip install pulumi==$PYTHON_PULUMI_VERSION from $dir/wheels alone failed (see above)"
    "$dir/venv/bin/python3" -c 'import pulumi' || die "$dir/venv cannot import pulumi"
    printf 'pulumi==%s\n' "$PYTHON_PULUMI_VERSION" >"$dir/.complete"
    log "Python pulumi: $PYTHON_PULUMI_VERSION ready in $((SECONDS - t))s"
}

# .cache/go-sdk: a one-export Go program on github.com/pulumi/pulumi/sdk/v3, built once: its
# modules land in the module cache and its compile in the Go build cache, so a Go program's
# first `pulumi up` in the tests compiles only itself. Its go.sum serves the tests' programs.
setup_go_sdk() {
    local dir="$ROOT/.cache/go-sdk" t
    if [[ "$(cat "$dir/.complete" 2>/dev/null)" == "$GO_PULUMI_SDK_VERSION" ]]; then
        log "Go pulumi SDK: $GO_PULUMI_SDK_VERSION (.cache/go-sdk)"
        return 0
    fi
    command -v go >/dev/null 2>&1 || die "go is not installed: Go Pulumi programs (--go) need it (Go 1.24 or later from https://go.dev/dl/)"
    mkdir -p "$ROOT/.cache"
    exec 7>"$ROOT/.cache/go-sdk.lock"
    command -v flock >/dev/null 2>&1 && flock 7
    if [[ "$(cat "$dir/.complete" 2>/dev/null)" == "$GO_PULUMI_SDK_VERSION" ]]; then
        log "Go pulumi SDK: $GO_PULUMI_SDK_VERSION (.cache/go-sdk)"
        return 0
    fi
    t=$SECONDS
    log "Go pulumi SDK: github.com/pulumi/pulumi/sdk/v3 $GO_PULUMI_SDK_VERSION: downloading and compiling it once (.cache/go-sdk; about 3 minutes on 2 cores with a cold Go build cache)"
    rm -rf "$dir"
    mkdir -p "$dir"
    printf 'module gosdkcheck\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 %s\n' "$GO_PULUMI_SDK_VERSION" >"$dir/go.mod"
    cat >"$dir/main.go" <<'GO'
package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ctx.Export("language", pulumi.String("go"))
		return nil
	})
}
GO
    (cd "$dir" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go mod tidy && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o gosdkcheck .) >&2 ||
        die "building a Go program on github.com/pulumi/pulumi/sdk/v3 $GO_PULUMI_SDK_VERSION in $dir failed (see above)"
    printf '%s\n' "$GO_PULUMI_SDK_VERSION" >"$dir/.complete"
    log "Go pulumi SDK: $GO_PULUMI_SDK_VERSION ready in $((SECONDS - t))s"
}

setup_actionlint() {
    local dir="$ROOT/.cache/actionlint/$ACTIONLINT_VERSION" t
    if [[ -x "$dir/actionlint" ]]; then
        log "actionlint: $ACTIONLINT_VERSION (cached in .cache/actionlint)"
        PATH="$dir:$PATH"
        return 0
    fi
    command -v go >/dev/null 2>&1 || die "go is not installed: it is needed once, to build actionlint (--actionlint; Go 1.24 or later from https://go.dev/dl/)"
    t=$SECONDS
    log "actionlint: building github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION (once, about 20 seconds)"
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    (cd "$dir.tmp" && GOBIN="$dir.tmp" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION") >&2 ||
        die "go install github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION failed (see above)"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    log "actionlint: $ACTIONLINT_VERSION built in $((SECONDS - t))s"
    PATH="$dir:$PATH"
}

arm64_ok() {
    command -v qemu-aarch64-static >/dev/null 2>&1 && [[ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 && -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ]]
}

setup_arm64() {
    case "$(uname -m)" in aarch64 | arm64) log "arm64: this machine is arm64"; return 0 ;; esac
    if arm64_ok; then
        log "arm64: qemu-aarch64-static and /usr/aarch64-linux-gnu ready"
        return 0
    fi
    if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
        log "arm64: installing qemu-user-static and Debian's arm64 C libraries with apt-get (once, about 30 seconds), to run the arm64 plugin executable in a test"
        { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross; } >&2 ||
            log "WARNING: apt-get install qemu-user-static ... failed (see above): the arm64 plugin executable cannot be run here"
    else
        log "WARNING: no qemu-aarch64-static and no apt-get as root to install it: the arm64 plugin executable cannot be run here (Debian/Ubuntu: apt-get install qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross)"
    fi
}

java_ok() {
    local v
    command -v javac >/dev/null 2>&1 && command -v mvn >/dev/null 2>&1 || return 1
    v="$(javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')"
    [[ "$v" =~ ^[0-9]+$ ]] && ((v >= 17))
}

# JDK 17+ and Maven, then .cache/maven/repository (the Maven local repository of the release's SDK
# build, and the source the Java tests copy from) holding com.pulumi:pulumi and the plugins of
# compile, jar, install and exec:java: a one-class program on com.pulumi:pulumi is built and run
# once with the plugins pinned as in the poms of the repository (examples/java/pom.xml,
# scripts/release/sdks.ts). Maven downloads from Maven Central then, and never again.
setup_java_sdk() {
    local dir="$ROOT/.cache/maven" stamp t
    if ! java_ok; then
        if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
            log "Java: JDK 17+ or Maven missing; installing them with apt-get (openjdk-17-jdk-headless maven; once, about a minute)"
            { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven; } >&2 ||
                die "apt-get install openjdk-17-jdk-headless maven failed (see above)"
        fi
        java_ok || die "Java programs (--java) need JDK 17 or later (javac) and Maven (mvn) on PATH: install them (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless maven)"
    fi
    stamp="com.pulumi:pulumi:$JAVA_PULUMI_VERSION warm-2"
    if [[ "$(cat "$dir/.complete" 2>/dev/null)" == "$stamp" ]]; then
        log "Java: $(javac -version 2>&1); Maven repository cached (.cache/maven)"
        return 0
    fi
    mkdir -p "$dir"
    exec 6>"$dir.lock"
    command -v flock >/dev/null 2>&1 && flock 6
    if [[ "$(cat "$dir/.complete" 2>/dev/null)" == "$stamp" ]]; then
        log "Java: Maven repository cached (.cache/maven)"
        return 0
    fi
    t=$SECONDS
    log "Java: filling .cache/maven/repository with com.pulumi:pulumi $JAVA_PULUMI_VERSION and the Maven plugins (once, from Maven Central; about a minute)"
    rm -rf "$dir/warm"
    mkdir -p "$dir/warm/src/main/java/warm"
    sed "s/@JAVA_PULUMI_VERSION@/$JAVA_PULUMI_VERSION/" >"$dir/warm/pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>warm</groupId>
  <artifactId>warm</artifactId>
  <version>1</version>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>11</maven.compiler.release>
    <mainClass>warm.Main</mainClass>
    <mainArgs/>
  </properties>
  <dependencies>
    <dependency><groupId>com.pulumi</groupId><artifactId>pulumi</artifactId><version>@JAVA_PULUMI_VERSION@</version></dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-source-plugin</artifactId><version>3.3.1</version>
        <executions><execution><id>sources</id><goals><goal>jar-no-fork</goal></goals></execution></executions></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-install-plugin</artifactId><version>3.1.2</version></plugin>
      <plugin><groupId>org.codehaus.mojo</groupId><artifactId>exec-maven-plugin</artifactId><version>3.1.0</version>
        <configuration><mainClass>${mainClass}</mainClass><commandlineArgs>${mainArgs}</commandlineArgs></configuration></plugin>
    </plugins>
  </build>
</project>
POM
    printf 'package warm;\n\npublic class Main {\n    public static void main(String[] args) {\n        System.out.println("warm " + com.pulumi.Pulumi.class.getName());\n    }\n}\n' >"$dir/warm/src/main/java/warm/Main.java"
    (cd "$dir/warm" && mvn -B -q --no-transfer-progress -Dstyle.color=never -Dmaven.repo.local="$dir/repository" install exec:java) >&2 ||
        die "building the Maven warm-up program in $dir/warm failed (see above; Maven needs Maven Central once)"
    rm -rf "$dir/repository/warm"
    printf '%s\n' "$stamp" >"$dir/.complete"
    log "Java: Maven repository filled in $((SECONDS - t))s"
}

main "$@"
