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
# take most of the centred response's sum of squares (a Lomb-Scargle
# periodogram, which does not ask for evenly spaced inputs): its
# PERIODIC_PEAKS highest local maxima, and the phase p of the fitted
# c * sin(w * v + p) at each, as list(frequency, phase). The frequencies run
# from one period over the input's range to the Nyquist frequency of its
# median spacing, at most PERIODOGRAM_FREQUENCIES of them, on at most
# PERIODOGRAM_ROWS evenly spaced rows (a deterministic subsample: no random
# numbers drawn). Empty for an input with fewer than four distinct values.
strongest_periods <- function(v, y) {
  none <- list(frequency = numeric(), phase = numeric())
  rows <- unique(round(seq(1, length(v), length.out = min(length(v), PERIODOGRAM_ROWS))))
  v <- v[rows]
  y <- y[rows] - mean(y[rows])
  gaps <- diff(sort(unique(v)))
  if (length(gaps) < 3) return(none)
  lowest <- 2 * pi / sum(gaps)
  highest <- pi / stats::median(gaps)
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
  # At a frequency where sine and cosine are nearly one column on these rows
  # (an alias of the spacing) the fit is not defined.
  defined <- det > 1e-9 * ss * kk
  if (!any(defined)) return(none)
  b_sin <- (kk * sy - sk * ky) / det
  b_cos <- (ss * ky - sk * sy) / det
  explained <- ifelse(defined, b_sin * sy + b_cos * ky, -Inf)
  above <- c(-Inf, explained[-length(explained)])
  below <- c(explained[-1], -Inf)
  peaks <- which(explained > above & explained >= below & is.finite(explained))
  peaks <- utils::head(peaks[order(explained[peaks], decreasing = TRUE)], PERIODIC_PEAKS)
  list(frequency = w[peaks], phase = atan2(b_cos[peaks], b_sin[peaks]))
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
  rank <- stats::ave(periodic, sources[periodic], FUN = seq_along)
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
