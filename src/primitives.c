/* Value and derivatives of every primitive, table-driven.
 *
 * Every primitive is an outer function f of an inner affine map u = a * x + b:
 * "exp" is f = exp with a = 1, b = 0 fixed; "linear_exp" trains a and b;
 * "linear_ln" trains a only, "affine_ln" a and b. softplus and softminus add
 * a trainable beta, and "linear_power", (a x)^beta, has its exponent there.
 * So fourteen outer functions, each run over the rows by one loop template,
 * serve all 30 primitives, and each transcendental is
 * computed once for both the value and its derivative.
 *
 * A row of PRIMITIVES is the engine's whole description of a primitive: its
 * name (the R side looks codes up by it), its inner map and its outer
 * function. The R side describes the outer functions' mathematics once
 * (R/spec-primitives.R); a new primitive with a known outer function is one row
 * here, a new outer function one kernel below and one row there.
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
  F_SOFTMINUS,
  F_SQUARE,
  F_POWER
};

typedef struct {
  const char *name;
  int inner;
  int outer;
  int has_beta; /* beta is the last parameter */
} primitive_def;

static const primitive_def PRIMITIVES[PRIM_COUNT] = {
    [PRIM_NONE] = {"none", INNER_X, F_ZERO, 0},
    [PRIM_ADD] = {"add", INNER_X, F_ID, 0},
    [PRIM_SUBTRACT] = {"subtract", INNER_X, F_NEG, 0},
    [PRIM_MULT] = {"mult", INNER_AX, F_ID, 0},
    [PRIM_LINEAR] = {"linear", INNER_AXB, F_ID, 0},
    [PRIM_RELU] = {"relu", INNER_X, F_RELU, 0},
    [PRIM_LINEAR_RELU] = {"linear_relu", INNER_AXB, F_RELU, 0},
    [PRIM_LOGISTIC] = {"logistic", INNER_X, F_LOGISTIC, 0},
    [PRIM_LINEAR_LOGISTIC] = {"linear_logistic", INNER_AXB, F_LOGISTIC, 0},
    [PRIM_EXP] = {"exp", INNER_X, F_EXP, 0},
    [PRIM_LINEAR_EXP] = {"linear_exp", INNER_AXB, F_EXP, 0},
    [PRIM_SIN] = {"sin", INNER_X, F_SIN, 0},
    [PRIM_LINEAR_SIN] = {"linear_sin", INNER_AXB, F_SIN, 0},
    [PRIM_COS] = {"cos", INNER_X, F_COS, 0},
    [PRIM_LINEAR_COS] = {"linear_cos", INNER_AXB, F_COS, 0},
    [PRIM_TANH] = {"tanh", INNER_X, F_TANH, 0},
    [PRIM_LINEAR_TANH] = {"linear_tanh", INNER_AXB, F_TANH, 0},
    [PRIM_RECIPROCAL] = {"reciprocal", INNER_X, F_RECIPROCAL, 0},
    [PRIM_LINEAR_RECIPROCAL] = {"linear_reciprocal", INNER_AX, F_RECIPROCAL, 0},
    [PRIM_LN] = {"ln", INNER_X, F_LN, 0},
    [PRIM_LINEAR_LN] = {"linear_ln", INNER_AX, F_LN, 0},
    [PRIM_SOFTPLUS] = {"softplus", INNER_X, F_SOFTPLUS, 1},
    [PRIM_LINEAR_SOFTPLUS] = {"linear_softplus", INNER_AX, F_SOFTPLUS, 1},
    [PRIM_SOFTMINUS] = {"softminus", INNER_X, F_SOFTMINUS, 1},
    [PRIM_LINEAR_SOFTMINUS] = {"linear_softminus", INNER_AX, F_SOFTMINUS, 1},
    [PRIM_SQUARE] = {"square", INNER_X, F_SQUARE, 0},
    [PRIM_LINEAR_SQUARE] = {"linear_square", INNER_AXB, F_SQUARE, 0},
    [PRIM_AFFINE_RECIPROCAL] = {"affine_reciprocal", INNER_AXB, F_RECIPROCAL, 0},
    [PRIM_AFFINE_LN] = {"affine_ln", INNER_AXB, F_LN, 0},
    [PRIM_LINEAR_POWER] = {"linear_power", INNER_AX, F_POWER, 1},
};

/* Each outer function's name, as the R side knows its mathematics. */
static const char *OUTER_NAMES[] = {
    [F_ZERO] = "none",         [F_ID] = "identity",       [F_NEG] = "negate",
    [F_RELU] = "relu",         [F_LOGISTIC] = "logistic", [F_EXP] = "exp",
    [F_SIN] = "sin",           [F_COS] = "cos",           [F_TANH] = "tanh",
    [F_RECIPROCAL] = "reciprocal", [F_LN] = "ln",         [F_SOFTPLUS] = "softplus",
    [F_SOFTMINUS] = "softminus",   [F_SQUARE] = "square",
    [F_POWER] = "power"};

const char *darts_primitive_name(int code) {
  return PRIMITIVES[code].name;
}

const char *darts_primitive_outer_name(int code) {
  return OUTER_NAMES[PRIMITIVES[code].outer];
}

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

/* ---- the outer functions ------------------------------------------------
 *
 * Each outer function f gives, for one inner argument u, its value f(u), its
 * slope f'(u) and, for softplus and softminus, its slope in beta. All but the
 * two libm fallbacks are free of calls and of branches (see CONTRIBUTING.md),
 * so the row loop that applies them vectorises.
 *
 * Each must be inlined into the row loop, or the loop is not vectorised, and
 * the larger ones (sin and cos, ln, softplus) are beyond what GCC inlines at
 * -O2 unless told. */
#if defined(__GNUC__)
#define OUTER_FUNCTION static inline __attribute__((always_inline))
#else
#define OUTER_FUNCTION static inline
#endif

typedef struct {
  double value;      /* f(u) */
  double slope;      /* f'(u) */
  double beta_slope; /* df/dbeta (softplus, softminus and power only) */
} outer_result;

/* What an outer function needs besides u: the same for every row. */
typedef struct {
  double exp_cap;        /* exp: the value above DARTS_EXP_MAX */
  double reciprocal_cap; /* reciprocal: the value's size below DARTS_RECIPROCAL_MIN */
  int cosine;            /* sin and cos: which one */
  double beta;           /* softplus and softminus: beta, held away from 0;
                          * power: the exponent */
  double unclamped;      /* 0 while beta is held at its minimum, else 1 */
  uint64_t whole;        /* power: all ones where the exponent is a whole number */
  uint64_t odd;          /* power: all ones where it is an odd one */
} outer_constants;

OUTER_FUNCTION outer_result outer_result_of(double value, double slope) {
  outer_result r = {value, slope, 0.0};
  return r;
}

OUTER_FUNCTION outer_result outer_zero(double u, const outer_constants *k) {
  (void)u;
  (void)k;
  return outer_result_of(0, 0);
}

OUTER_FUNCTION outer_result outer_identity(double u, const outer_constants *k) {
  (void)k;
  return outer_result_of(u, 1);
}

OUTER_FUNCTION outer_result outer_negative(double u, const outer_constants *k) {
  (void)k;
  return outer_result_of(-u, -1);
}

OUTER_FUNCTION outer_result outer_relu(double u, const outer_constants *k) {
  (void)k;
  return outer_result_of(u > 0 ? u : 0, u > 0 ? 1 : 0);
}

OUTER_FUNCTION outer_result outer_logistic(double u, const outer_constants *k) {
  (void)k;
  const double v = darts_logistic(u);
  return outer_result_of(v, v * (1 - v));
}

/* above DARTS_EXP_MAX the value is capped and the slope 0 */
OUTER_FUNCTION outer_result outer_exp(double u, const outer_constants *k) {
  const double e = darts_exp(u);
  const uint64_t capped = darts_negative_mask(DARTS_EXP_MAX - u);
  return outer_result_of(darts_blend(capped, k->exp_cap, e), darts_blend(capped, 0.0, e));
}

/* sin or cos (sin' = cos, cos' = -sin) for |u| < DARTS_SINCOS_FAST_MAX. One
 * function for both keeps the code small enough for the compiler to inline
 * the reduction everywhere. */
OUTER_FUNCTION outer_result outer_sincos(double u, const outer_constants *k) {
  double s, c;
  darts_sincos(u, &s, &c);
  return outer_result_of(k->cosine ? c : s, k->cosine ? -s : c);
}

/* sin and cos beyond DARTS_SINCOS_FAST_MAX, from libm: these loops are not
 * vectorised, and real fits never reach them. */
OUTER_FUNCTION outer_result outer_sin_libm(double u, const outer_constants *k) {
  (void)k;
  return outer_result_of(sin(u), cos(u));
}

OUTER_FUNCTION outer_result outer_cos_libm(double u, const outer_constants *k) {
  (void)k;
  return outer_result_of(cos(u), -sin(u));
}

OUTER_FUNCTION outer_result outer_tanh(double u, const outer_constants *k) {
  (void)k;
  const double v = darts_tanh(u);
  return outer_result_of(v, 1 - v * v);
}

/* |u| below DARTS_RECIPROCAL_MIN: held at +-1/min, slope 0 */
OUTER_FUNCTION outer_result outer_reciprocal(double u, const outer_constants *k) {
  const double q = 1 / u;
  const uint64_t held = darts_negative_mask(fabs(u) - DARTS_RECIPROCAL_MIN);
  return outer_result_of(
      darts_blend(held, u < 0 ? -k->reciprocal_cap : k->reciprocal_cap, q),
      darts_blend(held, 0.0, -q * q));
}

/* above DARTS_SQUARE_MAX the value is held there and the slope 0: in a chain
 * of nodes, squares of squares would otherwise overflow */
OUTER_FUNCTION outer_result outer_square(double u, const outer_constants *k) {
  (void)k;
  const double v = u * u;
  const uint64_t held = darts_negative_mask(DARTS_SQUARE_MAX - v);
  return outer_result_of(darts_blend(held, DARTS_SQUARE_MAX, v), darts_blend(held, 0.0, 2 * u));
}

/* u <= 0 (and NaN): 0, slope 0 */
OUTER_FUNCTION outer_result outer_ln(double u, const outer_constants *k) {
  (void)k;
  const double t = u + DARTS_LN_EPS;
  const uint64_t positive = darts_negative_mask(0.0 - u);
  return outer_result_of(darts_blend(positive, darts_log(t), 0.0),
                         darts_blend(positive, 1 / t, 0.0));
}

/* u^beta = e^(beta ln max(|u|, DARTS_LN_EPS)) for u > 0 and, where beta is a
 * whole number, for u < 0 too (negated for an odd beta), as R's ^ is; 0 with
 * slopes 0 for u = 0 and for a negative u under any other beta, where no real
 * power exists (and for NaN). The base is held at DARTS_LN_EPS in size (slope
 * 0 in u there) rather than offset by it, as the ln is: an offset of 1e-10
 * moves every power by about 1e-10 / |u| of itself, a floor under the fit of
 * an exact law (NIST's Lanczos1 stopped at a residual sum of squares of 1e-22
 * against the certified 1.4e-25). Where beta ln|u| exceeds DARTS_EXP_MAX the
 * size is held at e^DARTS_EXP_MAX and the slopes are 0, as exp's are. The
 * slope in beta of a negative u's power is 0: there the power is defined at
 * whole exponents only. */
OUTER_FUNCTION outer_result outer_power(double u, const outer_constants *k) {
  const uint64_t positive = darts_negative_mask(0.0 - u);
  const uint64_t negative = darts_negative_mask(0.0 + u); /* u < 0, not -0 */
  const uint64_t defined = positive | (negative & k->whole);
  const uint64_t held = darts_negative_mask(fabs(u) - DARTS_LN_EPS);
  const double t = darts_blend(defined, darts_blend(held, DARTS_LN_EPS, fabs(u)), 1.0);
  const double l = darts_log(t);
  const double z = k->beta * l;
  const double e = darts_exp(z);
  const uint64_t capped = darts_negative_mask(DARTS_EXP_MAX - z);
  const uint64_t live = defined & ~capped;
  const double sign = darts_blend(negative & k->odd, -1.0, 1.0);
  const double size = darts_blend(live, e, darts_blend(defined, k->exp_cap, 0.0));
  outer_result r;
  r.value = sign * size;
  r.slope = darts_blend(live & ~held, k->beta * e / t * darts_blend(negative, -sign, sign), 0.0);
  r.beta_slope = darts_blend(live & positive, e * l, 0.0);
  return r;
}

/* softplus_beta(u) = log(1 + e^(beta u)) / beta, computed without overflow as
 * (max(z, 0) + log(1 + e^-|z|)) / beta with z = beta u: its value, its slope
 * in u and (zero while beta is held at its minimum) its slope in beta.
 * softminus is u - softplus. */
OUTER_FUNCTION outer_result outer_softplus(double u, const outer_constants *k) {
  const double beta = k->beta;
  const double z = beta * u;
  const double positive_part = darts_blend(darts_negative_mask(z), 0.0, z);
  outer_result r;
  r.value = (positive_part + darts_log1p_nonnegative(darts_exp(-fabs(z)))) / beta;
  r.slope = darts_logistic(z);
  r.beta_slope = k->unclamped * (u * r.slope - r.value) / beta;
  return r;
}

OUTER_FUNCTION outer_result outer_softminus(double u, const outer_constants *k) {
  const outer_result softplus = outer_softplus(u, k);
  outer_result r = {u - softplus.value, 1 - softplus.slope, -softplus.beta_slope};
  return r;
}

/* ---- the row loop -------------------------------------------------------- */

/* What the row loop reads and writes: rows x[0..n-1] of the source node, the
 * edge's inner map u = a * x + b and mixture weight w, the node being built
 * (acc) and where to keep each row's value (y), slope (fp) and beta slope
 * (fb), each NULL when not wanted. */
typedef struct {
  int n;
  const double *x;
  double a, b, w;
  double *acc;
  double *y;
  double *fp;
  double *fb;
} row_io;

/* The one loop template, in the manner of vctrs' EQUAL: OUTER is the name of
 * one of the outer functions above, inlined into the loop. For every row it
 * adds w * f(u) to acc and, as KEEP_VALUE, KEEP_SLOPE and KEEP_BETA_SLOPE
 * say, stores f(u), f'(u) and df/dbeta. Those three are the constants 0 or 1,
 * so no branch is left in the loop and it vectorises. */
#define ROW_LOOP(OUTER, IO, K, KEEP_VALUE, KEEP_SLOPE, KEEP_BETA_SLOPE)    \
  do {                                                                     \
    const int row_n = (IO)->n;                                             \
    const double row_a = (IO)->a, row_b = (IO)->b, row_w = (IO)->w;        \
    const double *restrict row_x = (IO)->x;                                \
    double *restrict row_acc = (IO)->acc;                                  \
    double *restrict row_y = (IO)->y;                                      \
    double *restrict row_fp = (IO)->fp;                                    \
    double *restrict row_fb = (IO)->fb;                                    \
    DARTS_SIMD for (int row_i = 0; row_i < row_n; row_i++) {               \
      const outer_result row_f = OUTER(row_a * row_x[row_i] + row_b, (K)); \
      row_acc[row_i] += row_w * row_f.value;                               \
      if (KEEP_VALUE) row_y[row_i] = row_f.value;                          \
      if (KEEP_SLOPE) row_fp[row_i] = row_f.slope;                         \
      if (KEEP_BETA_SLOPE) row_fb[row_i] = row_f.beta_slope;               \
    }                                                                      \
  } while (0)

/* One loop per need (value kept or not, slopes kept or not), chosen once per
 * call: branches stay out of the rows. HAS_BETA (0 or 1): the outer function
 * has a slope in beta worth keeping. */
#define EVAL_ROWS(OUTER, IO, K, HAS_BETA)     \
  do {                                        \
    if ((IO)->fp && (IO)->y) {                \
      ROW_LOOP(OUTER, IO, K, 1, 1, HAS_BETA); \
    } else if ((IO)->fp) {                    \
      ROW_LOOP(OUTER, IO, K, 0, 1, HAS_BETA); \
    } else if ((IO)->y) {                     \
      ROW_LOOP(OUTER, IO, K, 1, 0, 0);        \
    } else {                                  \
      ROW_LOOP(OUTER, IO, K, 0, 0, 0);        \
    }                                         \
  } while (0)

/* Whether every |a * x + b| is below bound (and none is NaN). */
static int all_rows_within(double a, double b, const double *x, int n, double bound) {
  for (int i = 0; i < n; i++) {
    if (!(fabs(a * x[i] + b) < bound)) return 0;
  }
  return 1;
}

/* softplus and softminus in a function of their own: inlined into
 * darts_primitive_eval() they would make it too large for the compiler to
 * inline the elementary functions of src/fastmath.h into every loop. rows and
 * k come by value, so that the caller's stay out of memory (no pointer to
 * them leaves darts_primitive_eval()) and its loops read them from
 * registers. */
DARTS_ROW_CLONES
static void eval_softplus_rows(int softminus, row_io rows, outer_constants k) {
  if (softminus) {
    EVAL_ROWS(outer_softminus, &rows, &k, 1);
  } else {
    EVAL_ROWS(outer_softplus, &rows, &k, 1);
  }
}

/* The power in a function of its own, as softplus is (see above). */
DARTS_ROW_CLONES
static void eval_power_rows(row_io rows, outer_constants k) {
  EVAL_ROWS(outer_power, &rows, &k, 1);
}

DARTS_ROW_CLONES
void darts_primitive_eval(int code, const double *th, double w, const double *restrict x,
                          int n, double *restrict acc, double *restrict y,
                          double *restrict fp, double *restrict fb) {
  const primitive_def *def = &PRIMITIVES[code];
  int n_inner = inner_n_params(def->inner);
  const double a = n_inner >= 1 ? th[0] : 1.0;
  const double b = n_inner == 2 ? th[1] : 0.0;
  const row_io rows = {n, x, a, b, w, acc, y, fp, fb};
  outer_constants k = {exp(DARTS_EXP_MAX), 1 / DARTS_RECIPROCAL_MIN, def->outer == F_COS,
                       1.0, 1.0, 0, 0};

  switch (def->outer) {
    case F_ZERO:
      EVAL_ROWS(outer_zero, &rows, &k, 0);
      break;
    case F_ID:
      EVAL_ROWS(outer_identity, &rows, &k, 0);
      break;
    case F_NEG:
      EVAL_ROWS(outer_negative, &rows, &k, 0);
      break;
    case F_RELU:
      EVAL_ROWS(outer_relu, &rows, &k, 0);
      break;
    case F_LOGISTIC:
      EVAL_ROWS(outer_logistic, &rows, &k, 0);
      break;
    case F_EXP:
      EVAL_ROWS(outer_exp, &rows, &k, 0);
      break;
    case F_SIN:
    case F_COS:
      if (all_rows_within(a, b, x, n, DARTS_SINCOS_FAST_MAX)) {
        EVAL_ROWS(outer_sincos, &rows, &k, 0);
      } else if (k.cosine) {
        EVAL_ROWS(outer_cos_libm, &rows, &k, 0);
      } else {
        EVAL_ROWS(outer_sin_libm, &rows, &k, 0);
      }
      break;
    case F_TANH:
      EVAL_ROWS(outer_tanh, &rows, &k, 0);
      break;
    case F_RECIPROCAL:
      EVAL_ROWS(outer_reciprocal, &rows, &k, 0);
      break;
    case F_LN:
      EVAL_ROWS(outer_ln, &rows, &k, 0);
      break;
    case F_SQUARE:
      EVAL_ROWS(outer_square, &rows, &k, 0);
      break;
    case F_POWER: {
      const double beta = th[n_inner];
      const int whole = beta == nearbyint(beta);
      k.beta = beta;
      k.whole = whole ? ~(uint64_t)0 : 0;
      k.odd = whole && fmod(beta, 2.0) != 0 ? ~(uint64_t)0 : 0;
      eval_power_rows(rows, k);
      break;
    }
    case F_SOFTPLUS:
    case F_SOFTMINUS: {
      int clamped;
      k.beta = guarded_beta(th[n_inner], &clamped);
      k.unclamped = clamped ? 0 : 1;
      eval_softplus_rows(def->outer == F_SOFTMINUS, rows, k);
      break;
    }
  }
}

void darts_primitive_layout(int code, int *n_inner, int *has_beta) {
  *n_inner = inner_n_params(PRIMITIVES[code].inner);
  *has_beta = PRIMITIVES[code].has_beta;
}
