# Brings a separate library up to the current CRAN releases of the plotting
# package the tests use (ggplot2), for .ci/run's second test run:
# Debian's builds lag behind CRAN, and users (and CRAN's checks) run CRAN's.
#
#   Rscript tools/cran-lib.R LIB
#
# Installs into LIB ggplot2 when LIB lacks its current release,
# and, recursively, each dependency that no library has at the version a
# package being installed requires. Nothing else: the rest comes from the
# libraries already on the path, so the install takes minutes, not an hour,
# and on a second run (the same releases) it installs nothing.
#
# The repository is R's `repos` option, or DARTSR_CRAN when that is set (as in
# tools/install-deps.sh).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1L) stop("usage: Rscript tools/cran-lib.R LIB", call. = FALSE)
lib <- args[[1]]
dir.create(lib, recursive = TRUE, showWarnings = FALSE)
.libPaths(c(lib, .libPaths()))
# The library is for CRAN's releases only: a dartsr installed into it (say,
# by tools/install.sh run with this library first in R_LIBS) would stand in
# front of the one under test.
if (dir.exists(file.path(lib, "dartsr"))) {
  utils::remove.packages("dartsr", lib = lib)
  cat("cran-lib: removed a dartsr installed in", lib, "\n")
}

repos <- Sys.getenv("DARTSR_CRAN")
if (!nzchar(repos)) repos <- getOption("repos")
if (is.null(repos) || any(repos == "@CRAN@")) {
  stop("No CRAN repository set: set options(repos = ...) in your .Rprofile, ",
       "or the environment variable DARTSR_CRAN.", call. = FALSE)
}
wanted <- "ggplot2"

cran <- utils::available.packages(repos = repos)
base <- rownames(utils::installed.packages(priority = "base"))

# A package's hard dependencies on CRAN with their required versions:
# a data frame of name, op and version (NA when any version will do).
requirements <- function(pkg) {
  fields <- cran[pkg, c("Depends", "Imports", "LinkingTo")]
  entries <- trimws(unlist(strsplit(gsub("\\s+", " ", fields[!is.na(fields)]), ",")))
  entries <- entries[nzchar(entries)]
  m <- regmatches(entries, regexec("^([A-Za-z0-9.]+)\\s*(\\((>=|>|==)\\s*([^)]+)\\))?$", entries))
  m <- m[lengths(m) > 0]
  data.frame(
    name = vapply(m, `[[`, "", 2L),
    op = vapply(m, function(x) if (nzchar(x[[3]])) x[[4]] else NA_character_, ""),
    version = vapply(m, function(x) if (nzchar(x[[3]])) trimws(x[[5]]) else NA_character_, "")
  )
}

installed_version <- function(pkg, lib.loc = NULL) {
  path <- find.package(pkg, lib.loc = lib.loc, quiet = TRUE)
  if (length(path) == 0L) return(NULL)
  package_version(read.dcf(file.path(path[[1]], "DESCRIPTION"), "Version")[[1]])
}

satisfied <- function(have, op, version) {
  !is.null(have) && (is.na(op) || do.call(op, list(have, package_version(version))))
}

# The fixed point: what is installed from CRAN may ask for newer dependencies.
to_install <- wanted[vapply(wanted, function(p) {
  have <- installed_version(p, lib.loc = lib)
  is.null(have) || have < package_version(cran[p, "Version"])
}, logical(1))]
# (Nothing to install, when the library holds the current releases already.)
while (length(to_install) > 0L) {
  needs <- do.call(rbind, lapply(to_install, requirements))
  needs <- needs[!(needs$name %in% c("R", base, to_install)), , drop = FALSE]
  short <- unique(needs$name[!vapply(seq_len(nrow(needs)), function(i) {
    satisfied(installed_version(needs$name[[i]]), needs$op[[i]], needs$version[[i]])
  }, logical(1))])
  if (length(short) == 0L) break
  to_install <- c(to_install, short)
}

if (length(to_install) == 0L) {
  cat("cran-lib: up to date in", lib, "\n")
} else {
  cat("cran-lib: installing into", lib, ":", to_install, "\n")
  utils::install.packages(to_install, lib = lib, repos = repos, dependencies = FALSE,
                          Ncpus = 2L, quiet = TRUE)
}
versions <- vapply(wanted, function(p) {
  have <- installed_version(p, lib.loc = lib)
  if (is.null(have)) "" else format(have)
}, "")
cat("cran-lib:", paste(wanted, versions, collapse = ", "), "\n")
if (any(!nzchar(versions))) quit(save = "no", status = 1)
