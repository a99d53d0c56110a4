#' The graph of a fitted DARTS model in the DOT language
#'
#' `as_dot()` writes the computation graph of the sampled model, the one
#' [plot()][plot.darts_fit] draws, in the DOT language of Graphviz: inputs,
#' hidden nodes and outputs from left to right, one arrow per edge whose
#' operation is not `"none"`, labelled with the operation and its
#' coefficients; arrows into an output carry a trained output weight, and an
#' output's label names its output function and a trained bias. Hidden nodes
#' that reach no output are drawn dashed and grey. Render it with
#' `DiagrammeR::grViz()` or with the `dot` program
#' (`dot -Tsvg graph.dot > graph.svg`).
#'
#' @param x A `darts_fit`.
#' @param digits Number of significant digits of the coefficients.
#' @param ... Not used; must be empty.
#' @return A string of class `dartsr_dot` (a character vector of length 1,
#'   which prints as the DOT text it holds).
#' @seealso [plot.darts_fit()]
#' @export
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' as_dot(f)
#' dot_file <- tempfile(fileext = ".dot")
#' writeLines(as_dot(f), dot_file)
#' # DiagrammeR::grViz(as_dot(f)), or in a shell: dot -Tpng graph.dot > graph.png
as_dot <- function(x, ...) {
  UseMethod("as_dot")
}

#' @rdname as_dot
#' @export
as_dot.darts_fit <- function(x, digits = 3, ...) {
  rlang::check_dots_empty()
  digits <- check_count(digits, min = 1)
  graph <- darts_graph(x, digits)
  nodes <- graph$nodes
  edges <- graph$edges
  ids <- dot_id(nodes$id)
  node_lines <- sprintf("  %s [%s];", ids, vapply(seq_len(nrow(nodes)), function(i) {
    dot_node_attributes(nodes[i, ])
  }, character(1)))
  edge_lines <- sprintf("  %s -> %s%s;", dot_id(edges$from), dot_id(edges$to),
                        ifelse(nzchar(edges$label),
                               sprintf(" [label = %s]", dot_string(edges$label)), ""))
  same_rank <- function(kind) {
    sprintf("  { rank = same; %s; }", paste(ids[nodes$kind == kind], collapse = "; "))
  }
  text <- c(
    "digraph dartsr {",
    "  rankdir = LR;",
    sprintf("  node [fontname = \"Helvetica\", style = filled, color = \"%s\"];", NODE_BORDER),
    sprintf("  edge [fontname = \"Helvetica\", fontsize = 10, color = \"%s\"];", ARROW_COLOUR),
    node_lines,
    same_rank("input"),
    same_rank("output"),
    edge_lines,
    "}"
  )
  structure(paste(text, collapse = "\n"), class = "dartsr_dot")
}

#' @export
print.dartsr_dot <- function(x, ...) {
  cat(unclass(x), "\n", sep = "")
  invisible(x)
}

# "input:1" -> input1: node ids without the colon DOT reads as a port.
dot_id <- function(id) {
  sub(":", "", id, fixed = TRUE)
}

# A DOT string literal: quoted, with backslashes and quotes escaped.
dot_string <- function(text) {
  text <- gsub("\\", "\\\\", text, fixed = TRUE)
  paste0("\"", gsub("\"", "\\\"", text, fixed = TRUE), "\"")
}

dot_node_attributes <- function(node) {
  label <- dot_string(node$label)
  if (nzchar(node$note)) {
    # "\n" in a DOT label is a line break; dot_string() would escape it.
    label <- paste0(substr(label, 1, nchar(label) - 1), "\\n",
                    substr(dot_string(node$note), 2, nchar(dot_string(node$note))))
  }
  attributes <- c(
    paste("label =", label),
    paste("shape =", if (node$kind == "hidden") "circle" else "box"),
    sprintf("fillcolor = \"%s\"", node$fill)
  )
  if (node$unused) {
    attributes <- c(attributes, "style = \"filled,dashed\"",
                    sprintf("fontcolor = \"%s\"", UNUSED_NODE_TEXT))
  }
  paste(attributes, collapse = ", ")
}
