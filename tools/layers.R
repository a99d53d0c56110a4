# The layers of R/ and the calls between them: Rscript tools/layers.R
#
# A file's prefix names its layer (see CONTRIBUTING.md, "The R code: where
# things live"). Reads every top-level definition in R/, finds which other
# definitions each one uses, and prints, layer by layer, how many uses cross
# from one layer into another. Calls must run down the list of layers: a use
# of a layer above is printed and makes the script exit with status 1, except
# those of the table of primitives (spec-primitives.R), which reads the
# engine's table and describes each primitive in the law's vocabulary.
# Reads the source only; needs nothing but base R.

layers <- c("plot", "answer", "fit", "refine", "law", "engine", "data", "spec")
exception <- "spec-primitives.R"

layer_of <- function(file) {
  layer <- sub("-.*$|\\.R$", "", basename(file))
  if (layer %in% layers) layer else NA_character_
}

# Every top-level assignment of R/: name, file and value.
definitions <- function(dir = "R") {
  defs <- list()
  for (file in list.files(dir, pattern = "\\.R$", full.names = TRUE)) {
    for (e in parse(file, keep.source = FALSE)) {
      if (is.call(e) && as.character(e[[1]]) %in% c("<-", "=") && is.name(e[[2]])) {
        defs[[as.character(e[[2]])]] <- list(file = basename(file), value = e[[3]])
      }
    }
  }
  defs
}

# One row per use of a definition of another file: from, to, user, used.
uses <- function(defs) {
  file_of <- vapply(defs, `[[`, "", "file")
  rows <- lapply(names(defs), function(name) {
    used <- setdiff(intersect(all.names(defs[[name]]$value), names(defs)), name)
    if (length(used) == 0) return(NULL)
    data.frame(from = defs[[name]]$file, to = unname(file_of[used]), user = name, used = used)
  })
  all <- do.call(rbind, rows)
  all[all$from != all$to, ]
}

u <- uses(definitions())
u$from_layer <- vapply(u$from, layer_of, "")
u$to_layer <- vapply(u$to, layer_of, "")
u <- u[!is.na(u$from_layer) & !is.na(u$to_layer), ]
crossing <- u[u$from_layer != u$to_layer, ]
cat("Uses of another layer (rows use columns), layers from top to bottom:\n\n")
print(table(factor(crossing$from_layer, layers), factor(crossing$to_layer, layers)))

upward <- crossing[match(crossing$to_layer, layers) < match(crossing$from_layer, layers) &
                     crossing$from != exception, ]
if (nrow(upward) > 0) {
  cat("\nUses of a layer above:\n")
  cat(sprintf("  %s (%s) uses %s (%s)\n", upward$user, upward$from, upward$used, upward$to),
      sep = "")
  quit(save = "no", status = 1)
}
cat("\nEvery use runs down the layers (", exception, " aside).\n", sep = "")
