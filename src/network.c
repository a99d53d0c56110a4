/* Forward and backward passes over the DARTS graph for one batch of rows.
 *
 * States are stored state by state (inputs first, then hidden nodes), each a
 * contiguous run of the batch, so the inner loops run over rows and vectorise.
 *
 * A node sums its edges, or, where the shape allows products, may multiply
 * them. A mixture's node is then the mixture of both kinds, weighted by its
 * node architecture weights: w_sum * S + w_product * P, with S the sum of its
 * mixed edges m_e and P the product of its factors f_e = m_e + w_none,e: in a
 * product an edge of "none" is the factor 1, as in a sum it is the term 0, so
 * that one "none" drops an edge from either kind. A sampled model's product
 * node multiplies the edges that are not "none" (and is 0 when all are). The
 * gradient of a product with respect to one factor is the product of the
 * others, computed from prefix and suffix products: no division, so a factor
 * of 0 is no trouble. A product is held within +-DARTS_PRODUCT_MAX, its
 * gradient 0 beyond, as exp is capped. The only denominators of the network
 * are the reciprocal primitives', which src/primitives.c guards.
 */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "workspace.h"

/* The edges into nodes 0 .. j - 1 (each node takes one from every input and
 * every earlier node): the first edge of node j. */
int darts_first_edge(int n_inputs, int j) {
  return j * n_inputs + j * (j - 1) / 2;
}

/* All the graph's edges: those before a node after the last. */
int darts_n_edges(int n_inputs, int num_graph_nodes) {
  return darts_first_edge(n_inputs, num_graph_nodes);
}

int darts_node_multiplies(const darts_shape *s, const darts_params *p, int j) {
  if (!s->product_nodes) return 0;
  if (!p->architecture) return 1;
  return p->node_kinds != NULL && p->node_kinds[j] == NODE_PRODUCT;
}

int darts_none_index(const darts_shape *s) {
  for (int m = 0; m < s->n_primitives; m++) {
    if (s->primitives[m] == PRIM_NONE) return m;
  }
  return -1;
}

int darts_empty_edge(const darts_shape *s, const darts_params *model, int e) {
  int m = model->architecture[e];
  return m == DARTS_EMPTY_EDGE || s->primitives[m] == PRIM_NONE;
}

/* Working memory of one batch, carved out of the caller's doubles. */
typedef struct {
  int B;
  double *states;  /* (p + K) x B */
  double *gstates; /* (p + K) x B */
  double *out;     /* C x B */
  double *gout;    /* C x B */
  double *op_y;    /* E x M x B: each primitive's value on each edge */
  double *op_fp;   /* E x M x B: f'(u) of each primitive on each edge */
  double *op_fb;   /* E x M x B: df/dbeta (softplus and softminus only) */
  double *w;  /* E x M mixture weights */
  double *gw; /* E x M: dloss / dw */
  double *row_weight; /* B: the batch's case weights */
  /* Product nodes only (NULL otherwise): */
  double *edge_value;   /* E x B: each edge's mixed operation m_e */
  double *node_sum;     /* K x B: a mixture node's sum S */
  double *node_product; /* K x B: a mixture node's product P */
  double *node_w;       /* K x NODE_KIND_COUNT: the nodes' kind weights */
  double *others;       /* E x B: the product of the other factors of each edge's node */
  double *row_scratch;  /* 2 x B */
} batch_work;

/* The one layout of a batch's workspace (see workspace.h): its size too.
 * Without gradients (a prediction) only the states, outputs and mixture
 * weights: the per-primitive arrays are E x M x B doubles, 37 MB for a
 * 16-node graph on a chunk of 1024 rows, and R's allocator collected garbage
 * for every one of them. */
static batch_work lay_out_batch(const darts_shape *s, int B, int with_gradients,
                                darts_carver *cv) {
  size_t n_states = (size_t)(s->n_inputs + s->num_graph_nodes) * B;
  size_t n_outputs = (size_t)s->n_outputs * B;
  size_t n_ops = (size_t)s->n_edges * s->n_primitives;
  batch_work bw = {0};
  bw.B = B;
  bw.states = darts_take_doubles(cv, n_states);
  bw.out = darts_take_doubles(cv, n_outputs);
  bw.w = darts_take_doubles(cv, n_ops);
  bw.row_weight = darts_take_doubles(cv, B);
  if (s->product_nodes) {
    size_t n_nodes = (size_t)s->num_graph_nodes * B;
    bw.edge_value = darts_take_doubles(cv, (size_t)s->n_edges * B);
    bw.node_sum = darts_take_doubles(cv, n_nodes);
    bw.node_product = darts_take_doubles(cv, n_nodes);
    bw.node_w = darts_take_doubles(cv, (size_t)s->num_graph_nodes * NODE_KIND_COUNT);
    bw.row_scratch = darts_take_doubles(cv, 2 * (size_t)B);
    if (with_gradients) bw.others = darts_take_doubles(cv, (size_t)s->n_edges * B);
  }
  if (!with_gradients) return bw;
  bw.gstates = darts_take_doubles(cv, n_states);
  bw.gout = darts_take_doubles(cv, n_outputs);
  bw.op_y = darts_take_doubles(cv, n_ops * B);
  bw.op_fp = darts_take_doubles(cv, n_ops * B);
  bw.op_fb = darts_take_doubles(cv, n_ops * B);
  bw.gw = darts_take_doubles(cv, n_ops);
  return bw;
}

size_t darts_workspace_doubles(const darts_shape *s, int B) {
  darts_carver sizing = darts_sizing_carver();
  lay_out_batch(s, B, 1, &sizing);
  return sizing.n_doubles;
}

size_t darts_prediction_doubles(const darts_shape *s, int B) {
  darts_carver sizing = darts_sizing_carver();
  lay_out_batch(s, B, 0, &sizing);
  return sizing.n_doubles;
}

static batch_work carve(const darts_shape *s, int B, int with_gradients, double *work) {
  darts_carver cv = darts_carver_over(work, NULL);
  return lay_out_batch(s, B, with_gradients, &cv);
}

/* Mixture weights: one-hot for a sampled model, else softmax (original DARTS) or
 * sigmoid (fair DARTS) of each edge's architecture weights. */
static void mixture_weights(const darts_shape *s, int darts_type, const darts_params *p,
                            double *w) {
  int E = s->n_edges, M = s->n_primitives;
  for (int e = 0; e < E; e++) {
    if (p->architecture) {
      for (int m = 0; m < M; m++) w[e + E * m] = m == p->architecture[e] ? 1 : 0;
    } else if (darts_type == DARTS_FAIR) {
      for (int m = 0; m < M; m++) w[e + E * m] = darts_logistic(p->alphas[e + E * m]);
    } else {
      double top;
      darts_softmax(p->alphas + e, M, E, w + e, &top);
    }
  }
}

/* The kind weights of a mixture's nodes: the softmax (original DARTS) or the
 * sigmoid (fair DARTS) of each node's kind architecture weights. */
static void node_kind_weights(const darts_shape *s, int darts_type, const darts_params *p,
                              double *node_w) {
  int K = s->num_graph_nodes;
  for (int j = 0; j < K; j++) {
    if (darts_type == DARTS_FAIR) {
      for (int k = 0; k < NODE_KIND_COUNT; k++) {
        node_w[j + K * k] = darts_logistic(p->node_alphas[j + K * k]);
      }
    } else {
      double top;
      darts_softmax(p->node_alphas + j, NODE_KIND_COUNT, K, node_w + j, &top);
    }
  }
}

/* The primitives an edge evaluates: all of them for a mixture, one for a model,
 * none for a model's empty edge (DARTS_EMPTY_EDGE). */
static int first_op(const darts_params *p, int e) {
  if (!p->architecture || p->architecture[e] == DARTS_EMPTY_EDGE) return 0;
  return p->architecture[e];
}
static int end_op(const darts_shape *s, const darts_params *p, int e) {
  if (!p->architecture) return s->n_primitives;
  return p->architecture[e] == DARTS_EMPTY_EDGE ? 0 : p->architecture[e] + 1;
}

/* Rows of the batch: idx[0..B-1] when idx is given, else start .. start + B - 1. */
static void gather_inputs(const darts_shape *s, const darts_data *d, const int *idx,
                          int start, batch_work *bw) {
  for (int j = 0; j < s->n_inputs; j++) {
    const double *col = d->x + (size_t)d->n * j;
    double *dst = bw->states + (size_t)j * bw->B;
    if (idx) {
      for (int b = 0; b < bw->B; b++) dst[b] = col[idx[b]];
    } else {
      memcpy(dst, col + start, sizeof(double) * bw->B);
    }
  }
}

/* Edge e's operation on its source `in`, added to acc: its mixed primitives
 * for a mixture, its one primitive for a model. want_grad: keep f'(u) for a
 * backward pass; keep_values: keep each primitive's value too, for the
 * gradient of the mixture weights. */
static void edge_forward(const darts_shape *s, const darts_params *p, batch_work *bw, int e,
                         const double *in, double *acc, int want_grad, int keep_values) {
  int E = s->n_edges, M = s->n_primitives, B = bw->B;
  for (int m = first_op(p, e); m < end_op(s, p, e); m++) {
    size_t at = ((size_t)e * M + m) * B;
    double th[2] = {p->theta[e + E * m], p->theta[e + E * (m + M)]};
    darts_primitive_eval(s->primitives[m], th, bw->w[e + E * m], in, B, acc,
                         keep_values ? bw->op_y + at : NULL,
                         want_grad ? bw->op_fp + at : NULL, want_grad ? bw->op_fb + at : NULL);
  }
}

/* An edge's factor in its node's product: m_e, plus the weight of "none",
 * whose factor is 1 (a model's "none" edge: the factor 1). */
static double none_weight(const darts_shape *s, const darts_params *p, const batch_work *bw,
                          int none, int e) {
  if (p->architecture) return darts_empty_edge(s, p, e) ? 1.0 : 0.0;
  return none >= 0 ? bw->w[e + (size_t)s->n_edges * none] : 0.0;
}

/* A node that may multiply: each edge into its own row of edge_value, then the
 * node from their sum and product (see the top of this file). */
static void forward_multiplying_node(const darts_shape *s, const darts_params *p,
                                     batch_work *bw, int j, int want_grad, int keep_values) {
  int n_inputs = s->n_inputs, B = bw->B, K = s->num_graph_nodes;
  int e0 = darts_first_edge(n_inputs, j), none = darts_none_index(s);
  double *node = bw->states + (size_t)(n_inputs + j) * B;
  double *sum = bw->node_sum + (size_t)j * B, *product = bw->node_product + (size_t)j * B;
  int factors = 0;
  for (int b = 0; b < B; b++) sum[b] = 0, product[b] = 1;
  for (int src = 0; src < n_inputs + j; src++) {
    int e = e0 + src;
    double *value = bw->edge_value + (size_t)e * B;
    memset(value, 0, sizeof(double) * B);
    edge_forward(s, p, bw, e, bw->states + (size_t)src * B, value, want_grad, keep_values);
    double one = none_weight(s, p, bw, none, e);
    if (p->architecture && one == 1.0) continue;
    factors++;
    for (int b = 0; b < B; b++) {
      sum[b] += value[b];
      product[b] *= value[b] + one;
    }
  }
  for (int b = 0; b < B; b++) product[b] = darts_held_product(product[b]);
  if (p->architecture) { /* a model's product node; 0 without factors */
    for (int b = 0; b < B; b++) node[b] = factors > 0 ? product[b] : 0;
    return;
  }
  double w_sum = bw->node_w[j], w_product = bw->node_w[j + K];
  for (int b = 0; b < B; b++) node[b] = w_sum * sum[b] + w_product * product[b];
}

static void forward(const darts_shape *s, const darts_params *p, batch_work *bw,
                    int want_grad, int keep_values) {
  int n_inputs = s->n_inputs, B = bw->B;
  int e = 0;
  for (int j = 0; j < s->num_graph_nodes; j++) {
    if (darts_node_multiplies(s, p, j)) {
      forward_multiplying_node(s, p, bw, j, want_grad, keep_values);
      e += n_inputs + j;
      continue;
    }
    double *node = bw->states + (size_t)(n_inputs + j) * B;
    memset(node, 0, sizeof(double) * B);
    for (int src = 0; src < n_inputs + j; src++, e++) {
      edge_forward(s, p, bw, e, bw->states + (size_t)src * B, node, want_grad, keep_values);
    }
  }
  int C = s->n_outputs;
  for (int c = 0; c < C; c++) {
    double *out = bw->out + (size_t)c * B;
    for (int b = 0; b < B; b++) out[b] = p->bias[c];
    for (int j = 0; j < s->num_graph_nodes; j++) {
      double wcj = p->weight[c + C * j];
      const double *node = bw->states + (size_t)(n_inputs + j) * B;
      for (int b = 0; b < B; b++) out[b] += wcj * node[b];
    }
  }
}

/* Loss of the outputs against rows of y, averaged over the batch by the rows'
 * case weights, and dloss/dout into gout: the cross-entropy of a softmax, the
 * binomial cross-entropy of logistic outputs, or the squared error (of the
 * logistic's values for the logistic types). */
static double output_loss(const darts_shape *s, const darts_config *config, const darts_data *d,
                          const int *idx, batch_work *bw) {
  int B = bw->B, C = s->n_outputs;
  /* Without case weights every row weighs 1.0, and multiplying by it is exact:
   * the losses are those of a plain mean. */
  double *row_weight = bw->row_weight, total_weight = 0;
  if (d->weights) {
    for (int b = 0; b < B; b++) total_weight += row_weight[b] = d->weights[idx[b]];
  } else {
    for (int b = 0; b < B; b++) row_weight[b] = 1.0;
    total_weight = B;
  }
  if (!(total_weight > 0)) total_weight = 1; /* a batch of zero weights adds nothing */
  double loss = 0;
  if (darts_fitted_loss(config) == LOSS_MULTINOMIAL) {
    for (int b = 0; b < B; b++) {
      int row = idx[b];
      double top, y_sum = 0, w = row_weight[b];
      double normaliser = darts_softmax(bw->out + b, C, B, NULL, &top);
      double lse = top + log(normaliser);
      for (int c = 0; c < C; c++) y_sum += d->y[row + (size_t)d->n * c];
      for (int c = 0; c < C; c++) {
        double o = bw->out[b + (size_t)c * B], yc = d->y[row + (size_t)d->n * c];
        loss -= w * yc * (o - lse);
        bw->gout[b + (size_t)c * B] = w * (exp(o - lse) * y_sum - yc) / total_weight;
      }
    }
    return loss / total_weight;
  }
  double scale = 1.0 / (total_weight * C);
  if (darts_fitted_loss(config) == LOSS_BINOMIAL) {
    for (int c = 0; c < C; c++) {
      const double *yc = d->y + (size_t)d->n * c;
      double *out = bw->out + (size_t)c * B, *gout = bw->gout + (size_t)c * B;
      for (int b = 0; b < B; b++) {
        /* -(y log p + (1 - y) log(1 - p)) of p = logistic(o), from o itself. */
        double y = yc[idx[b]];
        loss += row_weight[b] * (darts_log1p_exp(out[b]) - y * out[b]);
        gout[b] = row_weight[b] * (darts_logistic(out[b]) - y) * scale;
      }
    }
    return loss * scale;
  }
  int squash = config->output_type != OUTPUT_REAL;
  for (int c = 0; c < C; c++) {
    const double *yc = d->y + (size_t)d->n * c;
    double *out = bw->out + (size_t)c * B, *gout = bw->gout + (size_t)c * B;
    for (int b = 0; b < B; b++) {
      double pred = squash ? darts_logistic(out[b]) : out[b];
      double r = pred - yc[idx[b]];
      loss += row_weight[b] * (r * r);
      gout[b] = 2 * r * scale * (squash ? pred * (1 - pred) : 1) * row_weight[b];
    }
  }
  return loss * scale;
}

static void zero(double *v, size_t n) {
  if (v) memset(v, 0, sizeof(double) * n);
}

/* The chain rule through primitive m on edge e, whose inner argument is
 * u = a * in + b: accumulates the gradients of its parameters, of its mixture
 * weight (into bw->gw, needed only for architecture steps) and of its source
 * node (gsrc, NULL for inputs), in one pass over the batch. */
static void edge_op_backward(const darts_shape *s, const darts_params *p, batch_work *bw,
                             darts_grads *g, int e, int m, const double *restrict gnode,
                             const double *restrict in, double *restrict gsrc) {
  int E = s->n_edges, M = s->n_primitives, B = bw->B;
  size_t at = ((size_t)e * M + m) * B;
  const double *restrict fp = bw->op_fp + at;
  double w = bw->w[e + E * m];
  int n_inner, has_beta;
  darts_primitive_layout(s->primitives[m], &n_inner, &has_beta);
  double a = n_inner >= 1 ? p->theta[e + E * m] : 1.0;

  double sum_g = 0, sum_gx = 0; /* sums of dL/du and of dL/du * input */
  if (gsrc) {
    double wa = w * a;
    for (int b = 0; b < B; b++) {
      double gu = gnode[b] * fp[b];
      sum_g += gu;
      sum_gx += gu * in[b];
      gsrc[b] += wa * gu;
    }
  } else if (n_inner > 0) {
    for (int b = 0; b < B; b++) {
      double gu = gnode[b] * fp[b];
      sum_g += gu;
      sum_gx += gu * in[b];
    }
  }
  if (g->alphas) bw->gw[e + E * m] = darts_dot(gnode, bw->op_y + at, B);
  if (n_inner >= 1) g->theta[e + E * m] = w * sum_gx;
  if (n_inner == 2) g->theta[e + E * (m + M)] = w * sum_g;
  if (has_beta) {
    double sum_beta = darts_dot(gnode, bw->op_fb + at, B);
    g->theta[e + E * (m + M * n_inner)] = w * sum_beta;
  }
}

/* Whether edge e is a factor of its node's product: every edge of a
 * mixture's node, a model's edges that are not "none". */
static int is_factor(const darts_shape *s, const darts_params *p, int e) {
  return !p->architecture || !darts_empty_edge(s, p, e);
}

/* For every factor e of node j, the product of the node's other factors, into
 * others (from prefix and suffix products of the factors m_e + w_none,e). */
static void other_factors(const darts_shape *s, const darts_params *p, batch_work *bw,
                          int j) {
  int n_inputs = s->n_inputs, B = bw->B, n_in = n_inputs + j;
  int e0 = darts_first_edge(n_inputs, j), none = darts_none_index(s);
  double *run = bw->row_scratch;
  for (int pass = 0; pass < 2; pass++) {
    for (int b = 0; b < B; b++) run[b] = 1;
    for (int i = 0; i < n_in; i++) {
      int e = e0 + (pass == 0 ? i : n_in - 1 - i);
      if (!is_factor(s, p, e)) continue;
      const double *value = bw->edge_value + (size_t)e * B;
      double *others = bw->others + (size_t)e * B;
      double one = p->architecture ? 0.0 : none_weight(s, p, bw, none, e);
      for (int b = 0; b < B; b++) {
        others[b] = pass == 0 ? run[b] : others[b] * run[b];
        run[b] *= value[b] + one;
      }
    }
  }
}

/* The chain rule through a node that may multiply: its edges' gradient is
 * dL/dnode * (w_sum + w_product * the product of the other factors) for a
 * mixture, dL/dnode * that product for a model's product node; a mixture
 * also gets the gradients of its kind weights and of each edge's "none",
 * the factor 1 of the product. */
static void backward_multiplying_node(const darts_shape *s, int darts_type,
                                      const darts_params *p, batch_work *bw, darts_grads *g,
                                      int j) {
  int E = s->n_edges, n_inputs = s->n_inputs, B = bw->B, K = s->num_graph_nodes;
  int e0 = darts_first_edge(n_inputs, j), none = darts_none_index(s);
  const double *gnode = bw->gstates + (size_t)(n_inputs + j) * B;
  double w_sum = 0, w_product = 1;
  if (!p->architecture) {
    w_sum = bw->node_w[j];
    w_product = bw->node_w[j + K];
    if (g->node_alphas) {
      double g_sum = darts_dot(gnode, bw->node_sum + (size_t)j * B, B);
      double g_product = darts_dot(gnode, bw->node_product + (size_t)j * B, B);
      if (darts_type == DARTS_FAIR) {
        g->node_alphas[j] = g_sum * w_sum * (1 - w_sum);
        g->node_alphas[j + K] = g_product * w_product * (1 - w_product);
      } else {
        double mean = w_sum * g_sum + w_product * g_product;
        g->node_alphas[j] = w_sum * (g_sum - mean);
        g->node_alphas[j + K] = w_product * (g_product - mean);
      }
    }
  }
  other_factors(s, p, bw, j);
  double *gedge = bw->row_scratch + B;
  for (int src = 0; src < n_inputs + j; src++) {
    int e = e0 + src;
    if (!is_factor(s, p, e)) continue;
    const double *others = bw->others + (size_t)e * B;
    const double *product = bw->node_product + (size_t)j * B;
    /* Where the product is held at its bound, it does not move. */
    for (int b = 0; b < B; b++) {
      double through_product = fabs(product[b]) < DARTS_PRODUCT_MAX ? others[b] : 0;
      gedge[b] = gnode[b] * (w_sum + w_product * through_product);
    }
    const double *in = bw->states + (size_t)src * B;
    double *gsrc = src >= n_inputs ? bw->gstates + (size_t)src * B : NULL;
    for (int m = first_op(p, e); m < end_op(s, p, e); m++) {
      edge_op_backward(s, p, bw, g, e, m, gedge, in, gsrc);
    }
    if (!p->architecture && none >= 0 && g->alphas) {
      double total = 0;
      for (int b = 0; b < B; b++) {
        if (fabs(product[b]) < DARTS_PRODUCT_MAX) total += gnode[b] * others[b];
      }
      bw->gw[e + (size_t)E * none] += w_product * total;
    }
  }
}

static void backward(const darts_shape *s, int darts_type, const darts_params *p,
                     batch_work *bw, darts_grads *g) {
  int E = s->n_edges, M = s->n_primitives, n_inputs = s->n_inputs, K = s->num_graph_nodes;
  int C = s->n_outputs, B = bw->B;
  size_t n_ops = (size_t)E * M;
  zero(g->theta, 2 * n_ops);
  zero(bw->gw, n_ops);

  /* Output layer: classifier gradients and the gradient reaching each node. */
  for (int j = 0; j < K; j++) {
    const double *node = bw->states + (size_t)(n_inputs + j) * B;
    double *gnode = bw->gstates + (size_t)(n_inputs + j) * B;
    memset(gnode, 0, sizeof(double) * B);
    for (int c = 0; c < C; c++) {
      const double *gout = bw->gout + (size_t)c * B;
      double wcj = p->weight[c + C * j];
      g->weight[c + C * j] = darts_dot(gout, node, B);
      for (int b = 0; b < B; b++) gnode[b] += wcj * gout[b];
    }
  }
  for (int c = 0; c < C; c++) {
    double total = 0;
    for (int b = 0; b < B; b++) total += bw->gout[b + (size_t)c * B];
    g->bias[c] = total;
  }

  /* Hidden nodes from last to first: a node's gradient is complete once every
   * later node has passed its share back along the edges it receives. */
  for (int j = K - 1; j >= 0; j--) {
    if (darts_node_multiplies(s, p, j)) {
      backward_multiplying_node(s, darts_type, p, bw, g, j);
      continue;
    }
    const double *gnode = bw->gstates + (size_t)(n_inputs + j) * B;
    int e0 = darts_first_edge(n_inputs, j);
    for (int src = 0; src < n_inputs + j; src++) {
      int e = e0 + src;
      const double *in = bw->states + (size_t)src * B;
      double *gsrc = src >= n_inputs ? bw->gstates + (size_t)src * B : NULL;
      for (int m = first_op(p, e); m < end_op(s, p, e); m++) {
        edge_op_backward(s, p, bw, g, e, m, gnode, in, gsrc);
      }
    }
  }

  if (!g->alphas) return;
  for (int e = 0; e < E; e++) {
    if (darts_type == DARTS_FAIR) {
      for (int m = 0; m < M; m++) {
        double w = bw->w[e + E * m];
        g->alphas[e + E * m] = bw->gw[e + E * m] * w * (1 - w);
      }
    } else {
      double mean = 0;
      for (int m = 0; m < M; m++) mean += bw->w[e + E * m] * bw->gw[e + E * m];
      for (int m = 0; m < M; m++) {
        g->alphas[e + E * m] = bw->w[e + E * m] * (bw->gw[e + E * m] - mean);
      }
    }
  }
}

double darts_loss_grad(const darts_shape *shape, const darts_config *config,
                       const darts_params *params, const darts_data *data,
                       const int *idx, int b, double *work, darts_grads *grads) {
  batch_work bw = carve(shape, b, 1, work);
  mixture_weights(shape, config->darts_type, params, bw.w);
  if (shape->product_nodes && !params->architecture) {
    node_kind_weights(shape, config->darts_type, params, bw.node_w);
  }
  gather_inputs(shape, data, idx, 0, &bw);
  forward(shape, params, &bw, grads != NULL, grads != NULL && grads->alphas != NULL);
  double loss = output_loss(shape, config, data, idx, &bw);
  if (grads) backward(shape, config->darts_type, params, &bw, grads);
  return loss;
}

/* The output function: identity, logistic, or softmax across outputs. */
static void apply_output_function(int output_type, int C, int B, double *out) {
  if (output_type == OUTPUT_REAL) return;
  if (output_type != OUTPUT_PROBABILITY_DISTRIBUTION) {
    for (size_t i = 0; i < (size_t)C * B; i++) out[i] = darts_logistic(out[i]);
    return;
  }
  for (int b = 0; b < B; b++) {
    double top;
    darts_softmax(out + b, C, B, out + b, &top);
  }
}

void darts_predict(const darts_shape *shape, int output_type, const darts_params *model,
                   const darts_data *data, double *work, int chunk, double *out) {
  int C = shape->n_outputs;
  for (int start = 0; start < data->n; start += chunk) {
    int B = data->n - start < chunk ? data->n - start : chunk;
    batch_work bw = carve(shape, B, 0, work);
    mixture_weights(shape, DARTS_ORIGINAL, model, bw.w);
    gather_inputs(shape, data, NULL, start, &bw);
    forward(shape, model, &bw, 0, 0);
    apply_output_function(output_type, C, B, bw.out);
    for (int c = 0; c < C; c++) {
      memcpy(out + start + (size_t)data->n * c, bw.out + (size_t)c * B,
             sizeof(double) * B);
    }
  }
}
