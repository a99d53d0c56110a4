/* Coefficient polishing: once the architecture is fixed, a sampled model has a
 * handful of coefficients, and least squares on all the data fits them far
 * better than the SGD steps of the search. Levenberg-Marquardt with Marquardt's
 * diagonal scaling; the Jacobian comes from a forward pass that carries the
 * derivative of every node with respect to every coefficient (forward mode
 * suits a few coefficients and many rows). J'J and J'r are accumulated chunk by
 * chunk, so memory does not grow with the number of rows. */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "workspace.h"

#define POLISH_CHUNK 256
#define POLISH_MAX_TRIES 12

/* The free coefficients of a sampled model, in order: each edge's primitive's
 * parameters, then the trainable classifier weights and biases. There are
 * n_coef of them, at most max_coefficients() of the shape. */
typedef struct {
  int n;              /* n_coef */
  double *theta;      /* the model's arrays the coefficients live in */
  double *weight;
  double *bias;
  int *where;         /* 2 x n_coef: which array (0 theta, 1 weight, 2 bias), offset */
  int *edge_first;    /* E: index of the edge's first coefficient, or -1 */
  int *weight_index;  /* C x K: each weight's coefficient index, -1 when fixed */
  int *bias_index;    /* C: each bias's coefficient index, -1 when fixed */
} coefficients;

/* Scratch for one chunk. */
typedef struct {
  int B;
  double *states;  /* (p + K) x B */
  double *tangent; /* K x n_coef x B: d node / d coefficient */
  double *fp;      /* B */
  double *fb;      /* B */
  double *resid;   /* B */
  double *dout;    /* n_coef x B */
} chunk_work;

/* The polish's whole workspace, sized for the most coefficients a model of
 * the shape can have, so that its layout does not depend on the model. */
typedef struct {
  chunk_work chunk;
  double *jtj;          /* n_coef x n_coef: J'J */
  double *system;       /* n_coef x n_coef: J'J damped, then its Cholesky factor */
  double *jtr;          /* n_coef: J'r */
  double *step;         /* n_coef */
  double *start_values; /* n_coef: the coefficients before the polish */
  double *trial;        /* n_coef: the coefficients a step starts from */
  int *edge_first;      /* E */
  int *where;           /* 2 x n_coef */
  int *weight_index;    /* C x K */
  int *bias_index;      /* C */
} polish_work;

static int max_coefficients(const darts_shape *s) {
  return 2 * s->n_edges + s->n_outputs * s->num_graph_nodes + s->n_outputs;
}

/* The one layout of the polish's workspace (see workspace.h): its size too. */
static polish_work lay_out_polish(const darts_shape *s, darts_carver *cv) {
  size_t max_coef = max_coefficients(s), B = POLISH_CHUNK;
  size_t K = s->num_graph_nodes, C = s->n_outputs;
  polish_work pw;
  pw.chunk.B = POLISH_CHUNK;
  pw.chunk.states = darts_take_doubles(cv, (s->n_inputs + K) * B);
  pw.chunk.tangent = darts_take_doubles(cv, K * max_coef * B);
  pw.chunk.fp = darts_take_doubles(cv, B);
  pw.chunk.fb = darts_take_doubles(cv, B);
  pw.chunk.resid = darts_take_doubles(cv, B);
  pw.chunk.dout = darts_take_doubles(cv, max_coef * B);
  pw.jtj = darts_take_doubles(cv, max_coef * max_coef);
  pw.system = darts_take_doubles(cv, max_coef * max_coef);
  pw.jtr = darts_take_doubles(cv, max_coef);
  pw.step = darts_take_doubles(cv, max_coef);
  pw.start_values = darts_take_doubles(cv, max_coef);
  pw.trial = darts_take_doubles(cv, max_coef);
  pw.edge_first = darts_take_ints(cv, s->n_edges);
  pw.where = darts_take_ints(cv, 2 * max_coef);
  pw.weight_index = darts_take_ints(cv, C * K);
  pw.bias_index = darts_take_ints(cv, C);
  return pw;
}

darts_workspace_size darts_polish_workspace(const darts_shape *s) {
  darts_carver sizing = darts_sizing_carver();
  lay_out_polish(s, &sizing);
  darts_workspace_size size = {sizing.n_doubles, sizing.n_ints};
  return size;
}

static double *coefficient(const coefficients *co, int q) {
  double *arrays[3] = {co->theta, co->weight, co->bias};
  return arrays[co->where[2 * q]] + co->where[2 * q + 1];
}

static void add_coefficient(coefficients *co, int array, int offset) {
  co->where[2 * co->n] = array;
  co->where[2 * co->n + 1] = offset;
  co->n++;
}

/* `free_classifier` (C x K weights, then C biases; NULL: as the config says)
 * holds some trainable classifier entries fixed: a pruned output weight or
 * bias stays at the value it was given. */
static void collect(const darts_shape *s, const darts_config *c, darts_params *model,
                    const int *free_classifier, const polish_work *pw, coefficients *co) {
  int E = s->n_edges, M = s->n_primitives;
  co->n = 0;
  co->theta = model->theta;
  co->weight = model->weight;
  co->bias = model->bias;
  co->edge_first = pw->edge_first;
  co->where = pw->where;
  co->weight_index = pw->weight_index;
  co->bias_index = pw->bias_index;
  for (int e = 0; e < E; e++) {
    int m = model->architecture[e];
    int k_max = darts_primitive_n_params(s->primitives[m]);
    co->edge_first[e] = k_max > 0 ? co->n : -1;
    for (int k = 0; k < k_max; k++) add_coefficient(co, 0, e + E * (m + M * k));
  }
  int n_weights = s->n_outputs * s->num_graph_nodes;
  for (int i = 0; i < n_weights; i++) co->weight_index[i] = -1;
  for (int i = 0; i < s->n_outputs; i++) co->bias_index[i] = -1;
  if (c->train_classifier_coefficients) {
    for (int i = 0; i < n_weights; i++) {
      if (free_classifier && !free_classifier[i]) continue;
      co->weight_index[i] = co->n;
      add_coefficient(co, 1, i);
    }
  }
  if (c->train_classifier_bias) {
    for (int i = 0; i < s->n_outputs; i++) {
      if (free_classifier && !free_classifier[n_weights + i]) continue;
      co->bias_index[i] = co->n;
      add_coefficient(co, 2, i);
    }
  }
}

/* Zeroes the first b rows of each of the n_columns columns (of B rows) of v. */
static void zero_columns(double *v, int n_columns, int B, int b) {
  for (int q = 0; q < n_columns; q++) memset(v + (size_t)q * B, 0, sizeof(double) * b);
}

/* Nodes (and, with tangents, their derivatives) for rows start .. start + b. */
static void forward_chunk(const darts_shape *s, const darts_params *model,
                          const coefficients *co, const darts_data *d, int start, int b,
                          chunk_work *w, int tangents) {
  int E = s->n_edges, M = s->n_primitives, n_coef = co->n, n_inputs = s->n_inputs,
      B = w->B;
  for (int j = 0; j < n_inputs; j++) {
    memcpy(w->states + (size_t)j * B, d->x + (size_t)d->n * j + start, sizeof(double) * b);
  }
  int e = 0;
  for (int j = 0; j < s->num_graph_nodes; j++) {
    double *node = w->states + (size_t)(n_inputs + j) * B;
    double *tnode = w->tangent + (size_t)j * n_coef * B;
    memset(node, 0, sizeof(double) * b);
    if (tangents) zero_columns(tnode, n_coef, B, b);
    for (int src = 0; src < n_inputs + j; src++, e++) {
      int m = model->architecture[e], code = s->primitives[m];
      const double *in = w->states + (size_t)src * B;
      double th[2] = {model->theta[e + E * m], model->theta[e + E * (m + M)]};
      darts_primitive_eval(code, th, 1.0, in, b, node, NULL, tangents ? w->fp : NULL, w->fb);
      if (!tangents || code == PRIM_NONE) continue;
      int n_inner, has_beta;
      darts_primitive_layout(code, &n_inner, &has_beta);
      double a = n_inner >= 1 ? th[0] : 1.0;
      if (src >= n_inputs) { /* through the source node's own derivatives */
        const double *tsrc = w->tangent + (size_t)(src - n_inputs) * n_coef * B;
        for (int q = 0; q < n_coef; q++) {
          for (int r = 0; r < b; r++) tnode[q * B + r] += w->fp[r] * a * tsrc[q * B + r];
        }
      }
      int q = co->edge_first[e];
      if (n_inner >= 1) {
        for (int r = 0; r < b; r++) tnode[q * B + r] += w->fp[r] * in[r];
        q++;
      }
      if (n_inner == 2) {
        for (int r = 0; r < b; r++) tnode[q * B + r] += w->fp[r];
        q++;
      }
      if (has_beta) {
        for (int r = 0; r < b; r++) tnode[q * B + r] += w->fb[r];
      }
    }
  }
}

static double squash(int output_type, double o) {
  if (output_type == OUTPUT_REAL) return o;
  return darts_logistic(o);
}

/* Sum of squared residuals over all rows and outputs, and with jtj != NULL also
 * J'J and J'r (n_coef x n_coef and n_coef). */
static double accumulate(const darts_shape *s, int output_type, const darts_params *model,
                         const coefficients *co, const darts_data *d, chunk_work *w,
                         double *jtj, double *jtr) {
  int n_coef = co->n, n_inputs = s->n_inputs, K = s->num_graph_nodes, C = s->n_outputs,
      B = w->B;
  double sse = 0;
  if (jtj) {
    memset(jtj, 0, sizeof(double) * n_coef * n_coef);
    memset(jtr, 0, sizeof(double) * n_coef);
  }
  for (int start = 0; start < d->n; start += B) {
    int b = d->n - start < B ? d->n - start : B;
    forward_chunk(s, model, co, d, start, b, w, jtj != NULL);
    for (int c = 0; c < C; c++) {
      const double *y = d->y + (size_t)d->n * c + start;
      if (jtj) zero_columns(w->dout, n_coef, B, b);
      for (int r = 0; r < b; r++) w->resid[r] = model->bias[c];
      for (int j = 0; j < K; j++) {
        double wcj = model->weight[c + C * j];
        const double *node = w->states + (size_t)(n_inputs + j) * B;
        for (int r = 0; r < b; r++) w->resid[r] += wcj * node[r];
        if (!jtj) continue;
        const double *tnode = w->tangent + (size_t)j * n_coef * B;
        for (int q = 0; q < n_coef; q++) {
          double *dq = w->dout + (size_t)q * B;
          const double *tq = tnode + (size_t)q * B;
          for (int r = 0; r < b; r++) dq[r] += wcj * tq[r];
        }
        if (co->weight_index[c + C * j] >= 0) {
          double *dq = w->dout + (size_t)co->weight_index[c + C * j] * B;
          for (int r = 0; r < b; r++) dq[r] += node[r];
        }
      }
      if (jtj && co->bias_index[c] >= 0) {
        double *dq = w->dout + (size_t)co->bias_index[c] * B;
        for (int r = 0; r < b; r++) dq[r] += 1;
      }
      for (int r = 0; r < b; r++) {
        double out = squash(output_type, w->resid[r]);
        double slope = output_type == OUTPUT_REAL ? 1 : out * (1 - out);
        w->resid[r] = out - y[r];
        sse += w->resid[r] * w->resid[r];
        if (!jtj || output_type == OUTPUT_REAL) continue;
        for (int q = 0; q < n_coef; q++) w->dout[q * B + r] *= slope;
      }
      if (!jtj) continue;
      for (int q1 = 0; q1 < n_coef; q1++) {
        const double *j1 = w->dout + (size_t)q1 * B;
        jtr[q1] += darts_dot(j1, w->resid, b);
        for (int q2 = 0; q2 <= q1; q2++) {
          jtj[q1 + n_coef * q2] += darts_dot(j1, w->dout + (size_t)q2 * B, b);
        }
      }
    }
  }
  if (jtj) {
    for (int q1 = 0; q1 < n_coef; q1++) {
      for (int q2 = q1 + 1; q2 < n_coef; q2++)
        jtj[q1 + n_coef * q2] = jtj[q2 + n_coef * q1];
    }
  }
  return sse;
}

/* Solves A x = rhs for symmetric positive definite A (n x n, overwritten by its
 * Cholesky factor). Returns 0 when A is not positive definite. */
static int cholesky_solve(double *A, const double *rhs, double *x, int n) {
  for (int j = 0; j < n; j++) {
    double d = A[j + n * j];
    for (int k = 0; k < j; k++) d -= A[j + n * k] * A[j + n * k];
    if (!(d > 0) || !isfinite(d)) return 0;
    A[j + n * j] = sqrt(d);
    for (int i = j + 1; i < n; i++) {
      double v = A[i + n * j];
      for (int k = 0; k < j; k++) v -= A[i + n * k] * A[j + n * k];
      A[i + n * j] = v / A[j + n * j];
    }
  }
  for (int i = 0; i < n; i++) { /* L z = rhs */
    double v = rhs[i];
    for (int k = 0; k < i; k++) v -= A[i + n * k] * x[k];
    x[i] = v / A[i + n * i];
  }
  for (int i = n - 1; i >= 0; i--) { /* L' x = z */
    double v = x[i];
    for (int k = i + 1; k < n; k++) v -= A[k + n * i] * x[k];
    x[i] = v / A[i + n * i];
  }
  return 1;
}

static void read_values(const coefficients *co, double *to) {
  for (int q = 0; q < co->n; q++) to[q] = *coefficient(co, q);
}
static void write_values(const coefficients *co, const double *from) {
  for (int q = 0; q < co->n; q++) *coefficient(co, q) = from[q];
}

/* Polishes the coefficients of `model` (architecture set) on all rows of data,
 * for at most max_iterations Levenberg-Marquardt iterations; keeps the starting
 * values unless the sum of squares decreases. */
void darts_polish(const darts_shape *shape, const darts_config *config,
                  darts_params *model, const int *free_classifier,
                  const darts_data *data, int max_iterations, double *work, int *iwork,
                  darts_polish_result *out) {
  darts_carver cv = darts_carver_over(work, iwork);
  polish_work pw = lay_out_polish(shape, &cv);
  coefficients co;
  collect(shape, config, model, free_classifier, &pw, &co);
  int n_coef = co.n;
  chunk_work w = pw.chunk;
  double *jtj = pw.jtj, *system = pw.system, *jtr = pw.jtr, *step = pw.step;
  double *start_values = pw.start_values, *trial = pw.trial;

  out->iterations = 0;
  out->sse_before = accumulate(shape, config->output_type, model, &co, data, &w, NULL, NULL);
  out->sse_after = out->sse_before;
  if (n_coef == 0 || !isfinite(out->sse_before)) return;
  read_values(&co, start_values);

  double lambda = 1e-3, sse = out->sse_before;
  for (int it = 0; it < max_iterations; it++) {
    accumulate(shape, config->output_type, model, &co, data, &w, jtj, jtr);
    double scale = 0;
    for (int q = 0; q < n_coef; q++) scale = fmax(scale, jtj[q + n_coef * q]);
    if (!(scale > 0) || !isfinite(scale)) break;
    int accepted = 0;
    double sse_new = sse;
    read_values(&co, trial);
    for (int tries = 0; tries < POLISH_MAX_TRIES && !accepted; tries++) {
      memcpy(system, jtj, sizeof(double) * n_coef * n_coef);
      for (int q = 0; q < n_coef; q++) {
        system[q + n_coef * q] += lambda * (jtj[q + n_coef * q] + 1e-12 * scale);
      }
      for (int q = 0; q < n_coef; q++) step[q] = -jtr[q];
      if (cholesky_solve(system, step, step, n_coef)) {
        for (int q = 0; q < n_coef; q++) *coefficient(&co, q) = trial[q] + step[q];
        sse_new = accumulate(shape, config->output_type, model, &co, data, &w, NULL, NULL);
        accepted = isfinite(sse_new) && sse_new < sse;
      }
      if (accepted) {
        lambda = fmax(lambda / 10, 1e-15);
      } else {
        write_values(&co, trial);
        lambda *= 10;
      }
    }
    out->iterations = it + 1;
    if (!accepted) break; /* no step improves: converged (or stuck) */
    double gain = sse - sse_new;
    sse = sse_new;
    if (gain <= 1e-15 * sse + 1e-300) break;
  }
  if (!(sse <= out->sse_before)) {
    write_values(&co, start_values);
    sse = out->sse_before;
  }
  out->sse_after = sse;
}
