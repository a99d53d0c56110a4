test_that("knit_print() shows the equations as display math", {
  skip_if_not_installed("knitr")
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  out <- knitr::knit_print(f)
  expect_s3_class(out, "knit_asis")
  expect_snapshot(cat(out))
  expect_true(braces_balance(out))
  # A law that is not exact (ln meets x1 = 0, where the engine's guard holds)
  # is shown node by node, the unused node marked.
  f <- hand_made_fit(nodes = 2, primitives = c(seed_primitives(), "ln"),
                     choices = list("x1 -> k1" = list("mult", 2), "x1 -> k2" = list("ln"),
                                    "x2 -> k2" = list("linear_exp", c(5, 0))))
  model <- f$network
  model$weight[] <- c(0, 1)
  f <- with_network(f, model)
  expect_false(f$law$exact)
  expect_match(knitr::knit_print(f), "k_{1} &= 2 x_{1} \\quad \\text{(unused)}", fixed = TRUE)
  expect_error(knit_print.darts_fit(f, digits = 0), class = "dartsr_error_invalid_argument")
})

test_that("the knit_print method is registered with knitr", {
  skip_if_not_installed("knitr")
  expect_true(is.function(utils::getS3method("knit_print", "darts_fit",
                                             envir = asNamespace("knitr"))))
})

test_that("a fit printed in R Markdown renders as math", {
  skip_if_not_installed("rmarkdown")
  skip_if_not(rmarkdown::pandoc_available(), "pandoc is not available")
  dir <- withr::local_tempdir()
  rmd <- file.path(dir, "fit.Rmd")
  writeLines(c(
    "---",
    "title: A fit",
    "output: html_document",
    "---",
    "",
    "```{r}",
    "library(dartsr)",
    "seed <- read.csv(system.file('extdata', 'seed.csv', package = 'dartsr'))",
    "spec <- darts_regressor(num_graph_nodes = 1, max_epochs = 3,",
    "  primitives = c('none', 'add', 'mult', 'linear_exp'))",
    "set.seed(1)",
    "f <- fit(spec, y ~ x1 + x2, data = seed, verbose = FALSE)",
    "f",
    "```",
    "",
    "Inline: $`r equation(f, format = 'latex')[1]`$."
  ), rmd)
  # Knit in a fresh session, as R Markdown is, with the dartsr under test.
  html <- callr::r(function(rmd) {
    rmarkdown::render(rmd, quiet = TRUE, envir = new.env())
  }, args = list(rmd = rmd), libpath = worker_libpath())
  text <- paste(readLines(html, warn = FALSE), collapse = "\n")
  # Pandoc turns $$...$$ into display math for MathJax, not a code block.
  # (grepl, not expect_match: a failure would print the whole page.)
  expect_true(grepl("<span class=\"math display\">\\[\n\\begin{aligned}", text, fixed = TRUE))
  expect_true(grepl("y &amp;=", text, fixed = TRUE))
  expect_true(grepl("<span class=\"math inline\">\\(y =", text, fixed = TRUE))
  expect_false(grepl("DARTS equation search", text, fixed = TRUE))
})
