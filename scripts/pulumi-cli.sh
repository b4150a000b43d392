#!/usr/bin/env bash
# Build (once) and locate a Pulumi CLI usable offline.
#
# Prints, as the LAST line of stdout, the absolute path of a directory holding a
# working `pulumi` binary (plus `pulumi-language-nodejs` when it could be built).
# Progress goes to stderr, prefixed "[pulumi-cli]". Idempotent: a cached build
# whose version matches PULUMI_VERSION is reused. See scripts/PULUMI-CLI.md.
#
# Env overrides:
#   PULUMI_CLI_FORCE_BUILD=1   ignore a `pulumi` found on PATH, use/build the cache
#   PULUMI_CLI_REBUILD=1       rebuild the cache even if it is current
#   PULUMI_LANGUAGE_NODEJS_COMMIT=<40-hex sha of the release commit>
#                              try to build pulumi-language-nodejs from that commit
#                              (only needed when the proxy's .info has no Origin)
set -euo pipefail

PULUMI_VERSION=v3.274.1

# The whole script is in main() so that editing this file while it runs is safe.
main() {
    MIN_PATH_MINOR=200 # a pulumi on PATH is accepted if its version is >= 3.200
    ROOT="$(cd "$(dirname "$0")/.." && pwd)"
    CACHE="$ROOT/.cache/pulumi"
    BIN="$CACHE/bin"
    BUILD="$CACHE/build"
    LANG_NOTE="$BIN/pulumi-language-nodejs.unavailable" # reason of the last failed attempt

    # 1. A recent enough pulumi already on PATH?
    if [[ "${PULUMI_CLI_FORCE_BUILD:-}" != 1 ]] && command -v pulumi >/dev/null 2>&1; then
        local onpath v major rest minor
        # resolve symlinks so the directory is the one holding the bundled plugins
        onpath="$(readlink -f "$(command -v pulumi)")"
        v="$(version_of "$onpath")"
        major="${v%%.*}"; rest="${v#*.}"; minor="${rest%%.*}"
        if [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] &&
            (( major > 3 || (major == 3 && minor >= MIN_PATH_MINOR) )); then
            log "using pulumi $v found on PATH ($onpath)"
            dirname "$onpath"
            return 0
        fi
        log "pulumi on PATH ($onpath) reports '${v:-?}' (< 3.$MIN_PATH_MINOR): ignoring it"
    fi

    # 2. Cached build current?
    if [[ "${PULUMI_CLI_REBUILD:-}" != 1 && -x "$BIN/pulumi" ]]; then
        local v
        v="$(version_of "$BIN/pulumi")"
        if [[ "$v" == "${PULUMI_VERSION#v}" ]]; then
            log "using cached pulumi $v ($BIN)"
            if [[ ! -x "$BIN/pulumi-language-nodejs" ]]; then
                if [[ -n "${PULUMI_LANGUAGE_NODEJS_COMMIT:-}" ]]; then
                    go_env
                    build_language_host
                elif [[ -f "$LANG_NOTE" ]]; then
                    log "WARNING: $(cat "$LANG_NOTE")"
                fi
            fi
            link_dynamic_provider
            echo "$BIN"
            return 0
        fi
        log "cached pulumi reports '${v:-?}', pinned is ${PULUMI_VERSION#v}: rebuilding"
    fi

    # 3. Build.
    go_env
    local start=$SECONDS
    build_cli
    rm -f "$BIN/pulumi-language-nodejs" "$BIN/pulumi-language-nodejs.version" "$LANG_NOTE"
    build_language_host
    link_dynamic_provider
    log "done in $((SECONDS - start))s; put $BIN first on PATH"
    echo "$BIN"
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
LANG_MOD=github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3

# version_of <pulumi binary> -> "3.274.1" (no leading v) or empty
version_of() {
    local out
    out="$(PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | head -n1 | tr -d '[:space:]')" || return 0
    printf '%s' "${out#v}"
}

go_env() {
    command -v go >/dev/null 2>&1 || die "go is not installed (needed to build pulumi $PULUMI_VERSION)"
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

# write_wrapper <dir> <replace lines> [<module> <version>]
write_wrapper() {
    local dir="$1" replaces="$2" extra_mod="${3:-}" extra_ver="${4:-}"
    mkdir -p "$dir"
    {
        printf 'module pulumiclibuild\n\ngo %s\n\nrequire (\n' "$GO_DIRECTIVE"
        printf '\t%s %s\n' "$PKG" "$PULUMI_VERSION" "$SDK" "$PULUMI_VERSION"
        [[ -z "$extra_mod" ]] || printf '\t%s %s\n' "$extra_mod" "$extra_ver"
        printf ')\n\n%s\n' "$replaces"
    } >"$dir/go.mod"
    # tools.go keeps the main packages (and so all their dependencies) in the module graph
    {
        printf '//go:build tools\n\npackage tools\n\nimport (\n\t_ "%s/cmd/pulumi"\n' "$PKG"
        [[ -z "$extra_mod" ]] || printf '\t_ "%s"\n' "$extra_mod"
        printf ')\n'
    } >"$dir/tools.go"
    rm -f "$dir/go.sum"
}

build_cli() {
    local t dir="$BUILD/cli"
    log "building pulumi $PULUMI_VERSION into $BIN ($(go env GOVERSION), CGO_ENABLED=0, GOPROXY=$(go env GOPROXY))"
    log "reading go.mod of $PKG@$PULUMI_VERSION and $SDK@$PULUMI_VERSION"
    CLI_REPLACES="$( { replaces_for "$PKG@$PULUMI_VERSION"; replaces_for "$SDK@$PULUMI_VERSION"; } | dedupe_replaces)"
    log "replace lines carried over: ${CLI_REPLACES//$'\n'/; }"
    write_wrapper "$dir" "$CLI_REPLACES"

    t=$SECONDS
    log "downloading modules (first time takes several minutes)"
    (cd "$dir" && go mod tidy) >&2 || die "module download (go mod tidy in $dir) failed"
    log "modules ready in $((SECONDS - t))s"

    t=$SECONDS
    log "compiling pulumi (about 7 minutes on 2 cores with a cold Go build cache)"
    (cd "$dir" && go build -trimpath -ldflags "$LDFLAGS" -o "$BIN/pulumi.tmp" "$PKG/cmd/pulumi") >&2 ||
        die "go build of pulumi failed"
    mv -f "$BIN/pulumi.tmp" "$BIN/pulumi"
    local got
    got="$(version_of "$BIN/pulumi")"
    [[ "$got" == "${PULUMI_VERSION#v}" ]] || die "built pulumi reports '$got', expected ${PULUMI_VERSION#v}"
    log "pulumi $got compiled in $((SECONDS - t))s"
}

# Optional: pulumi-language-nodejs. It is its own Go module with no tags, so only a
# pseudo-version v3.0.0-<commit time UTC>-<12 hex> of the release commit can fetch it.
lang_warn() {
    local msg="nodejs language host unavailable: $*; Automation API inline programs still work"
    log "WARNING: $msg"
    printf '%s\n' "$msg" >"$LANG_NOTE"
}
build_language_host() {
    local commit="${PULUMI_LANGUAGE_NODEJS_COMMIT:-}" infofile info time pseudo dir err t replaces
    # The tag's .info gives the commit time and, when the proxy passes it on, the
    # commit itself (Origin.Hash).
    infofile="$(go_mod_field "$PKG@$PULUMI_VERSION" Info)"
    info="$(cat "$infofile" 2>/dev/null || true)"
    [[ -n "$commit" ]] ||
        commit="$(printf '%s' "$info" | sed -n 's/.*"Hash"[[:space:]]*:[[:space:]]*"\([0-9a-f]\{40\}\)".*/\1/p')"
    if [[ ! "$commit" =~ ^[0-9a-f]{12,40}$ ]]; then
        lang_warn "the commit of the $PULUMI_VERSION release is unknown (the Go proxy's .info for $PKG@$PULUMI_VERSION has no Origin; set PULUMI_LANGUAGE_NODEJS_COMMIT=<sha> to try one)"
        return 0
    fi
    time="$(printf '%s' "$info" | sed -n 's/.*"Time"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')"
    [[ -n "$time" ]] || { lang_warn "no commit time in the Go proxy's .info for $PKG@$PULUMI_VERSION"; return 0; }
    pseudo="v3.0.0-$(date -u -d "$time" +%Y%m%d%H%M%S)-${commit:0:12}"

    log "fetching $LANG_MOD@$pseudo"
    if ! err="$(cd "$BUILD" && go mod download -json "$LANG_MOD@$pseudo" 2>/dev/null)"; then
        err="$(printf '%s' "$err" | sed -n 's/.*"Error": "\(.*\)".*/\1/p' | head -n1)"
        lang_warn "cannot fetch $LANG_MOD@$pseudo: ${err:-go mod download failed}"
        return 0
    fi
    [[ -n "$CLI_REPLACES" ]] || CLI_REPLACES="$( { replaces_for "$PKG@$PULUMI_VERSION"; replaces_for "$SDK@$PULUMI_VERSION"; } | dedupe_replaces)"
    # Its go.mod requires pkg/v3 at v3.0.0-00010101000000-000000000000 (replaced by a local
    # path upstream): pin pkg and sdk to the release, plus its own non-local replaces.
    replaces="$( {
        printf 'replace %s => %s %s\n' "$PKG" "$PKG" "$PULUMI_VERSION" "$SDK" "$SDK" "$PULUMI_VERSION"
        printf '%s\n' "$CLI_REPLACES"
        replaces_for "$LANG_MOD@$pseudo"
    } | dedupe_replaces)"
    dir="$BUILD/language-nodejs"
    write_wrapper "$dir" "$replaces" "$LANG_MOD" "$pseudo"
    t=$SECONDS
    log "downloading language host modules"
    if ! (cd "$dir" && go mod tidy) >&2; then
        lang_warn "module download for $LANG_MOD@$pseudo failed"; return 0
    fi
    log "compiling pulumi-language-nodejs"
    if ! (cd "$dir" && go build -trimpath -ldflags "$LDFLAGS" -o "$BIN/pulumi-language-nodejs.tmp" "$LANG_MOD") >&2; then
        lang_warn "go build of $LANG_MOD@$pseudo failed"; return 0
    fi
    mv -f "$BIN/pulumi-language-nodejs.tmp" "$BIN/pulumi-language-nodejs"
    printf '%s\n' "$pseudo" >"$BIN/pulumi-language-nodejs.version"
    rm -f "$LANG_NOTE"
    log "pulumi-language-nodejs $pseudo built in $((SECONDS - t))s"
}

# CLI_REPLACES is needed by build_language_host also when the CLI came from the cache
CLI_REPLACES=""
main "$@"
exit $?
