#' Show a fitted DARTS model in R Markdown
#'
#' In a knitr chunk (R Markdown, Quarto), printing a fitted model shows its
#' equations as rendered math, one aligned line per hidden node and output,
#' followed by the line on the search that [print()][print.darts_fit] ends
#' with. Unused hidden nodes are marked as in `print()`. knitr calls this
#' method itself; dartsr registers it when knitr is loaded, without depending
#' on knitr. Use `print(fit)` in the chunk to get the console text instead,
#' and [equation(fit, format = "latex")][equation.darts_fit] for the lines on
#' their own, each valid inside `$$ ... $$`.
#'
#' @param x A `darts_fit`.
#' @param options The chunk options knitr passes; not used.
#' @param ... Not used.
#' @param digits Number of significant digits of the coefficients.
#' @return A `knit_asis` object: Markdown with the equations in a display
#'   math block (`$$\begin{aligned} ... \end{aligned}$$`).
#' @seealso [equation.darts_fit()]
#' @exportS3Method knitr::knit_print
#' @examples
#' seed <- read.csv(system.file("extdata", "seed.csv", package = "dartsr"))
#' spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 5,
#'   primitives = c("none", "add", "mult", "linear_exp"))
#' set.seed(1)
#' f <- fit(spec, y ~ x1 + x2, data = seed)
#' if (requireNamespace("knitr", quietly = TRUE)) {
#'   knitr::knit_print(f)
#' }
knit_print.darts_fit <- function(x, options = NULL, ..., digits = 3) {
  digits <- check_count(digits, min = 1)
  knitr::asis_output(equation_markdown(x, digits))
}

# The equations as a Markdown display-math block, aligned at "=", then the
# search line as text.
equation_markdown <- function(x, digits) {
  lines <- equation.darts_fit(x, format = "latex", digits = digits)
  lines <- sub(" = ", " &= ", lines, fixed = TRUE)
  # Node-by-node lines (a law that is not exact) mark the unused nodes.
  if (length(lines) > length(x$output_names)) {
    unused <- which(unused_nodes(x))
    lines[unused] <- paste0(lines[unused], " \\quad \\text{(unused)}")
  }
  paste0(
    "\n$$\n\\begin{aligned}\n",
    paste(lines, collapse = " \\\\\n"),
    "\n\\end{aligned}\n$$\n\n",
    paste(c(describe_search(x), missingness_note(x$na.action)), collapse = "\n\n"), "\n"
  )
}
