# llmsb plot capture for one run, sourced by R at startup as the user profile (R_PROFILE_USER).
#
# It stays invisible to the program: it prints nothing, leaves nothing in the global environment,
# takes itself out of the environment (child R processes are not captured) and then sources the
# user profile it shadows. The program's file is not touched, so its errors and lines are its own.
# Only the base package is loaded here: grDevices is reached through `::` when a plot is made.
local({
  plots <- Sys.getenv("LLMSB_PLOTS_DIR")
  # "set:PATH" when R_PROFILE_USER was set (even to ""), "" when it was unset.
  shadowed <- Sys.getenv("LLMSB_R_PROFILE_USER")
  Sys.unsetenv(c("LLMSB_PLOTS_DIR", "LLMSB_R_PROFILE_USER"))
  if (startsWith(shadowed, "set:")) {
    Sys.setenv(R_PROFILE_USER = substring(shadowed, 5L))
  } else {
    Sys.unsetenv("R_PROFILE_USER")
  }

  if (nzchar(plots)) {
    opened <- 0L
    # The default device: what Rscript would draw into Rplots.pdf (base graphics, and ggplot2 and
    # lattice objects autoprinted at top level) goes to PNG files instead, one per page. grDevices
    # keeps an option that is already set when it loads. dev.new() passes only the arguments
    # named here; sizes are inches, as for pdf().
    options(device = function(width = 7, height = 7, pointsize = 12, bg = "white") {
      opened <<- opened + 1L
      # Time first, then page: names sort in the order the plots were made.
      name <- sprintf("%020.0f-%d-%04d-%%04d.png", as.numeric(Sys.time()) * 1e9, Sys.getpid(), opened)
      grDevices::png(file.path(plots, name), width = width, height = height, units = "in", res = 100,
                     pointsize = pointsize, bg = bg)
    })
  }

  # R's own lookup for the user profile, which R_PROFILE_USER replaced for this run.
  profile <- if (startsWith(shadowed, "set:")) {
    substring(shadowed, 5L)
  } else if (file.exists(".Rprofile")) {
    ".Rprofile"
  } else {
    file.path(Sys.getenv("HOME"), ".Rprofile")
  }
  if (nzchar(profile) && file.exists(profile)) sys.source(path.expand(profile), envir = globalenv())
})
