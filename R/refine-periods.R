# Periodic edges' starts: sin(a * x + b) and cos(a * x + b) of an input
# started at the response's strongest period along that input.
#
# A periodic term's loss is a comb of valleys in its rate `a`, one per
# harmonic and alias, and a local fit started at a = 1 or a = -1 stays in
# the valley it starts in: with "linear_sin" in the search space, the
# monthly ENSO series (an annual cycle in 168 months) was fitted without any
# sine. The periodogram finds the valley, and the start puts the edge in it.

# The strongest periods of the response along each input, for the edges of a
# search space with a periodic primitive of a rate and an offset: for each
# edge from an input, `frequency` and `phase` (columns: the periodogram's
# peaks, strongest first; see strongest_periods()); NA rows for edges from
# hidden nodes; NULL when the search space has no such primitive.
edge_periods <- function(x, y, edges, primitives) {
  if (!any(primitive_kind(primitives) %in% c("sin", "cos") & has_offset(primitives))) {
    return(NULL)
  }
  by_input <- lapply(seq_len(ncol(x)), function(i) strongest_periods(x[, i], y[, 1]))
  frequency <- phase <- matrix(NA_real_, nrow(edges), PERIODIC_PEAKS)
  for (e in which(edges$from_index <= ncol(x))) {
    peaks <- by_input[[edges$from_index[e]]]
    frequency[e, seq_along(peaks$frequency)] <- peaks$frequency
    phase[e, seq_along(peaks$phase)] <- peaks$phase
  }
  list(frequency = frequency, phase = phase)
}

# The angular frequencies w whose sine and cosine, fitted by least squares,
# take most of what a straight line in `v` leaves of `y` (a Lomb-Scargle
# periodogram, which does not ask for evenly spaced inputs): its
# PERIODIC_PEAKS highest local maxima, and the phase p of the fitted
# c * sin(w * v + p) at each, as list(frequency, phase). The frequencies run
# from one period over the input's range to the Nyquist frequency of its
# median spacing, at most PERIODOGRAM_FREQUENCIES of them, on at most
# PERIODOGRAM_ROWS evenly spaced rows (a deterministic subsample: no random
# numbers drawn). Empty for an input with fewer than four distinct values.
strongest_periods <- function(v, y) {
  none <- list(frequency = numeric(), phase = numeric())
  rows <- evenly_spaced_rows(length(v), PERIODOGRAM_ROWS)
  # Of the response beside its straight-line trend: a trend's own spectrum,
  # large at the lowest frequencies with sidelobes beyond, hid a cycle of 2
  # beside a rise of 50 (y = 50 + 0.2 * t + 2 * sin(2 * pi * t / 12)).
  beside_trend <- stats::lm.fit(cbind(1, v[rows]), y[rows])$residuals
  spectrum <- periodogram(v[rows], beside_trend, cycles = 1)
  if (is.null(spectrum)) return(none)
  explained <- spectrum$explained
  above <- c(-Inf, explained[-length(explained)])
  below <- c(explained[-1], -Inf)
  peaks <- which(explained > above & explained >= below & is.finite(explained))
  peaks <- utils::head(peaks[order(explained[peaks], decreasing = TRUE)], PERIODIC_PEAKS)
  list(frequency = spectrum$frequency[peaks],
       phase = atan2(spectrum$b_cos[peaks], spectrum$b_sin[peaks]))
}

# The least-squares fit of b_sin * sin(w * v) + b_cos * cos(w * v) to `y`
# (centred) at angular frequencies w from `cycles` periods over the range of
# `v` to the Nyquist frequency of its median spacing, at most
# PERIODOGRAM_FREQUENCIES of them: list(frequency, b_sin, b_cos, explained),
# `explained` the share of y's sum of squares each fit takes (-Inf where
# sine and cosine are nearly one column on these rows, an alias of the
# spacing); NULL for fewer than four distinct values of `v`, a range too
# short for `cycles` periods, or a spacing too fine for a finite frequency.
periodogram <- function(v, y, cycles) {
  gaps <- diff(sort(unique(v)))
  if (length(gaps) < 3) return(NULL)
  lowest <- 2 * pi * cycles / sum(gaps)
  highest <- pi / stats::median(gaps)
  if (!is.finite(highest) || highest <= lowest) return(NULL)
  w <- seq(lowest, highest, length.out = min(PERIODOGRAM_FREQUENCIES, 4 * length(gaps)))
  angles <- outer(v, w)
  s <- sin(angles)
  k <- cos(angles)
  ss <- colSums(s^2)
  kk <- colSums(k^2)
  sk <- colSums(s * k)
  sy <- colSums(s * y)
  ky <- colSums(k * y)
  det <- ss * kk - sk^2
  defined <- det > 1e-9 * ss * kk
  b_sin <- (kk * sy - sk * ky) / det
  b_cos <- (ss * ky - sk * sy) / det
  list(frequency = w, b_sin = b_sin, b_cos = b_cos,
       explained = ifelse(defined, b_sin * sy + b_cos * ky, -Inf))
}

# Whether the response `y` is periodic along each input (columns of `x`).
# Beside a cubic trend in each input, take the sinusoid along an input of at
# least PERIODIC_MIN_CYCLES periods over its range that fits best what the
# trends leave: the response is periodic along that input when this one
# sinusoid, with one amplitude and phase, takes at least PERIODIC_SHARE of
# the response's variance and at least PERIODIC_STRETCH_SHARE of what the
# trends leave in each of PERIODIC_MIN_CYCLES stretches of the input. So a
# cycle that holds along the whole input counts, and a peak or a bend does
# not: their best sinusoid fits where they are and nowhere else. The
# sinusoid must also take more of what the trends leave than the best of as
# many would of white noise but once in 1 / PERIODIC_FALSE_ALARM data sets
# (see noise_share()). (Measured: in the monthly ENSO series the annual
# cycle takes 0.41 of the variance and at least 0.40 of each quarter, in
# Mauna Loa's CO2 series, beside its rise, 0.017 and 0.83; in NIST's other
# single-input sets the best sinusoid takes at most 0.05 of some quarter.)
# No input is periodic with fewer than PERIODIC_MIN_ROWS distinct values. At
# most PERIODOGRAM_ROWS rows are read, evenly spaced.
periodic_inputs <- function(x, y) {
  rows <- evenly_spaced_rows(nrow(x), PERIODOGRAM_ROWS)
  # (Each column over its largest size: the test reads only shares and
  # cycles, and a cubic of inputs near 1e308 overflowed.)
  x <- x[rows, , drop = FALSE]
  x[] <- apply(x, 2, over_largest)
  y <- over_largest(y[rows])
  left <- stats::lm.fit(cubic_trends(x), y)$residuals
  # (A cycle is part of what the trends leave: where that is too little, as
  # for most smooth laws, no periodogram is needed.)
  if (sum(left^2) < PERIODIC_SHARE * sum((y - mean(y))^2)) return(logical(ncol(x)))
  vapply(seq_len(ncol(x)), function(i) cycle_along(x[, i], left, y), logical(1))
}

# `v` over its largest size (all 0 stays 0).
over_largest <- function(v) {
  v / max(size_of(v), .Machine$double.xmin)
}

# An intercept and a cubic polynomial in each input, the trends a cycle is
# sought beside: powers of the input centred and scaled into [-1, 1] (the
# fit that takes them pivots past those an input of few distinct values
# repeats).
cubic_trends <- function(x) {
  z <- x
  z[] <- apply(x, 2, function(v) over_largest(v - mean(v)))
  cbind(1, z, z^2, z^3)
}

# Whether one sinusoid along `v` holds in `left` (what the trends leave of
# the response `y`), as periodic_inputs() asks.
cycle_along <- function(v, left, y) {
  if (length(unique(v)) < PERIODIC_MIN_ROWS) return(FALSE)
  along <- order(v)
  v <- v[along]
  left <- left[along]
  spectrum <- periodogram(v, left, cycles = PERIODIC_MIN_CYCLES)
  if (is.null(spectrum) || !any(is.finite(spectrum$explained))) return(FALSE)
  best <- which.max(spectrum$explained)
  if (spectrum$explained[best] < noise_share(length(v), length(spectrum$frequency)) * sum(left^2)) {
    return(FALSE)
  }
  cycle <- spectrum$b_sin[best] * sin(spectrum$frequency[best] * v) +
    spectrum$b_cos[best] * cos(spectrum$frequency[best] * v)
  if (sum(cycle^2) < PERIODIC_SHARE * sum((y - mean(y))^2)) return(FALSE)
  stretch <- cut(seq_along(v), PERIODIC_MIN_CYCLES, labels = FALSE)
  all(vapply(split(seq_along(v), stretch), function(at) {
    share_taken(left[at], left[at] - cycle[at]) >= PERIODIC_STRETCH_SHARE
  }, logical(1)))
}

# The share of a white noise's sum of squares over `n` rows that the best of
# `m` frequencies' sinusoids takes with probability PERIODIC_FALSE_ALARM:
# each takes 2 * z / n of it, z exponentially distributed (Scargle, 1982,
# ApJ 263, 835), and the largest of m stays below log(m / p) but with
# probability p (about).
noise_share <- function(n, m) {
  2 * log(m / PERIODIC_FALSE_ALARM) / n
}

# The share of the sum of squares of `before` (about its mean) that is gone
# from `after` (about its own); 0 where `before` has none (a stretch where
# the response is flat, at a floor).
share_taken <- function(before, after) {
  total <- sum((before - mean(before))^2)
  if (total == 0) return(0)
  1 - sum((after - mean(after))^2) / total
}

# Starts from `params` (at `places`, see candidate_starts()) with the
# periodic edges of each input at the response's periods along it
# (`periods`, see edge_periods()): the k-th start puts an input's first
# periodic edge at its k-th peak, the next edge at the peak after, and so
# on (`sources`, each edge's source, tells the inputs apart). So two sines of
# one input start at two cycles, and a sine added beside one already fitted
# can start at another peak than the strongest. An empty list when the
# architecture has no periodic edge of an input.
periodic_starts <- function(params, places, architecture, periods, sources) {
  if (is.null(periods)) return(list())
  kind <- primitive_kind(architecture)
  periodic <- which(kind %in% c("sin", "cos") & has_offset(architecture) &
                      !is.na(periods$frequency[, 1]))
  if (length(periodic) == 0) return(list())
  rank <- rank_within(sources[periodic])
  n_peaks <- rowSums(!is.na(periods$frequency[periodic, , drop = FALSE]))
  lapply(seq_len(max(n_peaks)), function(k) {
    for (i in seq_along(periodic)) {
      e <- periodic[[i]]
      peak <- (rank[[i]] + k - 2) %% n_peaks[[i]] + 1
      phase <- periods$phase[e, peak] - if (kind[[e]] == "cos") pi / 2 else 0
      params[places$edge == e] <- c(periods$frequency[e, peak], phase)
    }
    params
  })
}
