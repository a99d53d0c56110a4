/* The output layer solved, not searched: an output is linear in its weights
 * and bias (out = bias + sum_j w_j k_j), so for a real output fitted by least
 * squares their best values given the hidden nodes are a linear least-squares
 * problem. The refinement starts every candidate from them: from a neutral
 * weight of 1, a law that needs a negative one must pass through 0, where the
 * gradient of its node's own coefficients vanishes.
 *
 * Solved by Householder QR of the (weighted) design of the free entries' node
 * columns and a column of ones, as R's lm() would: a column that depends on
 * the ones before it (a node that is 0 on the rows, or repeats another) gets
 * the coefficient 0, as R's qr.coef() gives NA for it. */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "workspace.h"

/* A column counts as dependent when its part orthogonal to the columns before
 * it is this small relative to its own size (R's qr() tolerance). */
#define OUTPUT_LAYER_TOLERANCE 1e-7

typedef struct {
  double *nodes;       /* n x K: the hidden nodes' values */
  double *design;      /* n x (K + 1) */
  double *target;      /* n */
  double *probe_weight; /* K x K identity */
  double *probe_bias;  /* K zeros */
  double *predict_work;
  double *coef;        /* K + 1 */
  int *column;         /* K + 1: which entry each design column is (K: the bias) */
  int *row_of;         /* K + 1: each design column's row of R (-1: dependent) */
} output_layer_work;

static int prediction_chunk(int n) {
  return n < 1024 ? (n > 0 ? n : 1) : 1024;
}

/* The shape whose outputs are the hidden nodes themselves. */
static darts_shape probe_shape(const darts_shape *s) {
  darts_shape probe = *s;
  probe.n_outputs = s->num_graph_nodes;
  return probe;
}

static output_layer_work lay_out_output_layer(const darts_shape *s, int n, darts_carver *cv) {
  size_t K = s->num_graph_nodes;
  darts_shape probe = probe_shape(s);
  output_layer_work w;
  w.nodes = darts_take_doubles(cv, (size_t)n * K);
  w.design = darts_take_doubles(cv, (size_t)n * (K + 1));
  w.target = darts_take_doubles(cv, n);
  w.probe_weight = darts_take_doubles(cv, K * K);
  w.probe_bias = darts_take_doubles(cv, K);
  w.predict_work = darts_take_doubles(cv, darts_prediction_doubles(&probe, prediction_chunk(n)));
  w.coef = darts_take_doubles(cv, K + 1);
  w.column = darts_take_ints(cv, K + 1);
  w.row_of = darts_take_ints(cv, K + 1);
  return w;
}

darts_workspace_size darts_output_layer_workspace(const darts_shape *shape, int n) {
  darts_carver sizing = darts_sizing_carver();
  lay_out_output_layer(shape, n, &sizing);
  darts_workspace_size size = {sizing.n_doubles, sizing.n_ints};
  return size;
}

/* Least squares of target on the q columns of design (n rows, leading
 * dimension n), both overwritten: Householder QR, column by column; a column
 * whose part orthogonal to the ones before it is negligible is dependent and
 * gets the coefficient 0. row_of (q) records each column's row of R. */
static void least_squares(double *design, double *target, int n, int q, int *row_of,
                          double *coef) {
  int rank = 0;
  for (int j = 0; j < q; j++) {
    double *col = design + (size_t)n * j;
    row_of[j] = -1;
    /* Column j has had the reflectors of the columns before it applied: its
     * rows below `rank` are its part orthogonal to them. */
    double whole = 0, part = 0;
    for (int r = 0; r < n; r++) whole += col[r] * col[r];
    for (int r = rank; r < n; r++) part += col[r] * col[r];
    if (rank >= n || !(sqrt(part) > OUTPUT_LAYER_TOLERANCE * sqrt(whole))) continue;
    double norm = sqrt(part);
    double alpha = col[rank] >= 0 ? -norm : norm;
    /* the reflector v = x - alpha e_rank over rows rank.. */
    col[rank] -= alpha;
    double v_squared = 0;
    for (int r = rank; r < n; r++) v_squared += col[r] * col[r];
    for (int k = j + 1; k <= q; k++) {
      double *other = k < q ? design + (size_t)n * k : target;
      double dot = 0;
      for (int r = rank; r < n; r++) dot += col[r] * other[r];
      double f = 2 * dot / v_squared;
      for (int r = rank; r < n; r++) other[r] -= f * col[r];
    }
    col[rank] = alpha; /* R's diagonal entry */
    row_of[j] = rank++;
  }
  for (int j = q - 1; j >= 0; j--) {
    coef[j] = 0;
    if (row_of[j] < 0) continue;
    int row = row_of[j];
    double v = target[row];
    for (int k = j + 1; k < q; k++) {
      if (row_of[k] >= 0) v -= design[row + (size_t)n * k] * coef[k];
    }
    coef[j] = v / design[row + (size_t)n * j];
  }
}

/* Whether output c's weight of node j is free (free_classifier as for
 * darts_polish()). */
static int weight_is_free(const darts_config *config, const int *free_classifier, int C, int c,
                          int j) {
  return config->train_classifier_coefficients &&
         (!free_classifier || free_classifier[c + C * j]);
}

int darts_solve_output_layer(const darts_shape *s, const darts_config *config,
                             darts_params *model, const int *free_classifier,
                             const darts_data *d, double *work, int *iwork) {
  if (config->output_type != OUTPUT_REAL || darts_fitted_loss(config) != LOSS_SQUARED) return 0;
  int n = d->n, K = s->num_graph_nodes, C = s->n_outputs;
  darts_carver cv = darts_carver_over(work, iwork);
  output_layer_work w = lay_out_output_layer(s, n, &cv);

  darts_shape probe = probe_shape(s);
  for (int i = 0; i < K * K; i++) w.probe_weight[i] = 0;
  for (int j = 0; j < K; j++) w.probe_weight[j + K * j] = 1, w.probe_bias[j] = 0;
  darts_params probe_model = *model;
  probe_model.weight = w.probe_weight;
  probe_model.bias = w.probe_bias;
  darts_predict(&probe, OUTPUT_REAL, &probe_model, d, w.predict_work, prediction_chunk(n),
                w.nodes);
  for (size_t i = 0; i < (size_t)n * K; i++) {
    if (!isfinite(w.nodes[i])) return 0;
  }

  int solved = 0;
  int *columns = w.column;
  for (int c = 0; c < C; c++) {
    int q = 0;
    for (int j = 0; j < K; j++) {
      if (weight_is_free(config, free_classifier, C, c, j)) columns[q++] = j;
    }
    int free_bias = config->train_classifier_bias &&
                    (!free_classifier || free_classifier[C * K + c]);
    if (free_bias) columns[q++] = K;
    if (q == 0) continue;
    for (int r = 0; r < n; r++) {
      double scale = d->weights ? sqrt(d->weights[r]) : 1.0;
      double held = free_bias ? 0 : model->bias[c];
      for (int j = 0; j < K; j++) {
        if (!weight_is_free(config, free_classifier, C, c, j)) {
          held += model->weight[c + C * j] * w.nodes[r + (size_t)n * j];
        }
      }
      w.target[r] = scale * (d->y[r + (size_t)n * c] - held);
      for (int i = 0; i < q; i++) {
        double value = columns[i] == K ? 1.0 : w.nodes[r + (size_t)n * columns[i]];
        w.design[r + (size_t)n * i] = scale * value;
      }
    }
    least_squares(w.design, w.target, n, q, w.row_of, w.coef);
    for (int i = 0; i < q; i++) {
      if (!isfinite(w.coef[i])) continue;
      if (columns[i] == K) {
        model->bias[c] = w.coef[i];
      } else {
        model->weight[c + C * columns[i]] = w.coef[i];
      }
    }
    solved = 1;
  }
  return solved;
}
