#!/usr/bin/env bash
# Installs what dartsr needs to be built, tested and checked: a C toolchain,
# pandoc and qpdf, and the R packages named in DESCRIPTION (Depends, Imports,
# LinkingTo, Suggests) plus the ones the tools and CI use. Debian's prebuilt
# r-cran-* packages come first; CRAN is the fallback for anything apt cannot
# provide (or provides too old). Idempotent: on a ready machine it only checks.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DEBIAN_FRONTEND=noninteractive
# CRAN comes from R's own `repos` option (set on the machines we build on);
# DARTSR_CRAN, if set, overrides it with a repository of the user's choice.
CRAN="${DARTSR_CRAN:-}"

# R packages the tools need whatever DESCRIPTION says (knitr, rmarkdown: vignettes).
EXTRA_R_PKGS="cli generics rlang testthat withr callr knitr rmarkdown future future.apply"
# System tools: pandoc (README and vignettes), qpdf (PDF size checks), graphviz
# (the test that renders as_dot() with the dot program).
SYS_TOOLS="pandoc:pandoc qpdf:qpdf dot:graphviz" # command:Debian package

say() { printf 'install-deps: %s\n' "$*"; }
start=$SECONDS

if ! command -v Rscript >/dev/null 2>&1; then
  say "Rscript not found; install R (Debian: apt-get install r-base r-base-dev) first." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
have_apt() {
  command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; }
}

# Runs a command with its output kept back unless it fails.
quietly() {
  local log rc=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" -ne 0 ]; then tail -n 20 "$log" >&2; fi
  rm -f "$log"
  return "$rc"
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" -eq 0 ]; then
    say "apt-get update"
    quietly $SUDO apt-get update -qq
    apt_updated=1
  fi
}

# Installs the Debian packages among "$@" that apt knows; returns quietly.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  have_apt || return 0
  apt_update_once
  local known=() p
  for p in "$@"; do
    if apt-cache show "$p" >/dev/null 2>&1; then known+=("$p"); fi
  done
  [ "${#known[@]}" -gt 0 ] || return 0
  say "apt-get install ${known[*]}"
  if ! quietly $SUDO apt-get install -y -qq --no-install-recommends "${known[@]}"; then
    # One bad package should not stop the others.
    for p in "${known[@]}"; do
      quietly $SUDO apt-get install -y -qq --no-install-recommends "$p" ||
        say "apt could not install $p"
    done
  fi
}

# Prints the R packages that are missing or older than DESCRIPTION asks.
missing_r_pkgs() {
  Rscript - "$EXTRA_R_PKGS" <<'EOF'
args <- commandArgs(trailingOnly = TRUE)
need <- list()
add <- function(name, op = NA, version = NA) {
  need[[length(need) + 1L]] <<- list(name = name, op = op, version = version)
}
for (p in strsplit(args[[1]], " ", fixed = TRUE)[[1]]) add(p)
if (file.exists("DESCRIPTION")) {
  d <- read.dcf("DESCRIPTION")
  fields <- intersect(c("Depends", "Imports", "LinkingTo", "Suggests"), colnames(d))
  for (f in fields) {
    entries <- trimws(strsplit(gsub("\\s+", " ", d[1, f]), ",")[[1]])
    for (e in entries[nzchar(entries)]) {
      m <- regmatches(e, regexec("^([A-Za-z0-9.]+)\\s*(\\((>=|>|==|<=|<)\\s*([^)]+)\\))?$", e))[[1]]
      if (length(m) == 0) next
      if (m[[2]] == "R") next
      if (nzchar(m[[3]])) add(m[[2]], m[[4]], trimws(m[[5]])) else add(m[[2]])
    }
  }
}
base <- rownames(installed.packages(priority = "base"))
out <- character()
for (n in need) {
  if (n$name %in% base) next
  ok <- suppressWarnings(suppressMessages(requireNamespace(n$name, quietly = TRUE)))
  if (ok && !is.na(n$op)) {
    have <- utils::packageVersion(n$name)
    ok <- do.call(n$op, list(have, package_version(n$version)))
  }
  if (!ok) out <- c(out, n$name)
}
cat(unique(out), sep = "\n")
EOF
}

# Sets the array `missing`; a failing R stops the script (set -e).
refresh_missing() {
  local out
  out=$(missing_r_pkgs)
  missing=()
  if [ -n "$out" ]; then mapfile -t missing <<<"$out"; fi
}

# 1. C toolchain (R CMD INSTALL compiles src/).
if ! command -v make >/dev/null 2>&1 || ! command -v "$(R CMD config CC | awk '{print $1}')" >/dev/null 2>&1; then
  say "C toolchain missing"
  apt_install r-base-dev build-essential
fi

# 2. System tools.
missing_sys=()
for t in $SYS_TOOLS; do
  command -v "${t%%:*}" >/dev/null 2>&1 || missing_sys+=("${t#*:}")
done
if [ "${#missing_sys[@]}" -gt 0 ]; then
  say "system tools missing: ${missing_sys[*]}"
  apt_install "${missing_sys[@]}"
  for t in $SYS_TOOLS; do
    command -v "${t%%:*}" >/dev/null 2>&1 || say "warning: ${t%%:*} is still missing; some checks may be skipped"
  done
fi

# 3. R packages: apt first, then CRAN for whatever is still missing.
refresh_missing
if [ "${#missing[@]}" -gt 0 ]; then
  say "R packages missing: ${missing[*]}"
  debs=()
  for p in "${missing[@]}"; do debs+=("r-cran-$(printf '%s' "$p" | tr '[:upper:]' '[:lower:]')"); done
  apt_install "${debs[@]}"
  refresh_missing
  if [ "${#missing[@]}" -gt 0 ]; then
    say "from CRAN: ${missing[*]}"
    Rscript -e '
      args <- commandArgs(trailingOnly = TRUE)
      repos <- args[[1]]; pkgs <- args[-1]
      if (!nzchar(repos)) repos <- getOption("repos")
      if (is.null(repos) || any(repos == "@CRAN@")) {
        stop("No CRAN repository set: set options(repos = ...) in your .Rprofile, ",
             "or the environment variable DARTSR_CRAN.", call. = FALSE)
      }
      lib <- .libPaths()[1]
      if (file.access(lib, 2) != 0) {
        lib <- Sys.getenv("R_LIBS_USER")
        dir.create(lib, recursive = TRUE, showWarnings = FALSE)
      }
      install.packages(pkgs, lib = lib, repos = repos, quiet = TRUE,
                       Ncpus = max(1L, parallel::detectCores(), na.rm = TRUE))
    ' "$CRAN" "${missing[@]}"
    refresh_missing
    if [ "${#missing[@]}" -gt 0 ]; then
      say "could not install: ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

say "all dependencies present ($((SECONDS - start))s)"
