/* Value and derivatives of every primitive, table-driven.
 *
 * Every primitive is an outer function f of an inner affine map u = a * x + b:
 * "exp" is f = exp with a = 1, b = 0 fixed; "linear_exp" trains a and b;
 * "linear_ln" trains a only. softplus and softminus add a trainable beta. So one
 * loop per outer function serves all 25 primitives, and each transcendental is
 * computed once for both the value and its derivative.
 */
#include <math.h>

#include "engine.h"

enum inner { INNER_X, INNER_AX, INNER_AXB };
enum outer {
  F_ZERO,
  F_ID,
  F_NEG,
  F_RELU,
  F_LOGISTIC,
  F_EXP,
  F_SIN,
  F_COS,
  F_TANH,
  F_RECIPROCAL,
  F_LN,
  F_SOFTPLUS,
  F_SOFTMINUS
};

typedef struct {
  int inner;
  int outer;
  int has_beta; /* beta is the last parameter */
} primitive_def;

static const primitive_def PRIMITIVES[PRIM_COUNT] = {
    [PRIM_NONE] = {INNER_X, F_ZERO, 0},
    [PRIM_ADD] = {INNER_X, F_ID, 0},
    [PRIM_SUBTRACT] = {INNER_X, F_NEG, 0},
    [PRIM_MULT] = {INNER_AX, F_ID, 0},
    [PRIM_LINEAR] = {INNER_AXB, F_ID, 0},
    [PRIM_RELU] = {INNER_X, F_RELU, 0},
    [PRIM_LINEAR_RELU] = {INNER_AXB, F_RELU, 0},
    [PRIM_LOGISTIC] = {INNER_X, F_LOGISTIC, 0},
    [PRIM_LINEAR_LOGISTIC] = {INNER_AXB, F_LOGISTIC, 0},
    [PRIM_EXP] = {INNER_X, F_EXP, 0},
    [PRIM_LINEAR_EXP] = {INNER_AXB, F_EXP, 0},
    [PRIM_SIN] = {INNER_X, F_SIN, 0},
    [PRIM_LINEAR_SIN] = {INNER_AXB, F_SIN, 0},
    [PRIM_COS] = {INNER_X, F_COS, 0},
    [PRIM_LINEAR_COS] = {INNER_AXB, F_COS, 0},
    [PRIM_TANH] = {INNER_X, F_TANH, 0},
    [PRIM_LINEAR_TANH] = {INNER_AXB, F_TANH, 0},
    [PRIM_RECIPROCAL] = {INNER_X, F_RECIPROCAL, 0},
    [PRIM_LINEAR_RECIPROCAL] = {INNER_AX, F_RECIPROCAL, 0},
    [PRIM_LN] = {INNER_X, F_LN, 0},
    [PRIM_LINEAR_LN] = {INNER_AX, F_LN, 0},
    [PRIM_SOFTPLUS] = {INNER_X, F_SOFTPLUS, 1},
    [PRIM_LINEAR_SOFTPLUS] = {INNER_AX, F_SOFTPLUS, 1},
    [PRIM_SOFTMINUS] = {INNER_X, F_SOFTMINUS, 1},
    [PRIM_LINEAR_SOFTMINUS] = {INNER_AX, F_SOFTMINUS, 1},
};

static int inner_n_params(int inner) {
  return inner == INNER_AXB ? 2 : (inner == INNER_AX ? 1 : 0);
}

int darts_primitive_n_params(int code) {
  const primitive_def *def = &PRIMITIVES[code];
  return inner_n_params(def->inner) + def->has_beta;
}

static double logistic(double u) {
  if (u >= 0) return 1.0 / (1.0 + exp(-u));
  double e = exp(u);
  return e / (1.0 + e);
}

/* log(1 + e^z) without overflow. */
static double softplus(double z) {
  return (z > 0 ? z : 0) + log1p(exp(-fabs(z)));
}

/* beta held away from 0, where softplus(beta u) / beta diverges. */
static double guarded_beta(double beta, int *clamped) {
  *clamped = fabs(beta) < DARTS_BETA_MIN;
  if (!*clamped) return beta;
  return beta < 0 ? -DARTS_BETA_MIN : DARTS_BETA_MIN;
}

/* The loops below compute, for every row, u = a * x + b, the value f(u) and,
 * when fp is given, f'(u) (and df/dbeta into fb for softplus and softminus).
 * One specialised loop per function keeps branches out of the row loop. */
#define ROWS(value_body, grad_body)                \
  do {                                             \
    if (fp) {                                      \
      for (int i = 0; i < n; i++) {                \
        const double u = a * x[i] + b;             \
        grad_body                                  \
      }                                            \
    } else {                                       \
      for (int i = 0; i < n; i++) {                \
        const double u = a * x[i] + b;             \
        value_body                                 \
      }                                            \
    }                                              \
  } while (0)

static void eval_softplus(int softminus, double a, double b, double beta, int clamped,
                          const double *restrict x, int n, double *restrict y,
                          double *restrict fp, double *restrict fb) {
  for (int i = 0; i < n; i++) {
    const double u = a * x[i] + b;
    const double z = beta * u;
    const double sp = softplus(z) / beta;
    if (!fp) {
      y[i] = softminus ? u - sp : sp;
      continue;
    }
    const double s = logistic(z);
    const double dbeta = clamped ? 0 : (u * s - sp) / beta;
    y[i] = softminus ? u - sp : sp;
    fp[i] = softminus ? 1 - s : s;
    fb[i] = softminus ? -dbeta : dbeta;
  }
}

void darts_primitive_eval(int code, const double *th, const double *restrict x, int n,
                          double *restrict y, double *restrict fp, double *restrict fb) {
  const primitive_def *def = &PRIMITIVES[code];
  int n_inner = inner_n_params(def->inner);
  const double a = n_inner >= 1 ? th[0] : 1.0;
  const double b = n_inner == 2 ? th[1] : 0.0;
  const double exp_cap = exp(DARTS_EXP_MAX);

  switch (def->outer) {
    case F_ZERO:
      ROWS(y[i] = 0; (void)u;, y[i] = 0; fp[i] = 0; (void)u;);
      break;
    case F_ID:
      ROWS(y[i] = u;, y[i] = u; fp[i] = 1;);
      break;
    case F_NEG:
      ROWS(y[i] = -u;, y[i] = -u; fp[i] = -1;);
      break;
    case F_RELU:
      ROWS(y[i] = u > 0 ? u : 0;, y[i] = u > 0 ? u : 0; fp[i] = u > 0 ? 1 : 0;);
      break;
    case F_LOGISTIC:
      ROWS(y[i] = logistic(u);, const double s = logistic(u); y[i] = s;
           fp[i] = s * (1 - s););
      break;
    case F_EXP:
      ROWS(y[i] = u > DARTS_EXP_MAX ? exp_cap : exp(u);,
           const double e = u > DARTS_EXP_MAX ? exp_cap : exp(u); y[i] = e;
           fp[i] = u > DARTS_EXP_MAX ? 0 : e;);
      break;
    case F_SIN:
      ROWS(y[i] = sin(u);, y[i] = sin(u); fp[i] = cos(u););
      break;
    case F_COS:
      ROWS(y[i] = cos(u);, y[i] = cos(u); fp[i] = -sin(u););
      break;
    case F_TANH:
      ROWS(y[i] = tanh(u);, const double t = tanh(u); y[i] = t; fp[i] = 1 - t * t;);
      break;
    case F_RECIPROCAL:
      ROWS(y[i] = fabs(u) < DARTS_RECIPROCAL_MIN
                      ? (u < 0 ? -1 / DARTS_RECIPROCAL_MIN : 1 / DARTS_RECIPROCAL_MIN)
                      : 1 / u;,
           const int small = fabs(u) < DARTS_RECIPROCAL_MIN;
           const double r = small ? (u < 0 ? -1 / DARTS_RECIPROCAL_MIN
                                           : 1 / DARTS_RECIPROCAL_MIN)
                                  : 1 / u;
           y[i] = r; fp[i] = small ? 0 : -r * r;);
      break;
    case F_LN:
      ROWS(y[i] = u > 0 ? log(u + DARTS_LN_EPS) : 0;,
           y[i] = u > 0 ? log(u + DARTS_LN_EPS) : 0;
           fp[i] = u > 0 ? 1 / (u + DARTS_LN_EPS) : 0;);
      break;
    case F_SOFTPLUS:
    case F_SOFTMINUS: {
      int clamped;
      double beta = guarded_beta(th[n_inner], &clamped);
      eval_softplus(def->outer == F_SOFTMINUS, a, b, beta, clamped, x, n, y, fp, fb);
      break;
    }
  }
}

void darts_primitive_layout(int code, int *n_inner, int *has_beta) {
  *n_inner = inner_n_params(PRIMITIVES[code].inner);
  *has_beta = PRIMITIVES[code].has_beta;
}
