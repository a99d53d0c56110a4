/* Coefficient polishing: once the architecture is fixed, a sampled model has a
 * handful of coefficients, and fitting them on all the data does far better
 * than the SGD steps of the search. Levenberg-Marquardt with Marquardt's
 * diagonal scaling; the Jacobian comes from a forward pass that carries the
 * derivative of every node with respect to every coefficient (forward mode
 * suits a few coefficients and many rows). The gradient and the Gauss-Newton
 * matrix are accumulated chunk by chunk, so memory does not grow with the
 * number of rows.
 *
 * The objective is the config's loss, summed over rows with their case
 * weights: the squared error (J'WJ and J'Wr), or a deviance, for which the
 * Gauss-Newton matrix is the Fisher information (J' diag(w p (1 - p)) J for a
 * logistic output, the softmax's J'(diag(p) - pp')J) -- Fisher scoring with
 * Levenberg-Marquardt's damping. A deviance gets a small ridge penalty on the
 * coefficients: on classes the inputs separate, it falls toward 0 as they grow
 * without bound, and the penalty holds them finite. */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "workspace.h"

#define POLISH_CHUNK 256
#define POLISH_MAX_TRIES 12
/* The polish asks about interrupts after about this much work (multiply-adds,
 * counted as polish_tick() does): a few milliseconds on one core. */
#define POLISH_TICK_WORK 16777216.0
/* The ridge penalty of a deviance, per unit of case weight: far below the
 * information a row carries about a well-determined coefficient. */
#define POLISH_RIDGE 1e-6

/* The free coefficients of a sampled model, in order: each edge's primitive's
 * parameters, then the trainable classifier weights and biases. There are
 * n_coef of them (darts_polish_n_coefficients()). */
typedef struct {
  int n;              /* n_coef */
  double *theta;      /* the model's arrays the coefficients live in */
  double *weight;
  double *bias;
  int *where;         /* 2 x n_coef: which array (0 theta, 1 weight, 2 bias), offset */
  int *param_index;   /* E x 2: each edge parameter's coefficient index, -1 when
                       * the edge has no such parameter or holds it */
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
  double *out;     /* C x B: the outputs before their output function */
  double *dout;    /* C x n_coef x B: d out / d coefficient */
  double *g;       /* C x B: d (objective / 2) / d out */
  double *h;       /* C x B: its curvature in out (squared error, binomial) or
                    * the probabilities (multinomial) */
  double *row_weight; /* B: case weight times the row's total (multinomial) */
  double *hdout;   /* n_coef x B: curvature times dout */
  double *dbar;    /* n_coef x B: the probability-weighted mean of dout (multinomial) */
  /* Product nodes only (NULL otherwise), for the edges into one node (at most
   * p + K - 1): each edge's value, f'(u), df/dbeta, and the product of the
   * node's other factors; and a row of scratch. */
  double *factor;
  double *factor_fp;
  double *factor_fb;
  double *others;
  double *run;
} chunk_work;

/* The polish's whole workspace, for the model's n_coef coefficients. */
typedef struct {
  chunk_work chunk;
  double *jtj;          /* n_coef x n_coef: J'J */
  double *system;       /* n_coef x n_coef: J'J damped, then its Cholesky factor */
  double *jtr;          /* n_coef: J'r */
  double *step;         /* n_coef */
  double *start_values; /* n_coef: the coefficients before the polish */
  double *trial;        /* n_coef: the coefficients a step starts from */
  int *param_index;     /* E x 2 */
  int *where;           /* 2 x n_coef */
  int *weight_index;    /* C x K */
  int *bias_index;      /* C */
} polish_work;

/* Counts the polish's work and asks the interrupt callback once enough is
 * done, so that a polish of many rows or coefficients stops within a fraction
 * of a second of an interrupt. */
typedef struct {
  const darts_callbacks *cb; /* NULL: never interrupted */
  double work;               /* since the last question */
  int interrupted;
} polish_clock;

/* Adds `work`; nonzero once the callback has said stop. */
static int polish_tick(polish_clock *clock, double work) {
  if (clock->interrupted) return 1;
  clock->work += work;
  if (clock->work < POLISH_TICK_WORK) return 0;
  clock->work = 0;
  if (clock->cb && clock->cb->interrupted && clock->cb->interrupted(clock->cb->ctx)) {
    clock->interrupted = 1;
  }
  return clock->interrupted;
}

/* The one layout of the polish's workspace (see workspace.h) for up to
 * max_coef coefficients: its size too. */
static polish_work lay_out_polish(const darts_shape *s, int max_coef_, darts_carver *cv) {
  size_t max_coef = max_coef_, B = POLISH_CHUNK;
  size_t K = s->num_graph_nodes, C = s->n_outputs;
  polish_work pw;
  pw.chunk.B = POLISH_CHUNK;
  pw.chunk.states = darts_take_doubles(cv, (s->n_inputs + K) * B);
  pw.chunk.tangent = darts_take_doubles(cv, K * max_coef * B);
  pw.chunk.fp = darts_take_doubles(cv, B);
  pw.chunk.fb = darts_take_doubles(cv, B);
  pw.chunk.out = darts_take_doubles(cv, C * B);
  pw.chunk.dout = darts_take_doubles(cv, C * max_coef * B);
  pw.chunk.g = darts_take_doubles(cv, C * B);
  pw.chunk.h = darts_take_doubles(cv, C * B);
  pw.chunk.row_weight = darts_take_doubles(cv, B);
  pw.chunk.hdout = darts_take_doubles(cv, max_coef * B);
  pw.chunk.dbar = darts_take_doubles(cv, max_coef * B);
  pw.chunk.factor = pw.chunk.factor_fp = pw.chunk.factor_fb = NULL;
  pw.chunk.others = pw.chunk.run = NULL;
  if (s->product_nodes) {
    size_t in_degree = (size_t)s->n_inputs + K - 1;
    pw.chunk.factor = darts_take_doubles(cv, in_degree * B);
    pw.chunk.factor_fp = darts_take_doubles(cv, in_degree * B);
    pw.chunk.factor_fb = darts_take_doubles(cv, in_degree * B);
    pw.chunk.others = darts_take_doubles(cv, in_degree * B);
    pw.chunk.run = darts_take_doubles(cv, B);
  }
  pw.jtj = darts_take_doubles(cv, max_coef * max_coef);
  pw.system = darts_take_doubles(cv, max_coef * max_coef);
  pw.jtr = darts_take_doubles(cv, max_coef);
  pw.step = darts_take_doubles(cv, max_coef);
  pw.start_values = darts_take_doubles(cv, max_coef);
  pw.trial = darts_take_doubles(cv, max_coef);
  pw.param_index = darts_take_ints(cv, 2 * (size_t)s->n_edges);
  pw.where = darts_take_ints(cv, 2 * max_coef);
  pw.weight_index = darts_take_ints(cv, C * K);
  pw.bias_index = darts_take_ints(cv, C);
  return pw;
}

static darts_workspace_size polish_workspace(const darts_shape *s, int max_coef) {
  darts_carver sizing = darts_sizing_carver();
  lay_out_polish(s, max_coef, &sizing);
  darts_workspace_size size = {sizing.n_doubles, sizing.n_ints};
  return size;
}

static double *coefficient(const coefficients *co, int q) {
  double *arrays[3] = {co->theta, co->weight, co->bias};
  return arrays[co->where[2 * q]] + co->where[2 * q + 1];
}

static void add_coefficient(coefficients *co, int array, int offset) {
  if (co->where) {
    co->where[2 * co->n] = array;
    co->where[2 * co->n + 1] = offset;
  }
  co->n++;
}

/* Whether the polish fits edge e's parameter k (a or b, or beta): its
 * primitive has one there, and the model's optional free_theta does not hold
 * it. */
static int edge_param_free(const darts_shape *s, const darts_params *model, int e, int k) {
  int m = model->architecture[e];
  int k_max = m == DARTS_EMPTY_EDGE ? 0 : darts_primitive_n_params(s->primitives[m]);
  return k < k_max && !(model->free_theta && !model->free_theta[e + s->n_edges * k]);
}

/* `free_classifier` (C x K weights, then C biases; NULL: as the config says)
 * holds some trainable classifier entries fixed: a pruned output weight or
 * bias stays at the value it was given. With co's index arrays NULL, only
 * counts the coefficients (co->n). */
static void collect_into(const darts_shape *s, const darts_config *c, const darts_params *model,
                         const int *free_classifier, coefficients *co) {
  int E = s->n_edges, M = s->n_primitives;
  co->n = 0;
  for (int e = 0; e < E; e++) {
    int m = model->architecture[e];
    for (int k = 0; k < 2; k++) {
      int free = edge_param_free(s, model, e, k);
      if (co->param_index) co->param_index[e + E * k] = free ? co->n : -1;
      if (free) add_coefficient(co, 0, e + E * (m + M * k));
    }
  }
  int n_weights = s->n_outputs * s->num_graph_nodes;
  if (co->weight_index) {
    for (int i = 0; i < n_weights; i++) co->weight_index[i] = -1;
    for (int i = 0; i < s->n_outputs; i++) co->bias_index[i] = -1;
  }
  if (c->train_classifier_coefficients) {
    for (int i = 0; i < n_weights; i++) {
      if (free_classifier && !free_classifier[i]) continue;
      if (co->weight_index) co->weight_index[i] = co->n;
      add_coefficient(co, 1, i);
    }
  }
  if (c->train_classifier_bias) {
    for (int i = 0; i < s->n_outputs; i++) {
      if (free_classifier && !free_classifier[n_weights + i]) continue;
      if (co->bias_index) co->bias_index[i] = co->n;
      add_coefficient(co, 2, i);
    }
  }
}

/* The coefficients the polish fits, indexed into pw's arrays. */
static void collect(const darts_shape *s, const darts_config *c, darts_params *model,
                    const int *free_classifier, const polish_work *pw, coefficients *co) {
  co->theta = model->theta;
  co->weight = model->weight;
  co->bias = model->bias;
  co->param_index = pw->param_index;
  co->where = pw->where;
  co->weight_index = pw->weight_index;
  co->bias_index = pw->bias_index;
  collect_into(s, c, model, free_classifier, co);
}

int darts_polish_n_coefficients(const darts_shape *s, const darts_config *c,
                                const darts_params *model, const int *free_classifier) {
  coefficients co = {0};
  collect_into(s, c, model, free_classifier, &co);
  return co.n;
}

int darts_polish_theta_offsets(const darts_shape *s, const darts_params *model, int *offsets) {
  int E = s->n_edges, M = s->n_primitives, n = 0;
  for (int e = 0; e < E; e++) {
    for (int k = 0; k < 2; k++) {
      if (!edge_param_free(s, model, e, k)) continue;
      if (offsets) offsets[n] = e + E * (model->architecture[e] + M * k);
      n++;
    }
  }
  return n;
}

/* Room for the model's coefficients only, not for the most a model of the
 * shape can have: for a 16-node graph that is 14 MB less for every polish,
 * and gigabytes near 100 nodes. */
darts_workspace_size darts_polish_model_workspace(const darts_shape *s, const darts_config *c,
                                                  const darts_params *model,
                                                  const int *free_classifier) {
  return polish_workspace(s, darts_polish_n_coefficients(s, c, model, free_classifier));
}

/* Zeroes the first b rows of each of the n_columns columns (of B rows) of v. */
static void zero_columns(double *v, int n_columns, int B, int b) {
  for (int q = 0; q < n_columns; q++) memset(v + (size_t)q * B, 0, sizeof(double) * b);
}

/* Adds scale[r] times the derivatives of edge e's value (f(u) with u = a *
 * in + b, f' in fp, df/dbeta in fb) with respect to every coefficient to the
 * node's tangents tnode: through its source node's own tangents, and its own
 * parameters. scale is NULL for 1 (a sum), the product of the other factors
 * for a factor of a product. */
static void add_edge_tangents(const darts_shape *s, const darts_params *model,
                              const coefficients *co, chunk_work *w, int e, int src, int b,
                              const double *in, const double *fp, const double *fb,
                              const double *scale, double *tnode) {
  int E = s->n_edges, n_coef = co->n, n_inputs = s->n_inputs, B = w->B;
  int m = model->architecture[e], code = s->primitives[m];
  int n_inner, has_beta;
  darts_primitive_layout(code, &n_inner, &has_beta);
  double a = n_inner >= 1 ? model->theta[e + E * m] : 1.0;
  const double *slope = fp; /* scale * f'(u), row by row */
  if (scale) {
    DARTS_SIMD for (int r = 0; r < b; r++) w->run[r] = scale[r] * fp[r];
    slope = w->run;
  }
  if (src >= n_inputs) { /* through the source node's own derivatives */
    const double *tsrc = w->tangent + (size_t)(src - n_inputs) * n_coef * B;
    for (int q = 0; q < n_coef; q++) {
      DARTS_SIMD for (int r = 0; r < b; r++) tnode[q * B + r] += slope[r] * a * tsrc[q * B + r];
    }
  }
  /* the parameters' slots: a, then b or beta; a held one has no tangent */
  int q_a = n_inner >= 1 ? co->param_index[e] : -1;
  int q_b = n_inner == 2 ? co->param_index[e + E] : -1;
  int q_beta = has_beta ? co->param_index[e + E * n_inner] : -1;
  if (q_a >= 0) {
    DARTS_SIMD for (int r = 0; r < b; r++) tnode[q_a * B + r] += slope[r] * in[r];
  }
  if (q_b >= 0) {
    DARTS_SIMD for (int r = 0; r < b; r++) tnode[q_b * B + r] += slope[r];
  }
  if (q_beta >= 0 && scale) {
    DARTS_SIMD for (int r = 0; r < b; r++) tnode[q_beta * B + r] += scale[r] * fb[r];
  } else if (q_beta >= 0) {
    DARTS_SIMD for (int r = 0; r < b; r++) tnode[q_beta * B + r] += fb[r];
  }
}

/* A product node of the model: the product of its edges that are not "none"
 * (0 when there are none), and with tangents its derivatives, each factor's
 * scaled by the product of the others (prefix and suffix products: no
 * division). */
static void forward_product_node(const darts_shape *s, const darts_params *model,
                                 const coefficients *co, chunk_work *w, int j, int b,
                                 int tangents) {
  int E = s->n_edges, M = s->n_primitives, n_inputs = s->n_inputs, B = w->B;
  int e0 = darts_first_edge(n_inputs, j), n_coef = co->n;
  double *node = w->states + (size_t)(n_inputs + j) * B;
  double *tnode = w->tangent + (size_t)j * n_coef * B;
  int n_factors = 0;
  DARTS_SIMD for (int r = 0; r < b; r++) node[r] = 1;
  for (int src = 0; src < n_inputs + j; src++) {
    int e = e0 + src, m = model->architecture[e];
    if (darts_empty_edge(s, model, e)) continue;
    double *value = w->factor + (size_t)src * B;
    double th[2] = {model->theta[e + E * m], model->theta[e + E * (m + M)]};
    memset(value, 0, sizeof(double) * b);
    darts_primitive_eval(s->primitives[m], th, 1.0, w->states + (size_t)src * B, b, value,
                         NULL, tangents ? w->factor_fp + (size_t)src * B : NULL,
                         w->factor_fb + (size_t)src * B);
    DARTS_SIMD for (int r = 0; r < b; r++) node[r] *= value[r];
    n_factors++;
  }
  if (n_factors == 0) memset(node, 0, sizeof(double) * b);
  for (int r = 0; r < b; r++) node[r] = darts_held_product(node[r]);
  if (!tangents || n_factors == 0) return;
  /* others = prefix * suffix products, the prefix first */
  double *run = w->run;
  for (int pass = 0; pass < 2; pass++) {
    for (int r = 0; r < b; r++) run[r] = 1;
    for (int i = 0; i < n_inputs + j; i++) {
      int src = pass == 0 ? i : n_inputs + j - 1 - i;
      if (darts_empty_edge(s, model, e0 + src)) continue;
      const double *value = w->factor + (size_t)src * B;
      double *others = w->others + (size_t)src * B;
      if (pass == 0) {
        DARTS_SIMD for (int r = 0; r < b; r++) {
          others[r] = run[r];
          run[r] *= value[r];
        }
      } else {
        DARTS_SIMD for (int r = 0; r < b; r++) {
          others[r] *= run[r];
          run[r] *= value[r];
        }
      }
    }
  }
  /* a product held at its bound does not move with its factors */
  for (int src = 0; src < n_inputs + j; src++) {
    if (darts_empty_edge(s, model, e0 + src)) continue;
    double *others = w->others + (size_t)src * B;
    DARTS_SIMD for (int r = 0; r < b; r++) {
      others[r] = fabs(node[r]) < DARTS_PRODUCT_MAX ? others[r] : 0.0;
    }
  }
  for (int src = 0; src < n_inputs + j; src++) {
    int e = e0 + src;
    if (darts_empty_edge(s, model, e)) continue;
    add_edge_tangents(s, model, co, w, e, src, b, w->states + (size_t)src * B,
                      w->factor_fp + (size_t)src * B, w->factor_fb + (size_t)src * B,
                      w->others + (size_t)src * B, tnode);
  }
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
    double *tnode = w->tangent + (size_t)j * n_coef * B;
    if (tangents) zero_columns(tnode, n_coef, B, b);
    if (darts_node_multiplies(s, model, j)) {
      forward_product_node(s, model, co, w, j, b, tangents);
      e += n_inputs + j;
      continue;
    }
    double *node = w->states + (size_t)(n_inputs + j) * B;
    memset(node, 0, sizeof(double) * b);
    for (int src = 0; src < n_inputs + j; src++, e++) {
      int m = model->architecture[e];
      /* An edge that is empty or "none" adds 0: most edges of a large graph's
       * candidates are, and evaluating them was most of the polish's work. */
      if (darts_empty_edge(s, model, e)) continue;
      int code = s->primitives[m];
      const double *in = w->states + (size_t)src * B;
      double th[2] = {model->theta[e + E * m], model->theta[e + E * (m + M)]};
      darts_primitive_eval(code, th, 1.0, in, b, node, NULL, tangents ? w->fp : NULL, w->fb);
      if (!tangents) continue;
      add_edge_tangents(s, model, co, w, e, src, b, in, w->fp, w->fb, NULL, tnode);
    }
  }
}

/* The outputs of the chunk's b rows before their output function, into
 * w->out, and with tangents their derivatives into w->dout. */
static void outputs_chunk(const darts_shape *s, const darts_params *model,
                          const coefficients *co, int b, chunk_work *w, int tangents) {
  int n_coef = co->n, n_inputs = s->n_inputs, K = s->num_graph_nodes, C = s->n_outputs,
      B = w->B;
  for (int c = 0; c < C; c++) {
    double *out = w->out + (size_t)c * B;
    double *dout = w->dout + (size_t)c * n_coef * B;
    if (tangents) zero_columns(dout, n_coef, B, b);
    DARTS_SIMD for (int r = 0; r < b; r++) out[r] = model->bias[c];
    for (int j = 0; j < K; j++) {
      double wcj = model->weight[c + C * j];
      const double *node = w->states + (size_t)(n_inputs + j) * B;
      DARTS_SIMD for (int r = 0; r < b; r++) out[r] += wcj * node[r];
      if (!tangents) continue;
      const double *tnode = w->tangent + (size_t)j * n_coef * B;
      for (int q = 0; q < n_coef; q++) {
        double *dq = dout + (size_t)q * B;
        const double *tq = tnode + (size_t)q * B;
        DARTS_SIMD for (int r = 0; r < b; r++) dq[r] += wcj * tq[r];
      }
      if (co->weight_index[c + C * j] >= 0) {
        double *dq = dout + (size_t)co->weight_index[c + C * j] * B;
        DARTS_SIMD for (int r = 0; r < b; r++) dq[r] += node[r];
      }
    }
    if (tangents && co->bias_index[c] >= 0) {
      double *dq = dout + (size_t)co->bias_index[c] * B;
      DARTS_SIMD for (int r = 0; r < b; r++) dq[r] += 1;
    }
  }
}

/* y log(y), 0 at y = 0: the saturated model's share of a deviance. */
static double y_log_y(double y) {
  return y > 0 ? y * log(y) : 0;
}

/* The loss of the chunk's rows (their sum); with `derivatives`, each output's
 * g = d (loss / 2) / d out and curvature h (see chunk_work). */
static double row_terms(const darts_config *config, int C, const darts_data *d, int start,
                        int b, chunk_work *w, int derivatives) {
  int B = w->B, kind = darts_fitted_loss(config);
  double loss = 0;
  if (kind == LOSS_MULTINOMIAL) {
    for (int r = 0; r < b; r++) {
      int row = start + r;
      double top, y_sum = 0, weight = darts_row_weight(d, row);
      double normaliser = darts_softmax(w->out + r, C, B, NULL, &top);
      double lse = top + log(normaliser);
      for (int c = 0; c < C; c++) {
        double y = d->y[row + (size_t)d->n * c], o = w->out[r + (size_t)c * B];
        y_sum += y;
        loss += 2 * weight * (y_log_y(y) - y * (o - lse));
      }
      if (!derivatives) continue;
      w->row_weight[r] = weight * y_sum;
      for (int c = 0; c < C; c++) {
        double y = d->y[row + (size_t)d->n * c], p = exp(w->out[r + (size_t)c * B] - lse);
        w->g[r + (size_t)c * B] = weight * (p * y_sum - y);
        w->h[r + (size_t)c * B] = p;
      }
    }
    return loss;
  }
  for (int c = 0; c < C; c++) {
    const double *y = d->y + (size_t)d->n * c + start;
    const double *out = w->out + (size_t)c * B;
    double *g = w->g + (size_t)c * B, *h = w->h + (size_t)c * B;
    for (int r = 0; r < b; r++) {
      double weight = darts_row_weight(d, start + r);
      if (kind == LOSS_BINOMIAL) {
        double p = darts_logistic(out[r]);
        loss += 2 * weight * (y_log_y(y[r]) + y_log_y(1 - y[r]) + darts_log1p_exp(out[r]) -
                              y[r] * out[r]);
        g[r] = weight * (p - y[r]);
        h[r] = weight * (p * (1 - p));
        continue;
      }
      double pred = config->output_type == OUTPUT_REAL ? out[r] : darts_logistic(out[r]);
      double slope = config->output_type == OUTPUT_REAL ? 1 : pred * (1 - pred);
      double e = pred - y[r];
      loss += weight * (e * e);
      g[r] = weight * e * slope;
      h[r] = weight * (slope * slope);
    }
  }
  return loss;
}

/* Adds the chunk's share of J'g and of the Gauss-Newton matrix J'HJ (lower
 * triangle) for the loss's curvature H. Unweighted least squares on a real
 * output has H = I: J'J directly, without scaling J first. */
static void add_derivatives(const darts_config *config, const darts_data *d, int C,
                            int n_coef, int b, chunk_work *w, double *jtj, double *jtr) {
  int B = w->B, multinomial = darts_fitted_loss(config) == LOSS_MULTINOMIAL;
  int unit_curvature = darts_fitted_loss(config) == LOSS_SQUARED &&
                       config->output_type == OUTPUT_REAL && d->weights == NULL;
  if (multinomial) { /* dbar = sum_c p_c dout_c */
    zero_columns(w->dbar, n_coef, B, b);
    for (int c = 0; c < C; c++) {
      const double *p = w->h + (size_t)c * B;
      for (int q = 0; q < n_coef; q++) {
        const double *dq = w->dout + ((size_t)c * n_coef + q) * B;
        double *bar = w->dbar + (size_t)q * B;
        DARTS_SIMD for (int r = 0; r < b; r++) bar[r] += p[r] * dq[r];
      }
    }
  }
  for (int c = 0; c < C; c++) {
    const double *dout = w->dout + (size_t)c * n_coef * B;
    const double *g = w->g + (size_t)c * B, *h = w->h + (size_t)c * B;
    for (int q = 0; q < n_coef; q++) {
      const double *dq = dout + (size_t)q * B;
      double *hq = w->hdout + (size_t)q * B;
      jtr[q] += darts_dot(dq, g, b);
      if (unit_curvature) continue;
      if (multinomial) {
        /* (diag(p) - pp') dout, row by row: p_c (dout_c - dbar). */
        const double *bar = w->dbar + (size_t)q * B;
        DARTS_SIMD for (int r = 0; r < b; r++) hq[r] = w->row_weight[r] * h[r] * (dq[r] - bar[r]);
      } else {
        DARTS_SIMD for (int r = 0; r < b; r++) hq[r] = h[r] * dq[r];
      }
    }
    const double *curved = unit_curvature ? dout : w->hdout;
    for (int q1 = 0; q1 < n_coef; q1++) {
      const double *j1 = dout + (size_t)q1 * B;
      for (int q2 = 0; q2 <= q1; q2++) {
        jtj[q1 + n_coef * q2] += darts_dot(j1, curved + (size_t)q2 * B, b);
      }
    }
  }
}

/* The loss over all rows (weighted), and with jtj != NULL also the gradient
 * of half of it, J'g, and its Gauss-Newton matrix J'HJ (n_coef and
 * n_coef x n_coef). NaN when the clock says stop. */
static double accumulate(const darts_shape *s, const darts_config *config,
                         const darts_params *model, const coefficients *co,
                         const darts_data *d, chunk_work *w, double *jtj, double *jtr,
                         polish_clock *clock) {
  int n_coef = co->n, C = s->n_outputs, B = w->B;
  /* A chunk's work per row: every edge, and with derivatives each
   * coefficient's tangent through every edge and its row of J'HJ. */
  double row_work = s->n_edges + (jtj ? (double)n_coef * (n_coef + s->n_edges) * C : 0);
  double loss = 0;
  if (jtj) {
    memset(jtj, 0, sizeof(double) * n_coef * n_coef);
    memset(jtr, 0, sizeof(double) * n_coef);
  }
  for (int start = 0; start < d->n; start += B) {
    int b = d->n - start < B ? d->n - start : B;
    forward_chunk(s, model, co, d, start, b, w, jtj != NULL);
    outputs_chunk(s, model, co, b, w, jtj != NULL);
    loss += row_terms(config, C, d, start, b, w, jtj != NULL);
    if (jtj) add_derivatives(config, d, C, n_coef, b, w, jtj, jtr);
    if (polish_tick(clock, b * row_work)) return NAN;
  }
  if (jtj) {
    for (int q1 = 0; q1 < n_coef; q1++) {
      for (int q2 = q1 + 1; q2 < n_coef; q2++)
        jtj[q1 + n_coef * q2] = jtj[q2 + n_coef * q1];
    }
  }
  return loss;
}

/* The ridge penalty's weight: POLISH_RIDGE per unit of case weight for a
 * deviance, none for least squares. */
static double ridge_weight(const darts_config *config, const darts_data *d) {
  if (darts_fitted_loss(config) == LOSS_SQUARED) return 0;
  double total = 0;
  for (int i = 0; i < d->n; i++) total += darts_row_weight(d, i);
  return POLISH_RIDGE * total;
}

/* The objective: the loss plus ridge * sum of the squared coefficients. */
static double penalised(double loss, double ridge, const coefficients *co) {
  if (ridge == 0) return loss;
  double squares = 0;
  for (int q = 0; q < co->n; q++) squares += *coefficient(co, q) * *coefficient(co, q);
  return loss + ridge * squares;
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
 * values unless the objective (the loss, with a deviance's ridge penalty)
 * decreases, and when interrupted. */
int darts_polish(const darts_shape *shape, const darts_config *config,
                 darts_params *model, const int *free_classifier, const darts_data *data,
                 int max_iterations, const darts_callbacks *cb, double *work, int *iwork,
                 darts_polish_result *out) {
  darts_carver cv = darts_carver_over(work, iwork);
  polish_work pw = lay_out_polish(
      shape, darts_polish_n_coefficients(shape, config, model, free_classifier), &cv);
  coefficients co;
  collect(shape, config, model, free_classifier, &pw, &co);
  int n_coef = co.n;
  chunk_work w = pw.chunk;
  double *jtj = pw.jtj, *system = pw.system, *jtr = pw.jtr, *step = pw.step;
  double *start_values = pw.start_values, *trial = pw.trial;

  polish_clock clock = {cb, 0, 0};
  out->iterations = 0;
  double ridge = ridge_weight(config, data);
  out->loss_before = penalised(
      accumulate(shape, config, model, &co, data, &w, NULL, NULL, &clock), ridge, &co);
  out->loss_after = out->loss_before;
  if (clock.interrupted) return DARTS_INTERRUPTED;
  if (n_coef == 0 || !isfinite(out->loss_before)) return DARTS_OK;
  read_values(&co, start_values);

  double lambda = 1e-3, loss = out->loss_before;
  for (int it = 0; it < max_iterations; it++) {
    accumulate(shape, config, model, &co, data, &w, jtj, jtr, &clock);
    if (clock.interrupted) break;
    for (int q = 0; q < n_coef; q++) { /* half the penalty's gradient and curvature */
      jtr[q] += ridge * *coefficient(&co, q);
      jtj[q + n_coef * q] += ridge;
    }
    double scale = 0;
    for (int q = 0; q < n_coef; q++) scale = fmax(scale, jtj[q + n_coef * q]);
    if (!(scale > 0) || !isfinite(scale)) break;
    int accepted = 0;
    double loss_new = loss;
    read_values(&co, trial);
    for (int tries = 0; tries < POLISH_MAX_TRIES && !accepted && !clock.interrupted;
         tries++) {
      memcpy(system, jtj, sizeof(double) * n_coef * n_coef);
      for (int q = 0; q < n_coef; q++) {
        system[q + n_coef * q] += lambda * (jtj[q + n_coef * q] + 1e-12 * scale);
      }
      for (int q = 0; q < n_coef; q++) step[q] = -jtr[q];
      int solved = cholesky_solve(system, step, step, n_coef);
      if (polish_tick(&clock, (double)n_coef * n_coef * n_coef / 3)) break;
      if (solved) {
        for (int q = 0; q < n_coef; q++) *coefficient(&co, q) = trial[q] + step[q];
        loss_new =
            penalised(accumulate(shape, config, model, &co, data, &w, NULL, NULL, &clock),
                      ridge, &co);
        accepted = isfinite(loss_new) && loss_new < loss;
      }
      if (accepted) {
        lambda = fmax(lambda / 10, 1e-15);
      } else {
        write_values(&co, trial);
        lambda *= 10;
      }
    }
    if (clock.interrupted) break;
    out->iterations = it + 1;
    if (!accepted) break; /* no step improves: converged (or stuck) */
    double gain = loss - loss_new;
    loss = loss_new;
    if (gain <= 1e-15 * loss + 1e-300) break;
  }
  if (clock.interrupted || !(loss <= out->loss_before)) {
    write_values(&co, start_values);
    loss = out->loss_before;
  }
  out->loss_after = loss;
  return clock.interrupted ? DARTS_INTERRUPTED : DARTS_OK;
}
