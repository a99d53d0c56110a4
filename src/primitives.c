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

/* f(u), f'(u) and, for softplus / softminus, df/dbeta. */
static void outer_value(int outer, double u, double beta, int beta_clamped, double *f,
                        double *fp, double *fb) {
  *f = 0;
  *fp = 0;
  *fb = 0;
  switch (outer) {
    case F_ZERO:
      break;
    case F_ID:
      *f = u;
      *fp = 1;
      break;
    case F_NEG:
      *f = -u;
      *fp = -1;
      break;
    case F_RELU:
      *f = u > 0 ? u : 0;
      *fp = u > 0 ? 1 : 0;
      break;
    case F_LOGISTIC: {
      double s = logistic(u);
      *f = s;
      *fp = s * (1 - s);
      break;
    }
    case F_EXP:
      if (u > DARTS_EXP_MAX) {
        *f = exp(DARTS_EXP_MAX);
        *fp = 0;
      } else {
        *f = exp(u);
        *fp = *f;
      }
      break;
    case F_SIN:
      *f = sin(u);
      *fp = cos(u);
      break;
    case F_COS:
      *f = cos(u);
      *fp = -sin(u);
      break;
    case F_TANH: {
      double t = tanh(u);
      *f = t;
      *fp = 1 - t * t;
      break;
    }
    case F_RECIPROCAL:
      if (fabs(u) < DARTS_RECIPROCAL_MIN) {
        *f = u < 0 ? -1 / DARTS_RECIPROCAL_MIN : 1 / DARTS_RECIPROCAL_MIN;
        *fp = 0;
      } else {
        *f = 1 / u;
        *fp = -(*f) * (*f);
      }
      break;
    case F_LN:
      if (u > 0) {
        *f = log(u + DARTS_LN_EPS);
        *fp = 1 / (u + DARTS_LN_EPS);
      } else {
        *f = 0;
        *fp = 0;
      }
      break;
    case F_SOFTPLUS:
    case F_SOFTMINUS: {
      double z = beta * u;
      double sp = softplus(z) / beta;
      double s = logistic(z);
      double dbeta = beta_clamped ? 0 : (u * s - sp) / beta;
      if (outer == F_SOFTPLUS) {
        *f = sp;
        *fp = s;
        *fb = dbeta;
      } else {
        *f = u - sp;
        *fp = 1 - s;
        *fb = -dbeta;
      }
      break;
    }
  }
}

void darts_primitive_eval(int code, const double *th, const double *x, int n, double *y,
                          double *dx, double *dp0, double *dp1) {
  const primitive_def *def = &PRIMITIVES[code];
  int n_inner = inner_n_params(def->inner);
  double a = n_inner >= 1 ? th[0] : 1.0;
  double b = n_inner == 2 ? th[1] : 0.0;
  int beta_clamped = 0;
  double beta = def->has_beta ? guarded_beta(th[n_inner], &beta_clamped) : 1.0;
  /* Where the derivatives w.r.t. a, b and beta go: slot 0 is the first parameter. */
  double *d_a = n_inner >= 1 ? dp0 : NULL;
  double *d_b = n_inner == 2 ? dp1 : NULL;
  double *d_beta = def->has_beta ? (n_inner == 0 ? dp0 : dp1) : NULL;
  int want_grad = dx != NULL;

  for (int i = 0; i < n; i++) {
    double f, fp, fb;
    outer_value(def->outer, a * x[i] + b, beta, beta_clamped, &f, &fp, &fb);
    y[i] = f;
    if (!want_grad) continue;
    dx[i] = fp * a;
    if (d_a) d_a[i] = fp * x[i];
    if (d_b) d_b[i] = fp;
    if (d_beta) d_beta[i] = fb;
  }
}
