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

/* beta held away from 0, where softplus(beta u) / beta diverges. */
static double guarded_beta(double beta, int *clamped) {
  *clamped = fabs(beta) < DARTS_BETA_MIN;
  if (!*clamped) return beta;
  return beta < 0 ? -DARTS_BETA_MIN : DARTS_BETA_MIN;
}

/* "#pragma omp simd" has the compiler vectorise each row loop even at -O2,
 * where R builds packages and where GCC otherwise vectorises only trivial
 * loops. The package is compiled with R's OpenMP flags for this alone:
 * nothing runs in parallel. Without OpenMP the loops are plain loops. */
#ifdef _OPENMP
#define DARTS_SIMD _Pragma("omp simd")
#else
#define DARTS_SIMD
#endif

/* Where the toolchain can choose at load time (GCC on x86-64 Linux with
 * glibc, whose indirect functions do the choosing), the row loops are compiled
 * twice, for AVX2 (four rows at a time) and for the x86-64 baseline (two), and
 * the processor picks. FMA stays off in both, so a fit gives the same numbers
 * on every machine. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 6 && defined(__x86_64__) && \
    defined(__linux__) && defined(__GLIBC__)
#define DARTS_ROW_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define DARTS_ROW_CLONES
#endif

/* The loops below compute, for every row, u = a * x + b and the value v = f(u),
 * and add w * v to the node being built (acc). When asked they also keep v (y:
 * architecture steps need it), d = f'(u) (fp: any gradient step) and df/dbeta
 * (fb, softplus and softminus). One loop per function and per need keeps
 * branches out of the row loop, so it vectorises; BODY sets v and d from u. */
#define ROW_LOOP(STORE, ...)                 \
  DARTS_SIMD for (int i = 0; i < n; i++) {   \
    const double u = a * x[i] + b;           \
    double v, d;                             \
    __VA_ARGS__                              \
    acc[i] += w * v;                         \
    STORE                                    \
  }

#define ROWS_STORING(GRADIENT_STORE, ...)             \
  do {                                                \
    if (fp && y) {                                    \
      ROW_LOOP(y[i] = v; GRADIENT_STORE, __VA_ARGS__) \
    } else if (fp) {                                  \
      ROW_LOOP(GRADIENT_STORE, __VA_ARGS__)           \
    } else if (y) {                                   \
      ROW_LOOP(y[i] = v; (void)d;, __VA_ARGS__)       \
    } else {                                          \
      ROW_LOOP((void)d;, __VA_ARGS__)                 \
    }                                                 \
  } while (0)

#define ROWS(...) ROWS_STORING(fp[i] = d;, __VA_ARGS__)

/* Whether every |a * x + b| is below bound (and none is NaN). */
static int all_rows_within(double a, double b, const double *x, int n, double bound) {
  for (int i = 0; i < n; i++) {
    if (!(fabs(a * x[i] + b) < bound)) return 0;
  }
  return 1;
}

/* softplus_beta(u) = log(1 + e^(beta u)) / beta, computed without overflow as
 * (max(z, 0) + log(1 + e^-|z|)) / beta with z = beta u; softminus is
 * u - softplus. SOFTPLUS_PARTS sets sp, its slope s in u and, through
 * `unclamped` (0 while beta is held at its minimum), its slope in beta. */
#define SOFTPLUS_PARTS                                                      \
  const double z = beta * u;                                                \
  const double positive_part = darts_blend(darts_negative_mask(z), 0.0, z); \
  const double sp =                                                         \
      (positive_part + darts_log1p_nonnegative(darts_exp(-fabs(z)))) / beta;  \
  const double s = darts_logistic(z);                                       \
  const double dbeta = unclamped * (u * s - sp) / beta;

DARTS_ROW_CLONES
static void eval_softplus(int softminus, double a, double b, double beta, int clamped,
                          double w, const double *restrict x, int n,
                          double *restrict acc, double *restrict y, double *restrict fp,
                          double *restrict fb) {
  const double unclamped = clamped ? 0 : 1;
  if (softminus) {
    ROWS_STORING(fp[i] = d; fb[i] = -dbeta;,
                 SOFTPLUS_PARTS v = u - sp; d = 1 - s; (void)dbeta;);
  } else {
    ROWS_STORING(fp[i] = d; fb[i] = dbeta;, SOFTPLUS_PARTS v = sp; d = s; (void)dbeta;);
  }
}

DARTS_ROW_CLONES
void darts_primitive_eval(int code, const double *th, double w, const double *restrict x,
                          int n, double *restrict acc, double *restrict y,
                          double *restrict fp, double *restrict fb) {
  const primitive_def *def = &PRIMITIVES[code];
  int n_inner = inner_n_params(def->inner);
  const double a = n_inner >= 1 ? th[0] : 1.0;
  const double b = n_inner == 2 ? th[1] : 0.0;
  const double exp_cap = exp(DARTS_EXP_MAX);
  const double reciprocal_cap = 1 / DARTS_RECIPROCAL_MIN;

  switch (def->outer) {
    case F_ZERO:
      ROWS(v = 0; d = 0; (void)u;);
      break;
    case F_ID:
      ROWS(v = u; d = 1;);
      break;
    case F_NEG:
      ROWS(v = -u; d = -1;);
      break;
    case F_RELU:
      ROWS(v = u > 0 ? u : 0; d = u > 0 ? 1 : 0;);
      break;
    case F_LOGISTIC:
      ROWS(v = darts_logistic(u); d = v * (1 - v););
      break;
    case F_EXP:
      /* above DARTS_EXP_MAX the value is capped and the slope 0 */
      ROWS(const double e = darts_exp(u);
           const uint64_t capped = darts_negative_mask(DARTS_EXP_MAX - u);
           v = darts_blend(capped, exp_cap, e); d = darts_blend(capped, 0.0, e););
      break;
    case F_SIN:
    case F_COS: {
      /* one loop for both (sin' = cos, cos' = -sin) keeps the code small
       * enough for the compiler to inline the reduction everywhere */
      const int cosine = def->outer == F_COS;
      if (all_rows_within(a, b, x, n, DARTS_SINCOS_FAST_MAX)) {
        ROWS(double s, c; darts_sincos(u, &s, &c);
             v = cosine ? c : s; d = cosine ? -s : c;);
      } else if (cosine) {
        ROWS(v = cos(u); d = -sin(u););
      } else {
        ROWS(v = sin(u); d = cos(u););
      }
      break;
    }
    case F_TANH:
      ROWS(v = darts_tanh(u); d = 1 - v * v;);
      break;
    case F_RECIPROCAL:
      /* |u| below DARTS_RECIPROCAL_MIN: held at +-1/min, slope 0 */
      ROWS(const double q = 1 / u;
           const uint64_t held = darts_negative_mask(fabs(u) - DARTS_RECIPROCAL_MIN);
           v = darts_blend(held, u < 0 ? -reciprocal_cap : reciprocal_cap, q);
           d = darts_blend(held, 0.0, -q * q););
      break;
    case F_LN:
      /* u <= 0 (and NaN): 0, slope 0 */
      ROWS(const double t = u + DARTS_LN_EPS;
           const uint64_t positive = darts_negative_mask(0.0 - u);
           v = darts_blend(positive, darts_log(t), 0.0);
           d = darts_blend(positive, 1 / t, 0.0););
      break;
    case F_SOFTPLUS:
    case F_SOFTMINUS: {
      int clamped;
      double beta = guarded_beta(th[n_inner], &clamped);
      eval_softplus(def->outer == F_SOFTMINUS, a, b, beta, clamped, w, x, n, acc, y, fp,
                    fb);
      break;
    }
  }
}

void darts_primitive_layout(int code, int *n_inner, int *has_beta) {
  *n_inner = inner_n_params(PRIMITIVES[code].inner);
  *has_beta = PRIMITIVES[code].has_beta;
}
