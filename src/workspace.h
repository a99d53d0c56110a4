/* Carving the caller's memory into a workspace's arrays.
 *
 * The engine allocates nothing: each workspace (one batch's in network.c, the
 * polish's in polish.c, the search's in search.c) lives in memory the caller
 * hands in. Each is laid out by one function that takes arrays from a carver,
 * one after the other. Run over a sizing carver (no memory) the same function
 * only counts, and its count is the size the caller must allocate; run over
 * the caller's memory it hands out the arrays. Size and layout are one piece
 * of code, so they cannot disagree. Plain C99. */
#ifndef DARTSR_WORKSPACE_H
#define DARTSR_WORKSPACE_H

#include <stddef.h>

typedef struct {
  double *doubles;  /* NULL while sizing */
  int *ints;        /* NULL while sizing, or for a workspace without ints */
  size_t n_doubles; /* taken so far */
  size_t n_ints;
} darts_carver;

/* A carver that only counts. */
static inline darts_carver darts_sizing_carver(void) {
  darts_carver cv = {NULL, NULL, 0, 0};
  return cv;
}

/* A carver over memory sized by a sizing carver's run of the same layout. */
static inline darts_carver darts_carver_over(double *doubles, int *ints) {
  darts_carver cv = {doubles, ints, 0, 0};
  return cv;
}

/* The next n doubles (NULL while sizing: offsetting a null pointer would be
 * undefined behaviour). */
static inline double *darts_take_doubles(darts_carver *cv, size_t n) {
  double *taken = cv->doubles ? cv->doubles + cv->n_doubles : NULL;
  cv->n_doubles += n;
  return taken;
}

static inline int *darts_take_ints(darts_carver *cv, size_t n) {
  int *taken = cv->ints ? cv->ints + cv->n_ints : NULL;
  cv->n_ints += n;
  return taken;
}

#endif
