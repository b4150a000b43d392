#!/usr/bin/env bash
# Build (once) and locate a Pulumi CLI and its language hosts, usable offline.
#
#   bash scripts/pulumi-cli.sh [--yaml] [--python] [--go] [--java]
#
# Prints, as the LAST line of stdout, the absolute path of a directory holding a working
# `pulumi` binary and, when one could be had, `pulumi-language-nodejs` next to it (the plugin
# that runs a TypeScript program from a project directory: `pulumi up` in examples/quickstart),
# and the hosts asked for: `pulumi-language-yaml` (--yaml; built from the Go module
# github.com/pulumi/pulumi-yaml at PULUMI_YAML_VERSION below), `pulumi-language-python` with
# `pulumi-language-python-exec` (--python) and `pulumi-language-go` (--go), both from a source
# directory like the nodejs host, and `pulumi-language-java` (--java; built from the Go module
# github.com/pulumi/pulumi-java/pkg at PULUMI_JAVA_VERSION below). Progress goes to stderr, prefixed "[pulumi-cli]". Idempotent:
# cached builds are reused. See scripts/PULUMI-CLI.md.
#
# Env:
#   PULUMI_CLI_LANGUAGES="yaml python go java"  the same as the options (either adds to the other)
#   PULUMI_LANGUAGE_PYTHON_SRC=<dir>, PULUMI_LANGUAGE_GO_SRC=<dir>  sources of those hosts, used
#                              as PULUMI_LANGUAGE_NODEJS_SRC is (below); the python one holds
#                              `pulumi-language-python-exec` too
#   PULUMI_LANGUAGE_NODEJS_SRC=<dir>  source of pulumi-language-nodejs (a Go module whose go.mod
#                              requires github.com/pulumi/pulumi/sdk/v3 at a release, like the
#                              one Pulumi tags): built in a copy when no language host is
#                              installed; rebuilt when the source changes
#   PULUMI_CLI_FORCE_BUILD=1   ignore a `pulumi` found on PATH, use/build the cache
#   PULUMI_CLI_REBUILD=1       rebuild the cached CLI even if it is current
set -euo pipefail

PULUMI_VERSION=v3.259.0
# The YAML language host: a release of its own Go module, built with that module's go.mod (it
# requires pulumi pkg/sdk v3.206.0: a compile separate from the CLI's). See scripts/PULUMI-CLI.md.
PULUMI_YAML_VERSION=v1.25.0
# The Java language host: cmd/pulumi-language-java of the Go module github.com/pulumi/pulumi-java/pkg
# (its go.mod has replace lines, so `go install mod@version` refuses it: built in a wrapper module
# that repeats them, like the CLI). Its programs use com.pulumi:pulumi of the same version.
PULUMI_JAVA_VERSION=v1.16.0

# The whole script is in main() so that editing this file while it runs is safe.
main() {
    WANT_LANGS=" "
    local a
    for a in ${PULUMI_CLI_LANGUAGES:+${PULUMI_CLI_LANGUAGES//,/ }}; do want_language "$a"; done
    while (($#)); do
        case "$1" in
            --yaml|--python|--go|--java) want_language "${1#--}" ;;
            *) die "unknown option '$1' (usage: bash scripts/pulumi-cli.sh [--yaml] [--python] [--go] [--java])" ;;
        esac
        shift
    done
    MIN_PATH_MINOR=200 # a pulumi on PATH is accepted if its version is >= 3.200
    ROOT="$(cd "$(dirname "$0")/.." && pwd)"
    CACHE="$ROOT/.cache/pulumi"
    BIN="$CACHE/bin"
    BUILD="$CACHE/build"
    LANG_NOTE="$BIN/pulumi-language-nodejs.unavailable" # why there is none, for readers of $BIN
    LH_SRC="${PULUMI_LANGUAGE_NODEJS_SRC:-}"
    if [[ -n "$LH_SRC" ]]; then
        [[ -f "$LH_SRC/go.mod" && -f "$LH_SRC/main.go" ]] ||
            die "PULUMI_LANGUAGE_NODEJS_SRC=$LH_SRC is not the source of pulumi-language-nodejs (no go.mod and main.go there)"
        LH_SRC="$(cd "$LH_SRC" && pwd)"
    fi
    # One build at a time per checkout (a test run and a demo started together wait here).
    mkdir -p "$CACHE"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$CACHE/lock"
        flock 9
    fi

    # 1. A recent enough pulumi already on PATH?
    if [[ "${PULUMI_CLI_FORCE_BUILD:-}" != 1 ]] && command -v pulumi >/dev/null 2>&1; then
        local onpath v major rest minor dir
        # resolve symlinks so the directory is the one holding the bundled plugins
        onpath="$(readlink -f "$(command -v pulumi)")"
        dir="$(dirname "$onpath")"
        v="$(version_of "$onpath")"
        # our own cache on PATH: handled below
        [[ "$dir" != "$BIN" ]] || v=""
        major="${v%%.*}"; rest="${v#*.}"; minor="${rest%%.*}"
        if [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] &&
            (( major > 3 || (major == 3 && minor >= MIN_PATH_MINOR) )); then
            if [[ -x "$dir/pulumi-language-nodejs" ]] && wanted_hosts_in "$dir"; then
                log "using pulumi $v and its language hosts found on PATH ($dir)"
                echo "$dir"
                return 0
            fi
            if [[ -z "$LH_SRC" && ! -x "$BIN/pulumi-language-nodejs" && "$WANT_LANGS" == " " ]]; then
                log "using pulumi $v found on PATH ($onpath)"
                if command -v pulumi-language-nodejs >/dev/null 2>&1; then
                    log "pulumi-language-nodejs: $(command -v pulumi-language-nodejs) (on PATH)"
                else
                    log "WARNING: no pulumi-language-nodejs next to it or on PATH: $(no_host_hint)"
                fi
                echo "$dir"
                return 0
            fi
            # That pulumi lacks a language host beside it: give it the hosts, in our cache, and
            # print the cache's bin (a link to that pulumi plus the hosts).
            log "using pulumi $v found on PATH ($onpath), with language hosts from $BIN"
            mkdir -p "$BIN"
            ensure_language_host
            ensure_wanted_hosts
            ln -sfn "$onpath" "$BIN/pulumi"
            link_dynamic_provider
            echo "$BIN"
            return 0
        fi
        [[ "$dir" == "$BIN" ]] || log "pulumi on PATH ($onpath) reports '${v:-?}' (< 3.$MIN_PATH_MINOR): ignoring it"
    fi

    # 2. Cached build current?
    local start=$SECONDS
    if [[ "${PULUMI_CLI_REBUILD:-}" != 1 && -x "$BIN/pulumi" && ! -L "$BIN/pulumi" &&
        "$(version_of "$BIN/pulumi")" == "${PULUMI_VERSION#v}" ]]; then
        log "using cached pulumi ${PULUMI_VERSION#v} ($BIN)"
    else
        # 3. Build.
        [[ ! -e "$BIN/pulumi" ]] || log "cached pulumi reports '$(version_of "$BIN/pulumi")', pinned is ${PULUMI_VERSION#v}: rebuilding"
        rm -f "$BIN/pulumi"
        go_env "pulumi $PULUMI_VERSION"
        build_cli
    fi
    ensure_language_host
    ensure_wanted_hosts
    link_dynamic_provider
    (( SECONDS - start < 2 )) || log "done in $((SECONDS - start))s; put $BIN first on PATH"
    echo "$BIN"
}

no_host_hint() {
    printf '%s' "set PULUMI_LANGUAGE_NODEJS_SRC to its source (see scripts/PULUMI-CLI.md) or install Pulumi (https://www.pulumi.com/docs/install/); without it \`pulumi up\` in a project directory fails, Automation API inline programs still work"
}

# The language host: the cached one (rebuilt when PULUMI_LANGUAGE_NODEJS_SRC's content changed),
# else built from PULUMI_LANGUAGE_NODEJS_SRC, else none (a warning, and a note in $BIN).
ensure_language_host() {
    local have="" key=""
    [[ -x "$BIN/pulumi-language-nodejs" ]] && have=1
    if [[ -z "$LH_SRC" ]]; then
        if [[ -n "$have" ]]; then
            log "using cached pulumi-language-nodejs $(cat "$BIN/pulumi-language-nodejs.version" 2>/dev/null || echo '?') ($BIN)"
        else
            log "WARNING: no pulumi-language-nodejs: $(no_host_hint)"
            mkdir -p "$BIN"
            printf '%s\n' "no pulumi-language-nodejs: $(no_host_hint)" >"$LANG_NOTE"
        fi
        return 0
    fi
    key="$(source_key "$LH_SRC")"
    if [[ -n "$have" && "$(cat "$BIN/pulumi-language-nodejs.source" 2>/dev/null)" == "$key" ]]; then
        log "using cached pulumi-language-nodejs $(cat "$BIN/pulumi-language-nodejs.version" 2>/dev/null || echo '?') ($BIN)"
        return 0
    fi
    go_env "pulumi-language-nodejs"
    build_language_host nodejs "$LH_SRC" "$key"
    rm -f "$LANG_NOTE"
}

want_language() {
    case "$1" in
        yaml|python|go|java) [[ "$WANT_LANGS" == *" $1 "* ]] || WANT_LANGS+="$1 " ;;
        "") ;;
        *) die "unknown language '$1' (PULUMI_CLI_LANGUAGES takes yaml, python, go, java)" ;;
    esac
}

# The files a language host consists of, beside `pulumi`.
host_files() {
    printf '%s\n' "pulumi-language-$1"
    [[ "$1" != python ]] || printf '%s\n' pulumi-language-python-exec
}

# wanted_hosts_in <dir>: every host asked for (--yaml/--python/--go) is in <dir>
wanted_hosts_in() {
    local lang f
    for lang in $WANT_LANGS; do
        while read -r f; do [[ -x "$1/$f" ]] || return 1; done < <(host_files "$lang")
    done
}

ensure_wanted_hosts() {
    local lang
    for lang in $WANT_LANGS; do
        case "$lang" in
            yaml) ensure_yaml_host ;;
            java) ensure_java_host ;;
            *) ensure_source_host "$lang" ;;
        esac
    done
}

# pulumi-language-yaml: `go install` of the pinned release of its module, which builds it with
# that module's own go.mod and go.sum (checked against the checksum database), as its release
# does (pulumi-yaml's .goreleaser.yml: CGO_ENABLED=0, -s -w, the version stamped by -X).
ensure_yaml_host() {
    local name=pulumi-language-yaml t
    if [[ -x "$BIN/$name" && "$(cat "$BIN/$name.version" 2>/dev/null)" == "$PULUMI_YAML_VERSION" ]]; then
        log "using cached $name $PULUMI_YAML_VERSION ($BIN)"
        return 0
    fi
    go_env "$name $PULUMI_YAML_VERSION"
    local gobin="$BUILD/language-yaml"
    rm -rf "$gobin"
    mkdir -p "$gobin"
    t=$SECONDS
    log "building $name $PULUMI_YAML_VERSION from the Go module github.com/pulumi/pulumi-yaml (1.5 to 3 minutes on 2 cores with a cold Go build cache: its own pulumi pkg/sdk v3.206.0, not the CLI's)"
    (cd "$gobin" && GOBIN="$gobin" go install -trimpath \
        -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$PULUMI_YAML_VERSION" \
        "github.com/pulumi/pulumi-yaml/cmd/$name@$PULUMI_YAML_VERSION") >&2 ||
        die "go install github.com/pulumi/pulumi-yaml/cmd/$name@$PULUMI_YAML_VERSION failed (see above)"
    mv -f "$gobin/$name" "$BIN/$name.tmp"
    mv -f "$BIN/$name.tmp" "$BIN/$name"
    printf '%s\n' "$PULUMI_YAML_VERSION" >"$BIN/$name.version"
    log "$name $PULUMI_YAML_VERSION built in $((SECONDS - t))s"
}

# pulumi-language-java: cmd/pulumi-language-java of github.com/pulumi/pulumi-java/pkg at the pinned
# release, built in a wrapper module that requires it and repeats its replace lines (the go command
# ignores a dependency's replace lines), so the dependency versions are those of its go.mod; the
# checksum database verifies the downloads. Version stamped as its release does (version.Version).
ensure_java_host() {
    local name=pulumi-language-java mod=github.com/pulumi/pulumi-java/pkg t dir replaces
    if [[ -x "$BIN/$name" && "$(cat "$BIN/$name.version" 2>/dev/null)" == "$PULUMI_JAVA_VERSION" ]]; then
        log "using cached $name $PULUMI_JAVA_VERSION ($BIN)"
        return 0
    fi
    go_env "$name $PULUMI_JAVA_VERSION"
    dir="$BUILD/language-java"
    rm -rf "$dir"
    mkdir -p "$dir"
    t=$SECONDS
    log "building $name $PULUMI_JAVA_VERSION from the Go module $mod (1 to 3 minutes on 2 cores with a cold Go build cache: its own pulumi pkg/sdk, not the CLI's)"
    replaces="$(replaces_for "$mod@$PULUMI_JAVA_VERSION" | dedupe_replaces)"
    printf 'module pulumijavabuild\n\ngo %s\n\nrequire %s %s\n\n%s\n' "$GO_DIRECTIVE" "$mod" "$PULUMI_JAVA_VERSION" "$replaces" >"$dir/go.mod"
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s/cmd/%s"\n' "$mod" "$name" >"$dir/tools.go"
    (cd "$dir" && go mod tidy && go build -trimpath \
        -ldflags "-s -w -X $mod/version.Version=$PULUMI_JAVA_VERSION" -o "$BIN/$name.tmp" "$mod/cmd/$name") >&2 ||
        die "building $name $PULUMI_JAVA_VERSION in $dir failed (see above)"
    mv -f "$BIN/$name.tmp" "$BIN/$name"
    printf '%s\n' "$PULUMI_JAVA_VERSION" >"$BIN/$name.version"
    log "$name $PULUMI_JAVA_VERSION built in $((SECONDS - t))s"
}

# ensure_source_host python|go: like ensure_language_host, from PULUMI_LANGUAGE_<LANG>_SRC. With
# no source and no cached host: a warning and a note in $BIN (the programs of that language fail).
ensure_source_host() {
    local lang="$1" var src key have=1 f note
    var="PULUMI_LANGUAGE_${lang^^}_SRC"
    src="${!var:-}"
    note="$BIN/pulumi-language-$lang.unavailable"
    while read -r f; do [[ -x "$BIN/$f" ]] || have=""; done < <(host_files "$lang")
    if [[ -z "$src" ]]; then
        if [[ -n "$have" ]]; then
            log "using cached pulumi-language-$lang $(cat "$BIN/pulumi-language-$lang.version" 2>/dev/null || echo '?') ($BIN)"
        else
            local hint="set $var to its source (see scripts/PULUMI-CLI.md) or install Pulumi (https://www.pulumi.com/docs/install/); without it \`pulumi up\` of a $lang program fails"
            log "WARNING: no pulumi-language-$lang: $hint"
            mkdir -p "$BIN"
            printf '%s\n' "no pulumi-language-$lang: $hint" >"$note"
        fi
        return 0
    fi
    [[ -f "$src/go.mod" && -f "$src/main.go" ]] ||
        die "$var=$src is not the source of pulumi-language-$lang (no go.mod and main.go there)"
    [[ "$lang" != python || -f "$src/pulumi-language-python-exec" ]] ||
        die "$var=$src has no pulumi-language-python-exec (the script the host runs programs with)"
    src="$(cd "$src" && pwd)"
    key="$(source_key "$src")"
    if [[ -n "$have" && "$(cat "$BIN/pulumi-language-$lang.source" 2>/dev/null)" == "$key" ]]; then
        log "using cached pulumi-language-$lang $(cat "$BIN/pulumi-language-$lang.version" 2>/dev/null || echo '?') ($BIN)"
        return 0
    fi
    go_env "pulumi-language-$lang"
    build_language_host "$lang" "$src" "$key"
    if [[ "$lang" == python ]]; then
        cp -f "$src/pulumi-language-python-exec" "$BIN/pulumi-language-python-exec.tmp"
        chmod 755 "$BIN/pulumi-language-python-exec.tmp"
        mv -f "$BIN/pulumi-language-python-exec.tmp" "$BIN/pulumi-language-python-exec"
    fi
    rm -f "$note"
}

# source_key <dir>: sha256 over the names and contents of the source's files
source_key() {
    (cd "$1" && find . -type f ! -name '*.md' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}
# The engine starts dynamic providers through `pulumi-resource-pulumi-nodejs`, a small sh
# script shipped in the @pulumi/pulumi npm package (it resolves @pulumi/pulumi from the
# project directory, so any copy of it works). A plugin next to the `pulumi` binary counts
# as bundled: it is found even when only $BIN is on PATH (or via PulumiCommand root), and
# the CLI does not warn "using pulumi-resource-pulumi-nodejs from $PATH" on every operation.
link_dynamic_provider() {
    local src="$ROOT/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
    if [[ -x "$src" ]]; then
        ln -sfn "$src" "$BIN/pulumi-resource-pulumi-nodejs"
    else
        log "note: $src missing (npm install first): dynamic providers need pulumi-resource-pulumi-nodejs on PATH"
    fi
}

log() { printf '[pulumi-cli] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

PKG=github.com/pulumi/pulumi/pkg/v3
SDK=github.com/pulumi/pulumi/sdk/v3

# version_of <pulumi binary> -> "3.274.1" (no leading v) or empty
version_of() {
    local out
    out="$(PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | head -n1 | tr -d '[:space:]')" || return 0
    printf '%s' "${out#v}"
}

go_env() {
    command -v go >/dev/null 2>&1 ||
        die "go is not installed: it is needed once, to build $1 (install Go 1.24 or later from https://go.dev/dl/, or install Pulumi: https://www.pulumi.com/docs/install/)"
    export GOFLAGS=-mod=mod GOTOOLCHAIN=local CGO_ENABLED=0
    # GOPROXY / GOSUMDB stay as configured: the checksum database verifies downloads.
    mkdir -p "$BIN" "$BUILD"
    LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION"
    GO_DIRECTIVE="$(go env GOVERSION | sed 's/^go//; s/^\([0-9]*\.[0-9]*\).*/\1/')"
}

# go_mod_field <module@version> <Field>: path printed by `go mod download -json` (GoMod, Info, Dir)
go_mod_field() {
    (cd "$BUILD" && go mod download -json "$1") | sed -n "s/^[[:space:]]*\"$2\": \"\\(.*\\)\",*\$/\\1/p"
}

# replaces_for <module@version>: the non-local replace lines of its go.mod. The go command
# ignores replace directives of dependencies, so the wrapper must repeat them.
replaces_for() {
    local modfile
    modfile="$(go_mod_field "$1" GoMod)"
    [[ -n "$modfile" && -f "$modfile" ]] || die "cannot read go.mod of $1"
    awk '
        /^replace[[:space:]]*\($/  { inblock = 1; next }
        inblock && /^\)/           { inblock = 0; next }
        inblock                    { line = $0 }
        /^replace[[:space:]]+[^(]/ { line = $0; sub(/^replace[[:space:]]+/, "", line) }
        line != "" {
            sub(/^[[:space:]]+/, "", line); sub(/[[:space:]]*\/\/.*$/, "", line)
            n = split(line, f, /[[:space:]]+/); arrow = 0
            for (i = 1; i <= n; i++) if (f[i] == "=>") arrow = i
            # keep "old [v] => new v"; drop "old => ../local/path"
            if (arrow && f[arrow + 1] !~ /^\.{0,2}\// && arrow + 2 <= n) print "replace " line
            line = ""
        }' "$modfile"
}

# dedupe_replaces: keep the first replace line for each left-hand side
dedupe_replaces() { awk 'NF { key = $2 " " ($3 == "=>" ? "" : $3) } NF && !seen[key]++'; }

# write_wrapper <dir> <replace lines>
write_wrapper() {
    local dir="$1" replaces="$2"
    mkdir -p "$dir"
    {
        printf 'module pulumiclibuild\n\ngo %s\n\nrequire (\n' "$GO_DIRECTIVE"
        printf '\t%s %s\n' "$PKG" "$PULUMI_VERSION" "$SDK" "$PULUMI_VERSION"
        printf ')\n\n%s\n' "$replaces"
    } >"$dir/go.mod"
    # tools.go keeps the main packages (and so all their dependencies) in the module graph
    {
        printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "%s/cmd/pulumi"\n' "$PKG"
        printf ')\n'
    } >"$dir/tools.go"
    rm -f "$dir/go.sum"
}

build_cli() {
    local t dir="$BUILD/cli"
    log "building pulumi $PULUMI_VERSION into $BIN ($(go env GOVERSION), CGO_ENABLED=0, GOPROXY=$(go env GOPROXY))"
    # Pulumi's release builds the CLI in pkg/, whose go.mod replaces sdk/v3 by ../sdk: the go
    # command then applies pkg's replace lines, not sdk's. So do we: that gives the dependency
    # versions the language host's go.mod has too, and one compile of pkg/v3 serves both.
    log "reading go.mod of $PKG@$PULUMI_VERSION"
    local CLI_REPLACES
    CLI_REPLACES="$(replaces_for "$PKG@$PULUMI_VERSION" | dedupe_replaces)"
    log "replace lines carried over: ${CLI_REPLACES//$'\n'/; }"
    write_wrapper "$dir" "$CLI_REPLACES"

    t=$SECONDS
    log "downloading modules (about a minute the first time)"
    (cd "$dir" && go mod tidy) >&2 || die "module download (go mod tidy in $dir) failed"
    log "modules ready in $((SECONDS - t))s"

    t=$SECONDS
    log "compiling pulumi (about 4 minutes on 2 cores with a cold Go build cache, seconds with a warm one)"
    (cd "$dir" && go build -trimpath -ldflags "$LDFLAGS" -o "$BIN/pulumi.tmp" "$PKG/cmd/pulumi") >&2 ||
        die "go build of pulumi failed"
    mv -f "$BIN/pulumi.tmp" "$BIN/pulumi"
    local got
    got="$(version_of "$BIN/pulumi")"
    [[ "$got" == "${PULUMI_VERSION#v}" ]] || die "built pulumi reports '$got', expected ${PULUMI_VERSION#v}"
    log "pulumi $got compiled in $((SECONDS - t))s"
}

# build_language_host <nodejs|python|go> <source dir> <source key>: a language host from its
# source (the module proxy does not serve these modules: they have no tags), built in a copy (the
# source may be read-only), at the version its go.mod requires for sdk/v3; it must be built
# against that pkg/sdk, not ours.
build_language_host() {
    local lang="$1" src="$2" key="$3" ver t
    local name="pulumi-language-$lang" dir="$BUILD/language-$lang"
    ver="$(sed -n 's#^[[:space:]]*github.com/pulumi/pulumi/sdk/v3[[:space:]]\{1,\}\(v[0-9][^[:space:]]*\).*#\1#p' "$src/go.mod" | head -n1)"
    [[ -n "$ver" ]] || die "$src/go.mod does not require github.com/pulumi/pulumi/sdk/v3"
    rm -rf "$dir"
    cp -R "$src" "$dir"
    chmod -R u+w "$dir"
    t=$SECONDS
    log "building $name $ver from $src (in $dir; seconds when pulumi $ver was built here, minutes otherwise)"
    (cd "$dir" && go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$ver" \
        -o "$BIN/$name.tmp" .) >&2 || die "go build of $name in $dir failed"
    mv -f "$BIN/$name.tmp" "$BIN/$name"
    printf '%s\n' "$ver" >"$BIN/$name.version"
    printf '%s\n' "$key" >"$BIN/$name.source"
    log "$name $ver built in $((SECONDS - t))s"
}

main "$@"
exit $?
