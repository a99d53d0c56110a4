# The Pareto front as the refinement draws it: from the screened candidates,
# the best at each complexity that fits better than every simpler one, and
# its table (R/answer-front.R reads it for the user).

# The front of the contenders and their members (`member_of`, front_member()
# in a fit). A contender that gives no member -- its law leans on an engine
# guard, ln(exp(u)) with exp capped -- leaves, and the front is drawn again
# without it: it must not hide the simpler equations it fitted better than
# (on 12 of Ratkowsky3's rows such a one hid the certified logistic and left
# ln(x) the best on the front).
front_with_laws <- function(contenders, floor, member_of) {
  members <- vector("list", length(contenders))
  checked <- logical(length(contenders))
  alive <- rep(TRUE, length(contenders))
  repeat {
    on_front <- which(alive)[pareto_indices(contenders[alive], floor)]
    fresh <- on_front[!checked[on_front]]
    if (length(fresh) == 0) break
    for (i in fresh) {
      members[i] <- list(member_of(contenders[[i]]))
      checked[i] <- TRUE
      alive[i] <- !is.null(members[[i]])
    }
  }
  list(front = contenders[on_front], members = members[on_front])
}

# The `n` candidates of lowest loss at each complexity.
best_at_each_complexity <- function(candidates, n) {
  complexity <- vapply(candidates, `[[`, numeric(1), "complexity")
  loss <- vapply(candidates, `[[`, numeric(1), "loss")
  ordered <- order(complexity, loss)
  rank <- rank_within(complexity[ordered])
  candidates[ordered[rank <= n]]
}

# The members that no simpler member fits as well: the best at each
# complexity, kept only if its error is below that of every simpler one (by
# more than `floor`). Sorted by complexity.
pareto_members <- function(candidates, floor = 0) {
  candidates[pareto_indices(candidates, floor)]
}

# The indices of pareto_members(), in their order.
pareto_indices <- function(candidates, floor = 0) {
  complexity <- vapply(candidates, `[[`, numeric(1), "complexity")
  loss <- vapply(candidates, `[[`, numeric(1), "loss")
  kept <- integer()
  best <- Inf
  for (i in widest_of_each_law(candidates, loss, floor)[order(complexity, loss)]) {
    if (is.na(i)) next
    if (loss[i] < best * (1 - 1e-9) - floor) {
      kept <- c(kept, i)
      best <- loss[i]
    }
  }
  kept
}

# Two networks can write one law: x * exp(-0.7 * x) as x times an exp, or as
# exp(ln(x)) times an exp, which is 0 wherever x is not positive. Of the
# candidates of one law shape that fit equally well (losses within
# SAME_LAW_TOLERANCE of each other, relative, or `floor`), the one with the
# fewest edges whose function is defined on part of the line only (an ln, a
# power, a reciprocal): its law holds where the others' networks do not.
# Each candidate's index, or NA where another of its law stands for it.
SAME_LAW_TOLERANCE <- 1e-6

widest_of_each_law <- function(candidates, loss, floor) {
  index <- seq_along(candidates)
  shapes <- vapply(candidates, function(c) if (is.null(c$shape)) NA_character_ else c$shape,
                   character(1))
  for (shape in unique(shapes[!is.na(shapes)])) {
    same <- which(shapes %in% shape)
    if (length(same) < 2) next
    equal <- same[loss[same] <= min(loss[same]) * (1 + SAME_LAW_TOLERANCE) + floor]
    restricted <- vapply(candidates[equal], restricted_edges, numeric(1))
    widest <- equal[order(restricted, loss[equal])[1]]
    index[setdiff(same, widest)] <- NA
  }
  index
}

# How many edges of a candidate's network compute a function defined on part
# of the line only: an ln, a power, a reciprocal.
restricted_edges <- function(candidate) {
  architecture <- candidate$model$architecture
  if (is.null(architecture)) return(0)
  in_use <- architecture[architecture != "none"]
  sum(primitive_kind(in_use) %in% c("ln", "power", "reciprocal"))
}

# The front as a data frame; training errors on every row.
front_table <- function(members, chosen, fit) {
  y <- fit$y
  family <- fit_family(fit)
  weight <- total_weight(fit$weights, nrow(y))
  loss <- vapply(members, function(m) {
    total_loss(family, y, engine_predict(fit$spec, m$model, fit$x, ncol(y)), fit$weights)
  }, numeric(1))
  cv_loss <- vapply(members, `[[`, numeric(1), "cv_loss")
  front <- data.frame(
    complexity = vapply(members, `[[`, numeric(1), "complexity"),
    equation = vapply(members, function(m) {
      paste(law_text(m$law, fit$output_names, "console", 3, lhs = output_lhs(fit, "console")),
            collapse = "; ")
    }, character(1)),
    stringsAsFactors = FALSE
  )
  if (family == "gaussian") {
    ss_total <- total_loss("gaussian", y, constant_fit(y, fit$weights), fit$weights)
    front$rmse <- sqrt(loss / (weight * ncol(y)))
    front$r_squared <- if (ss_total > 0) 1 - loss / ss_total else NA_real_
    front$cv_rmse <- sqrt(cv_loss)
  } else {
    front$deviance <- loss / weight
    front$cv_deviance <- cv_loss
  }
  front$cv_se <- vapply(members, `[[`, numeric(1), "cv_se")
  front$bic <- vapply(members, `[[`, numeric(1), "bic")
  front$chosen <- seq_along(members) == chosen
  front
}

# The front's training and cross-validated error as printed and plotted:
# RMSE for least squares; the mean deviance for a choice, whose standard
# error needs no conversion.
front_errors <- function(front) {
  if (!is.null(front$rmse)) {
    return(list(training = front$rmse, cv = front$cv_rmse, label = "RMSE",
                # The standard error of the MSE, carried to the RMSE by the delta method.
                cv_se = ifelse(is.finite(front$cv_se) & front$cv_rmse > 0,
                               front$cv_se / (2 * front$cv_rmse), NA_real_)))
  }
  list(training = front$deviance, cv = front$cv_deviance, label = "deviance",
       cv_se = ifelse(is.finite(front$cv_se), front$cv_se, NA_real_))
}
