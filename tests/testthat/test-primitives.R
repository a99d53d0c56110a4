test_that("all 25 primitives are listed with their parameters", {
  table <- darts_primitives()
  expect_equal(nrow(table), 25)
  expect_true(all(c("none", "linear_exp", "softminus", "linear_ln") %in% table$name))
  expect_equal(table$dof[table$name == "none"], 0)
  expect_equal(table$dof[table$name == "add"], 1)
  expect_equal(table$dof[table$name == "linear"], 3)
  expect_equal(table$params[[which(table$name == "linear_softplus")]], c("a", "beta"))
})

test_that("the engine evaluates each primitive as documented, guards included", {
  x <- c(-2, -0.5, 0, 1e-9, 0.5, 3, 100)
  reference <- list(
    add = x, subtract = -x, relu = pmax(0, x), logistic = 1 / (1 + exp(-x)),
    exp = exp(pmin(x, 50)), sin = sin(x), cos = cos(x), tanh = tanh(x),
    reciprocal = 1 / ifelse(abs(x) < 1e-6, ifelse(x < 0, -1e-6, 1e-6), x),
    ln = ifelse(x > 0, log(pmax(x, 0) + 1e-10), 0),
    softplus = log1p(exp(x)), softminus = x - log1p(exp(x))
  )
  for (name in names(reference)) {
    spec <- darts_regressor(num_graph_nodes = 1, primitives = name)
    model <- list(architecture = name, theta = array(c(0, 1), c(1, 1, 2)),
                  weight = matrix(1), bias = 0)
    if (name %in% c("softplus", "softminus")) model$theta[] <- c(1, 0)
    got <- dartsr:::engine_predict(spec, model, matrix(x), 1)
    expect_equal(as.vector(got), reference[[name]], tolerance = 1e-12, label = name)
    expect_true(all(is.finite(got)))
  }
})
