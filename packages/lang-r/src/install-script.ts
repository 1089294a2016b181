/** Download timeout (s) for one file; a dead repository fails at connect time anyway. */
export const DOWNLOAD_TIMEOUT_S = 30;

/** Environment variable carrying the repositories (space-separated) to the install script. */
export const REPOS_VARIABLE = 'LLMSB_R_REPOS';

/**
 * The R program that installs the packages named in its trailing arguments into
 * `R_LIBS_USER`. Names and repositories arrive as data (arguments, environment), never spliced
 * into code. `install.packages` only warns when a package is unavailable, so the script checks
 * that each one loads and exits non-zero otherwise.
 */
export const INSTALL_SCRIPT = [
  'pkgs <- commandArgs(trailingOnly = TRUE)',
  `repos <- strsplit(Sys.getenv("${REPOS_VARIABLE}"), " ", fixed = TRUE)[[1]]`,
  'if (length(repos) == 0) {',
  '  repos <- getOption("repos")',
  // Debian leaves the CRAN mirror unset; take R\'s own first choice from its bundled list.
  '  if (is.null(repos) || any(repos == "@CRAN@")) {',
  '    chooseCRANmirror(graphics = FALSE, ind = 1, local.only = TRUE)',
  '    repos <- getOption("repos")',
  '  }',
  '}',
  `options(timeout = ${DOWNLOAD_TIMEOUT_S})`,
  'install.packages(pkgs, lib = Sys.getenv("R_LIBS_USER"), repos = repos)',
  'ok <- vapply(pkgs, requireNamespace, logical(1), quietly = TRUE)',
  'if (!all(ok)) {',
  '  message("llmsb: could not install ", paste(pkgs[!ok], collapse = ", "), " from ", paste(repos, collapse = " "))',
  '  quit(status = 1)',
  '}',
].join('\n');
