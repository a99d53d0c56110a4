/* exp, expm1, sin and cos together, tanh, the logistic, ln and ln(1 + y) for
 * the primitives' row loops: inline, and free of branches.
 *
 * Why not libm: a rich step evaluates about 1,300 transcendentals, and calls
 * into libm were half of all the engine's time (perf and callgrind, see
 * bench/). Inline code lets the processor overlap the rows of a batch. Each
 * function is a range reduction (Cody-Waite, with the constants split so the
 * products are exact) and a Taylor polynomial carried past double precision;
 * results are within a few units in the last place of libm's
 * (tests/testthat/test-spec-primitives.R measures it).
 *
 * Plain C99; the constants' digits come from bc. */
#ifndef DARTSR_FASTMATH_H
#define DARTSR_FASTMATH_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/* Within this range 2^k stays a normal double: below it darts_exp() gives 0,
 * above it Inf. */
#define DARTS_FASTEXP_MIN (-708.0)
#define DARTS_FASTEXP_MAX 709.0

/* ln 2 = LN2_HI + LN2_LO; LN2_HI has 32 significant bits, so k * LN2_HI is
 * exact for every k of the range above. */
#define DARTS_LN2_HI 0.693147180369123816490173339843750
#define DARTS_LN2_LO 1.90821492927058781614426568075500134e-10
#define DARTS_LOG2E 1.44269504088896340735992468100189214
/* pi / 2 = PIO2_1 + PIO2_2 + PIO2_3; the first two have at most 33 bits, so
 * k * PIO2_1 and k * PIO2_2 are exact for |k| < 2^20. */
#define DARTS_PIO2_1 1.570796326734125614166259765625
#define DARTS_PIO2_2 6.0771005035934605453817880515998695e-11
#define DARTS_PIO2_3 2.9127320560933561582586004641843300e-20
#define DARTS_2_OVER_PI 0.636619772367581343075535053490057448
/* Beyond this the reduction below loses digits: callers use libm. */
#define DARTS_SINCOS_FAST_MAX 524288.0

/* Adding 1.5 * 2^52 rounds t to an integer in round-to-nearest, and leaves
 * that integer in the low bits of the sum, so no conversion (undefined for
 * huge or NaN t) is needed. Valid for |t| < 2^51; beyond, callers select. */
#define DARTS_ROUNDING_SHIFT 6755399441055744.0
#define DARTS_INF_BITS ((uint64_t)0x7ff0000000000000)
#define DARTS_MANTISSA_BITS ((uint64_t)0x000fffffffffffff)
#define DARTS_ONE_BITS ((uint64_t)0x3ff0000000000000)
/* 2^52: an integer i < 2^52 put in its low mantissa bits reads 2^52 + i */
#define DARTS_SHIFT_BITS ((uint64_t)0x4330000000000000)
#define DARTS_SHIFT_ONE 4503599627370496.0
#define DARTS_SQRT2 1.41421356237309504880168872420969808

static inline uint64_t darts_bits(double t) {
  uint64_t bits;
  memcpy(&bits, &t, sizeof bits);
  return bits;
}

static inline double darts_from_bits(uint64_t bits) {
  double t;
  memcpy(&t, &bits, sizeof t);
  return t;
}

/* Choosing between two computed values is done with bit masks, not with
 * "cond ? a : b": with a branch the compiler moves the computation of a or b
 * into it, and a loop with branches in it is not vectorised. */

/* 1 where x is NaN, else 0: its magnitude's bits exceed those of Inf. */
static inline uint64_t darts_is_nan(double x) {
  const uint64_t magnitude = darts_bits(x) & ~((uint64_t)1 << 63);
  return (DARTS_INF_BITS - magnitude) >> 63;
}

/* All ones where x < 0 (or x is -0); 0 where x >= 0 or x is NaN. */
static inline uint64_t darts_negative_mask(double x) {
  return (uint64_t)0 - ((darts_bits(x) >> 63) & (darts_is_nan(x) ^ 1u));
}

/* a where mask is set, else b. */
static inline double darts_blend(uint64_t mask, double a, double b) {
  return darts_from_bits((darts_bits(a) & mask) | (darts_bits(b) & ~mask));
}

/* e^r - 1 for |r| <= ln(2) / 2: Taylor to r^13, whose remainder is below
 * 1e-17 relative. Estrin's scheme keeps the dependency chain short. */
static inline double darts_expm1_reduced(double r) {
  const double r2 = r * r, r4 = r2 * r2;
  const double a0 = 1.0 / 2 + r * (1.0 / 6);
  const double a1 = 1.0 / 24 + r * (1.0 / 120);
  const double a2 = 1.0 / 720 + r * (1.0 / 5040);
  const double a3 = 1.0 / 40320 + r * (1.0 / 362880);
  const double a4 = 1.0 / 3628800 + r * (1.0 / 39916800);
  const double a5 = 1.0 / 479001600 + r * (1.0 / 6227020800.0);
  const double q = (a0 + a1 * r2) + r4 * ((a2 + a3 * r2) + r4 * (a4 + a5 * r2));
  return r + r2 * q;
}

/* e^u = 2^k (1 + p): sets *scale = 2^k and returns p. Meaningful for u in
 * [DARTS_FASTEXP_MIN, DARTS_FASTEXP_MAX]; callers select outside it. */
static inline double darts_exp_parts(double u, double *scale) {
  const double shifted = u * DARTS_LOG2E + DARTS_ROUNDING_SHIFT;
  const double k = shifted - DARTS_ROUNDING_SHIFT;
  const double r = (u - k * DARTS_LN2_HI) - k * DARTS_LN2_LO;
  /* The low bits of shifted hold k; moved to the exponent field with the bias
   * they make 2^k. */
  *scale = darts_from_bits((darts_bits(shifted) + 1023) << 52);
  return darts_expm1_reduced(r);
}

/* e^u, with 0 below the range, Inf above it and NaN for NaN. */
static inline double darts_exp(double u) {
  double s;
  const double p = darts_exp_parts(u, &s);
  const double v = s + s * p;
  const double finite = darts_blend(darts_negative_mask(u - DARTS_FASTEXP_MIN), 0.0, v);
  return darts_blend(darts_negative_mask(DARTS_FASTEXP_MAX - u), HUGE_VAL, finite);
}

/* e^u - 1, accurate near 0, for u <= 0 (tanh needs no more). */
static inline double darts_expm1_nonpositive(double u) {
  double s;
  const double p = darts_exp_parts(u, &s);
  const double v = (s - 1) + s * p;
  return darts_blend(darts_negative_mask(u - DARTS_FASTEXP_MIN), -1.0, v);
}

/* tanh(u) = -t / (2 + t) with t = e^(-2|u|) - 1, sign restored. */
static inline double darts_tanh(double u) {
  const double a = fabs(u);
  const double t = darts_expm1_nonpositive(-2 * a);
  return copysign(-t / (2 + t), u);
}

/* The logistic function without overflow: e^(-|u|) never exceeds 1. */
static inline double darts_logistic(double u) {
  const double e = darts_exp(-fabs(u));
  /* u >= 0: 1 / (1 + e^-u); u < 0: e^u / (1 + e^u). The sign bit decides, and
   * -0 gives 0.5 either way. */
  const uint64_t negative = (uint64_t)0 - (darts_bits(u) >> 63);
  return darts_blend(negative, e, 1.0) / (1.0 + e);
}

/* ln x for x a positive normal double or +Inf: x = 2^k m with m in
 * [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s) with s = (m - 1) / (m + 1), so
 * |s| <= 0.172, and the atanh series to s^21 (remainder below 1e-17). */
static inline double darts_log(double x) {
  const uint64_t bits = darts_bits(x);
  const double m1 = darts_from_bits((bits & DARTS_MANTISSA_BITS) | DARTS_ONE_BITS);
  /* the biased exponent, made a double by the same shift as in rounding */
  const double k1 = darts_from_bits(DARTS_SHIFT_BITS | (bits >> 52)) - DARTS_SHIFT_ONE - 1023;
  const uint64_t above = darts_negative_mask(DARTS_SQRT2 - m1);
  const double m = darts_blend(above, 0.5 * m1, m1), k = darts_blend(above, k1 + 1, k1);
  const double f = m - 1; /* exact */
  const double s = f / (2 + f), z = s * s, z2 = z * z, z4 = z2 * z2;
  const double series = (1.0 / 3 + z * (1.0 / 5)) + z2 * (1.0 / 7 + z * (1.0 / 9)) +
                        z4 * ((1.0 / 11 + z * (1.0 / 13)) + z2 * (1.0 / 15 + z * (1.0 / 17)) +
                              z4 * (1.0 / 19 + z * (1.0 / 21)));
  const double log_m = 2 * s + 2 * s * z * series;
  const double v = k * DARTS_LN2_HI + (log_m + k * DARTS_LN2_LO);
  const double v_or_inf = darts_blend(darts_negative_mask(DBL_MAX - x), HUGE_VAL, v);
  return darts_blend((uint64_t)0 - darts_is_nan(x), x, v_or_inf);
}

/* ln(1 + y) for y in [0, 2^53): ln of the rounded 1 + y, plus the first
 * order correction for the rounding, exact for y too small to change 1. */
static inline double darts_log1p_nonnegative(double y) {
  const double u = 1 + y;
  const double lost = y - (u - 1);
  return darts_log(u) + lost / u;
}

/* sin r and cos r for |r| <= pi / 4: Taylor to r^17 and r^18, in z = r^2. */
static inline void darts_sincos_reduced(double r, double *s, double *c) {
  const double z = r * r, z2 = z * z, z4 = z2 * z2;
  const double sp = (-1.0 / 6 + z * (1.0 / 120)) +
                    z2 * (-1.0 / 5040 + z * (1.0 / 362880)) +
                    z4 * ((-1.0 / 39916800 + z * (1.0 / 6227020800.0)) +
                          z2 * (-1.0 / 1307674368000.0 + z * (1.0 / 355687428096000.0)));
  const double cp = (1.0 / 24 + z * (-1.0 / 720)) +
                    z2 * (1.0 / 40320 + z * (-1.0 / 3628800)) +
                    z4 * ((1.0 / 479001600 + z * (-1.0 / 87178291200.0)) +
                          z2 * (1.0 / 20922789888000.0 + z * (-1.0 / 6402373705728000.0)));
  *s = r + r * z * sp;
  *c = 1 - 0.5 * z + z2 * cp;
}

/* sin(u) and cos(u) for |u| < DARTS_SINCOS_FAST_MAX: u = k pi / 2 + r, and
 * the quadrant k mod 4 (the low bits of the shifted sum) picks and signs the
 * reduced pair. */
static inline void darts_sincos(double u, double *s, double *c) {
  const double shifted = u * DARTS_2_OVER_PI + DARTS_ROUNDING_SHIFT;
  const double k = shifted - DARTS_ROUNDING_SHIFT;
  const double r = ((u - k * DARTS_PIO2_1) - k * DARTS_PIO2_2) - k * DARTS_PIO2_3;
  double sr, cr;
  darts_sincos_reduced(r, &sr, &cr);
  /* k mod 4 from the low bits; each quadrant swaps and negates bit-wise */
  const uint64_t q = darts_bits(shifted);
  const uint64_t swap = (uint64_t)0 - (q & 1u);
  const uint64_t sb = darts_bits(sr), cb = darts_bits(cr);
  const uint64_t s0 = (cb & swap) | (sb & ~swap), c0 = (sb & swap) | (cb & ~swap);
  *s = darts_from_bits(s0 ^ ((q & 2u) << 62));
  *c = darts_from_bits(c0 ^ (((q + 1u) & 2u) << 62));
}

#endif
