#!/usr/bin/env Rscript
# Read a NetOrbit run directory with the arrow package and print what it holds.
# Usage: Rscript read_trajectories.R runs/paper-iris/examples
library(arrow)
library(jsonlite)

args <- commandArgs(trailingOnly = TRUE)
run_dir <- if (length(args) > 0) args[[1]] else "runs/paper-iris/examples"

manifest <- fromJSON(file.path(run_dir, "manifest.json"))
cat(sprintf("experiment %s (%s), NetOrbit %s\n", manifest$experiment, manifest$status, manifest$netorbit))

runs <- read_ipc_file(file.path(run_dir, "runs.arrow"))
print(runs[, c("run_id", "eta", "epsilon", "members", "status", "final_loss", "final_accuracy")])

# trajectories/ holds part files of consecutive runs (each run's rows together), in grid order.
# As one table: open_dataset(file.path(run_dir, "trajectories"), format = "arrow") |> dplyr::collect().
# Here file by file, so memory holds one file at a time.
for (path in sort(Sys.glob(file.path(run_dir, "trajectories", "*.arrow")))) {
  tab <- read_ipc_file(path, as_data_frame = FALSE)
  layout <- fromJSON(tab$schema$metadata[["netorbit.param_layout"]])
  part <- as.data.frame(tab)
  for (run_id in unique(part$run_id)) {
    df <- part[part$run_id == run_id, ]
    W <- do.call(rbind, df$weights)               # snapshots x P
    ref <- df$member == 0
    last <- max(df$step)
    line <- sprintf("%s: P=%d, loss %.4f -> %.4f", run_id, ncol(W), df$loss[ref][1], tail(df$loss[ref], 1))
    for (m in setdiff(unique(df$member), 0)) {
      a <- W[df$member == 0 & df$step == last, , drop = FALSE]
      b <- W[df$member == m & df$step == last, , drop = FALSE]
      if (nrow(a) == 1 && nrow(b) == 1) line <- paste0(line, sprintf("; d_%d(T) = %.3g", m, sum(abs(a - b))))
    }
    cat(line, "\n")
  }
}
