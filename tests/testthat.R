library(testthat)
library(dartsr)

test_check("dartsr")
