#!/usr/bin/env Rscript
# Read a NetOrbit run directory with the arrow package and print what it holds.
# Usage: Rscript read_trajectories.R runs/paper-iris
library(arrow)
library(jsonlite)

args <- commandArgs(trailingOnly = TRUE)
run_dir <- if (length(args) > 0) args[[1]] else "runs/paper-iris"

manifest <- fromJSON(file.path(run_dir, "manifest.json"))
cat(sprintf("experiment %s (%s), NetOrbit %s\n", manifest$experiment, manifest$status, manifest$netorbit))

runs <- read_ipc_file(file.path(run_dir, "runs.arrow"))
print(runs[, c("run_id", "eta", "epsilon", "members", "status", "final_loss", "final_accuracy")])

for (run_id in runs$run_id) {
  path <- file.path(run_dir, "trajectories", paste0(run_id, ".arrow"))
  if (!file.exists(path)) next
  tab <- read_ipc_file(path, as_data_frame = FALSE)
  layout <- fromJSON(tab$schema$metadata[["netorbit.param_layout"]])
  df <- as.data.frame(tab)
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
