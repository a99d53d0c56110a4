test_that("as_dot() writes the graph in DOT", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE)
  dot <- as_dot(f)
  expect_s3_class(dot, "dartsr_dot")
  expect_type(dot, "character")
  expect_length(dot, 1)
  expect_snapshot(dot)
  expect_output(print(dot), "digraph dartsr {", fixed = TRUE)
  expect_equal(capture.output(print(dot)), strsplit(unclass(dot), "\n")[[1]])
  # One arrow per edge that is not none, and per node with a weight.
  expect_equal(lengths(regmatches(dot, gregexpr(" -> ", dot))), 4 + 2)
})

test_that("as_dot() quotes names and marks unused nodes and output functions", {
  f <- hand_made_fit(nodes = 2, trainable_classifier = TRUE, output_type = "sigmoid")
  f$input_names[1] <- f$edges$from[f$edges$from == "x1"] <- 'dose "mg"\\day'
  model <- f$network
  model$weight[] <- c(0.5, 0)
  f <- with_network(f, model)
  dot <- as_dot(f)
  expect_match(dot, 'label = "dose \\"mg\\"\\\\day"', fixed = TRUE)
  expect_match(dot, "hidden2 [label = \"k2\", shape = circle, fillcolor = \"#EEEEEE\", style = \"filled,dashed\"",
               fixed = TRUE)
  expect_match(dot, "y\\nlogistic output, bias 0.1", fixed = TRUE)
  expect_error(as_dot(f, digits = 0), class = "dartsr_error_invalid_argument")
  expect_error(as_dot(f, "x"))
})

test_that("the dot program renders as_dot()", {
  dot_program <- Sys.which("dot")
  skip_if(!nzchar(dot_program), "the dot program of Graphviz is not installed")
  for (f in list(hand_made_fit(nodes = 2, trainable_classifier = TRUE, outputs = 2),
                 wide_hand_made_fit(inputs = 4, nodes = 4), quick_fit())) {
    input <- withr::local_tempfile(fileext = ".dot")
    output <- withr::local_tempfile(fileext = ".svg")
    writeLines(as_dot(f), input)
    status <- system2(dot_program, c("-Tsvg", shQuote(input), "-o", shQuote(output)),
                      stdout = TRUE, stderr = TRUE)
    expect_null(attr(status, "status"))
    expect_match(paste(readLines(output), collapse = "\n"), "<svg", fixed = TRUE)
  }
})
