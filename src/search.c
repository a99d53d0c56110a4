/* The search: architecture and parameter phases for max_epochs epochs, then the
 * sampled architecture and its parameter fit (first-order DARTS as AutoRA runs
 * it, except that parameter phases always run). */
#include <math.h>
#include <string.h>

#include "engine.h"
#include "optim.h"
#include "workspace.h"

/* How often the search checks for an interrupt and reports progress: after
 * this many primitive evaluations (rows times the primitives a step
 * evaluates), a few milliseconds, whatever the size of the graph. */
#define TICK_WORK 1048576.0
/* Adam's first-moment decay: 0.5 for the architecture weights, as DARTS and
 * the reference run them (betas 0.5 and 0.999); PyTorch's default 0.9 for the
 * mixture's parameters. */
#define ARCH_ADAM_BETA1 0.5
#define PARAM_ADAM_BETA1 0.9

/* Rows shuffled once per phase and cycled in batches, like a fresh
 * itertools.cycle over a shuffling DataLoader in the reference. The shuffle is
 * lazy: each batch finishes the Fisher-Yates steps for its own positions, so a
 * phase costs O(steps x batch size), not O(n), and time per step does not grow
 * with the number of rows. Positions shuffled earlier in the phase are reused
 * as they are when the batches cycle. */
typedef struct {
  int *perm;     /* a permutation of its n rows, in order at the start of a search */
  int n;
  int batch_size;
  int pos;       /* start of the next batch */
  int shuffled;  /* positions 0..shuffled-1 are fixed for this phase */
  int *draws;    /* batch_size: one batch's Fisher-Yates draws */
} batcher;

/* A batcher over rows first .. first + n - 1, whose order lives in perm. */
static void batcher_init(batcher *bt, int *perm, int *draws, int first, int n,
                         int batch_size) {
  bt->perm = perm;
  bt->draws = draws;
  bt->n = n;
  bt->batch_size = batch_size < n ? batch_size : n;
  for (int i = 0; i < n; i++) bt->perm[i] = first + i;
  bt->pos = 0;
  bt->shuffled = 0;
}

/* Starts a new phase, which hands the rows out in a new random order: no row
 * is moved here; batcher_next() shuffles as it goes (a Fisher-Yates shuffle
 * drawn batch by batch, so a phase of few steps draws only what it uses).
 * Fisher-Yates from any permutation gives a uniformly random one, so the
 * previous phase's order is a fine start. */
static void batcher_start_phase(batcher *bt) {
  bt->pos = 0;
  bt->shuffled = 0;
}

/* The next batch (the last of a pass may be short); returns its size. */
static int batcher_next(batcher *bt, const darts_callbacks *cb, const int **idx) {
  int b = bt->n - bt->pos < bt->batch_size ? bt->n - bt->pos : bt->batch_size;
  /* All of the batch's draws first, then its swaps: with many rows every swap
   * misses the cache, and in a loop of their own the misses overlap instead of
   * waiting one by one behind the random number generator. */
  const int first = bt->shuffled, last = bt->pos + b;
  for (int i = first; i < last; i++) {
    int j = i + (int)(cb->unif_rand(cb->ctx) * (bt->n - i));
    bt->draws[i - first] = j < bt->n ? j : bt->n - 1;
  }
  for (int i = first; i < last; i++) {
    int j = bt->draws[i - first];
    int tmp = bt->perm[i];
    bt->perm[i] = bt->perm[j];
    bt->perm[j] = tmp;
  }
  if (bt->pos + b > bt->shuffled) bt->shuffled = bt->pos + b;
  *idx = bt->perm + bt->pos;
  bt->pos += b;
  if (bt->pos >= bt->n) bt->pos = 0;
  return b;
}

/* The arrays a search works in, carved from the caller's memory. */
typedef struct {
  double *net_work; /* one batch's darts_loss_grad() workspace */
  darts_grads grads;
  /* theta, weight, bias: SGD's momentum buffer or Adam's first moment, and in
   * the same layout Adam's second moment */
  double *first_moment;
  double *second_moment;
  double *arch_first_moment;  /* E x M: the architecture's Adam */
  double *arch_second_moment; /* E x M */
  double *decay; /* E x M architecture decay per step */
  /* Product nodes only (NULL otherwise): the nodes' kind weights' Adam and
   * decay, K x NODE_KIND_COUNT each. */
  double *node_first_moment;
  double *node_second_moment;
  double *node_decay;
  int *rows; /* n: the batchers' orders of the rows, at the end the rows in order */
  int *theta_mask;
  int *weight_mask;
  int *bias_mask;
  int *draws; /* the batchers take turns, so they share one array of draws */
} search_arrays;

/* Everything a search works with. */
typedef struct {
  const darts_shape *shape;
  const darts_config *config;
  const darts_data *data;
  const darts_callbacks *cb;
  search_arrays a;
  /* the architecture's Adam, over a.arch_first_moment and a.arch_second_moment */
  darts_adam adam;
  /* the same for the nodes' kind weights (product nodes only) */
  darts_adam node_adam;
  /* Without a validation split, one batcher serves every phase; with one, the
   * architecture steps draw from the validation rows (the last n - n_train),
   * the parameter phases from the training rows, the sampled model from all. */
  batcher train_rows;
  batcher valid_rows;
  batcher all_rows;
  batcher *arch_batches;
  batcher *param_batches;
  double steps_done;
  double steps_total;
  double work; /* primitive evaluations since the last tick */
  /* The epochs since the last history record: their number and loss sums. */
  int epochs_unrecorded;
  double loss_sum;
  double arch_loss_sum;
} search_state;

static size_t n_ops(const darts_shape *s) {
  return (size_t)s->n_edges * s->n_primitives;
}
static size_t n_classifier(const darts_shape *s) {
  return (size_t)s->n_outputs * s->num_graph_nodes;
}

/* The nodes' kind weights: K x NODE_KIND_COUNT where nodes may multiply, else
 * none. */
static size_t n_node_alphas(const darts_shape *s) {
  return s->product_nodes ? (size_t)s->num_graph_nodes * NODE_KIND_COUNT : 0;
}

static int effective_batch(int batch_size, int n) {
  return batch_size < n ? batch_size : n;
}

/* The one layout of a search's workspace (see workspace.h): its size too.
 * The polish that may follow has a workspace of its own, sized for the
 * sampled model (darts_search_polish_workspace()). */
static search_arrays lay_out_search(const darts_shape *s, int n, int batch_size,
                                    darts_carver *cv) {
  size_t ops = n_ops(s), cls = n_classifier(s), C = s->n_outputs;
  size_t n_params = 2 * ops + cls + C; /* theta, weight, bias */
  int B = effective_batch(batch_size, n);
  search_arrays a;
  a.net_work = darts_take_doubles(cv, darts_workspace_doubles(s, B));
  a.grads.alphas = darts_take_doubles(cv, ops);
  a.grads.theta = darts_take_doubles(cv, 2 * ops);
  a.grads.weight = darts_take_doubles(cv, cls);
  a.grads.bias = darts_take_doubles(cv, C);
  a.first_moment = darts_take_doubles(cv, n_params);
  a.second_moment = darts_take_doubles(cv, n_params);
  a.arch_first_moment = darts_take_doubles(cv, ops);
  a.arch_second_moment = darts_take_doubles(cv, ops);
  a.decay = darts_take_doubles(cv, ops);
  a.grads.node_alphas = NULL;
  a.node_first_moment = a.node_second_moment = a.node_decay = NULL;
  if (s->product_nodes) {
    size_t nodes = n_node_alphas(s);
    a.grads.node_alphas = darts_take_doubles(cv, nodes);
    a.node_first_moment = darts_take_doubles(cv, nodes);
    a.node_second_moment = darts_take_doubles(cv, nodes);
    a.node_decay = darts_take_doubles(cv, nodes);
  }
  a.rows = darts_take_ints(cv, n);
  a.theta_mask = darts_take_ints(cv, 2 * ops);
  a.weight_mask = darts_take_ints(cv, cls);
  a.bias_mask = darts_take_ints(cv, C);
  a.draws = darts_take_ints(cv, B);
  return a;
}

darts_workspace_size darts_search_workspace(const darts_shape *s, int n, int batch_size) {
  darts_carver sizing = darts_sizing_carver();
  lay_out_search(s, n, batch_size, &sizing);
  darts_workspace_size size = {sizing.n_doubles, sizing.n_ints};
  return size;
}

/* The batchers over the rows (split for validation when n_train says so). */
static void set_up_batchers(search_state *st) {
  int n = st->data->n, n_train = st->config->n_train;
  int B = effective_batch(st->config->batch_size, n);
  int *rows = st->a.rows, *draws = st->a.draws;
  if (n_train > 0 && n_train < n) {
    batcher_init(&st->train_rows, rows, draws, 0, n_train, B);
    batcher_init(&st->valid_rows, rows + n_train, draws, n_train, n - n_train, B);
    st->arch_batches = &st->valid_rows;
    st->param_batches = &st->train_rows;
  } else {
    batcher_init(&st->all_rows, rows, draws, 0, n, B);
    st->arch_batches = st->param_batches = &st->all_rows;
  }
}

/* dof_m * arch_weight_decay_df + arch_weight_decay_base * K, and 0 for none. */
static void fill_decay(search_state *st) {
  const darts_shape *s = st->shape;
  const darts_config *c = st->config;
  int E = s->n_edges;
  for (int m = 0; m < s->n_primitives; m++) {
    int code = s->primitives[m];
    double d = 0;
    if (code != PRIM_NONE) {
      int dof = 1 + darts_primitive_n_params(code);
      d = dof * c->arch_weight_decay_df + c->arch_weight_decay_base * s->num_graph_nodes;
    }
    for (int e = 0; e < E; e++) st->a.decay[e + E * m] = d;
  }
  /* A node kind's degrees of freedom: 0 for a sum (as for "none", the
   * reference's node), 1 for a product, the operation it adds. */
  int K = s->num_graph_nodes;
  for (size_t i = 0; i < n_node_alphas(s); i++) {
    int kind = (int)(i / K);
    st->a.node_decay[i] = kind == NODE_SUM ? 0
                                           : c->arch_weight_decay_df +
                                                 c->arch_weight_decay_base * K;
  }
}

/* Which parameters a phase trains: every parameter of every primitive on every
 * edge for the mixture, only the chosen primitive's for a sampled model, and the
 * classifier entries the user unfroze. */
static void fill_masks(search_state *st, const int *architecture) {
  const darts_shape *s = st->shape;
  int E = s->n_edges, M = s->n_primitives;
  for (int e = 0; e < E; e++) {
    for (int m = 0; m < M; m++) {
      int n_params = darts_primitive_n_params(s->primitives[m]);
      int used = architecture == NULL || architecture[e] == m;
      st->a.theta_mask[e + E * m] = used && n_params >= 1;
      st->a.theta_mask[e + E * (m + M)] = used && n_params >= 2;
    }
  }
  for (size_t i = 0; i < n_classifier(s); i++) {
    st->a.weight_mask[i] = st->config->train_classifier_coefficients;
  }
  for (int c = 0; c < s->n_outputs; c++) {
    st->a.bias_mask[c] = st->config->train_classifier_bias;
  }
}

/* Called every step with its work (rows times primitives evaluated): reports
 * progress and asks about interrupts once TICK_WORK is done. */
static int tick(search_state *st, double work) {
  st->steps_done++;
  st->work += work;
  if (st->work < TICK_WORK) return 0;
  st->work = 0;
  if (st->cb->progress) st->cb->progress(st->cb->ctx, st->steps_done, st->steps_total);
  return st->cb->interrupted && st->cb->interrupted(st->cb->ctx);
}

/* The Fair DARTS term: -w * mean((sigmoid(alpha) - 0.5)^2) over n
 * architecture weights, added to the loss of architecture steps, with its
 * gradient added to grad. */
static double fair_penalty(search_state *st, const double *alphas, double *grad, size_t n) {
  double weight = st->config->fair_darts_loss_weight, total = 0;
  for (size_t i = 0; i < n; i++) {
    double s = darts_logistic(alphas[i]);
    total += (s - 0.5) * (s - 0.5);
    grad[i] -= weight * 2 * (s - 0.5) * s * (1 - s) / n;
  }
  return -weight * total / n;
}

static int arch_step(search_state *st, darts_params *mixture, double *loss) {
  const darts_config *c = st->config;
  const int *idx;
  int b = batcher_next(st->arch_batches, st->cb, &idx);
  *loss = darts_loss_grad(st->shape, c, mixture, st->data, idx, b, st->a.net_work,
                          &st->a.grads);
  size_t ops = n_ops(st->shape), nodes = n_node_alphas(st->shape);
  if (c->darts_type == DARTS_FAIR) {
    *loss += fair_penalty(st, mixture->alphas, st->a.grads.alphas, ops);
    if (nodes > 0) {
      *loss += fair_penalty(st, mixture->node_alphas, st->a.grads.node_alphas, nodes);
    }
  }
  if (!isfinite(*loss)) return DARTS_NONFINITE_LOSS;
  for (size_t i = 0; i < ops; i++) {
    mixture->alphas[i] -= c->arch_learning_rate_max * st->a.decay[i];
  }
  darts_adam_step(&st->adam, mixture->alphas, st->a.grads.alphas, ops, ARCH_ADAM_BETA1,
                  c->arch_learning_rate_max, c->arch_weight_decay);
  if (nodes > 0) {
    for (size_t i = 0; i < nodes; i++) {
      mixture->node_alphas[i] -= c->arch_learning_rate_max * st->a.node_decay[i];
    }
    darts_adam_step(&st->node_adam, mixture->node_alphas, st->a.grads.node_alphas, nodes,
                    ARCH_ADAM_BETA1, c->arch_learning_rate_max, c->arch_weight_decay);
  }
  return DARTS_OK;
}

/* The classifier shrinks by classifier_weight_decay * lr * |w| towards 0. */
static void decay_classifier(search_state *st, darts_params *p, double lr) {
  double shrink = 1 - st->config->classifier_weight_decay * lr;
  for (size_t i = 0; i < n_classifier(st->shape); i++) {
    if (st->a.weight_mask[i]) p->weight[i] *= shrink;
  }
  for (int c = 0; c < st->shape->n_outputs; c++) {
    if (st->a.bias_mask[c]) p->bias[c] *= shrink;
  }
}

/* A parameter phase: a fresh optimiser (Adam or SGD for the mixture, as
 * param_optimizer says; SGD for a sampled model) over the masked parameters of
 * p for n_steps cosine-annealed steps. Writes each step's loss to step_loss
 * (if not NULL) and their mean to *mean_loss. */
static int param_phase(search_state *st, batcher *rows, darts_params *p, int n_steps,
                       double *step_loss, double *mean_loss) {
  const darts_config *c = st->config;
  size_t ops = n_ops(st->shape), cls = n_classifier(st->shape);
  darts_grads grads = st->a.grads;
  grads.alphas = NULL;
  grads.node_alphas = NULL;
  darts_block blocks[3] = {
      {p->theta, grads.theta, st->a.first_moment, st->a.theta_mask, 2 * ops},
      {p->weight, grads.weight, st->a.first_moment + 2 * ops, st->a.weight_mask, cls},
      {p->bias, grads.bias, st->a.first_moment + 2 * ops + cls, st->a.bias_mask,
       (size_t)st->shape->n_outputs}};
  size_t n_params = 2 * ops + cls + st->shape->n_outputs;
  memset(st->a.first_moment, 0, sizeof(double) * n_params);
  memset(st->a.second_moment, 0, sizeof(double) * n_params);
  /* Adam, when asked for, serves the mixture's phases; the sampled model keeps
   * SGD, whose steps the polish (polish_iterations), or the R side's
   * refinement, which refits every candidate, then finishes. */
  int use_adam = c->param_optimizer == OPTIMIZER_ADAM && p->architecture == NULL;
  int adam_step = 0;
  /* A sampled model evaluates one primitive per edge, the mixture all of them. */
  double evaluations = p->architecture ? st->shape->n_edges : (double)ops;
  batcher_start_phase(rows);
  double total = 0;
  for (int t = 0; t < n_steps; t++) {
    const int *idx;
    int b = batcher_next(rows, st->cb, &idx);
    double loss =
        darts_loss_grad(st->shape, c, p, st->data, idx, b, st->a.net_work, &grads);
    double norm = darts_grad_norm(blocks, 3);
    if (!isfinite(loss) || !isfinite(norm)) return DARTS_NONFINITE_LOSS;
    double lr = darts_cosine_lr(c->param_learning_rate_max, c->param_learning_rate_min, t,
                                n_steps);
    double clip = darts_clip_factor(norm, c->grad_clip);
    if (use_adam) {
      darts_adam_blocks_step(blocks, 3, st->a.second_moment, ++adam_step,
                             PARAM_ADAM_BETA1, lr, c->param_weight_decay, clip);
    } else {
      darts_sgd_step(blocks, 3, lr, c->param_momentum, c->param_weight_decay, clip);
    }
    decay_classifier(st, p, lr);
    total += loss;
    if (step_loss) step_loss[t] = loss;
    if (tick(st, b * evaluations)) return DARTS_INTERRUPTED;
  }
  *mean_loss = n_steps > 0 ? total / n_steps : NAN;
  return DARTS_OK;
}

static int all_finite(const double *v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(v[i])) return 0;
  }
  return 1;
}

/* A step checks its loss and gradient, not the values it writes: huge learning
 * rates or decays can still overflow a parameter, or leave one the loss never
 * sees non-finite. Checked after every phase. */
static int params_finite(const search_state *st, const darts_params *p) {
  size_t ops = n_ops(st->shape);
  return (p->alphas == NULL || all_finite(p->alphas, ops)) &&
         (p->node_alphas == NULL || all_finite(p->node_alphas, n_node_alphas(st->shape))) &&
         all_finite(p->theta, 2 * ops) && all_finite(p->weight, n_classifier(st->shape)) &&
         all_finite(p->bias, st->shape->n_outputs);
}

/* One epoch; its mean losses of the parameter and the architecture steps go
 * to *loss and *arch_loss. */
static int run_epoch(search_state *st, darts_params *mixture, darts_trace *trace,
                     double *loss, double *arch_loss) {
  const darts_config *c = st->config;
  double arch_total = 0, step_loss;
  double evaluations = (double)st->arch_batches->batch_size * n_ops(st->shape);
  batcher_start_phase(st->arch_batches);
  for (int a = 0; a < c->arch_updates_per_epoch; a++) {
    int status = arch_step(st, mixture, &step_loss);
    if (status != DARTS_OK) {
      trace->failed_phase = PHASE_ARCH;
      return status;
    }
    arch_total += step_loss;
    if (tick(st, evaluations)) return DARTS_INTERRUPTED;
  }
  fill_masks(st, NULL);
  int status =
      param_phase(st, st->param_batches, mixture, c->param_updates_per_epoch, NULL, loss);
  if (status != DARTS_OK) {
    trace->failed_phase = PHASE_PARAM;
    return status;
  }
  if (!params_finite(st, mixture)) {
    trace->failed_phase = PHASE_PARAM;
    return DARTS_NONFINITE_LOSS;
  }
  *arch_loss =
      c->arch_updates_per_epoch > 0 ? arch_total / c->arch_updates_per_epoch : NAN;
  return DARTS_OK;
}

/* The epoch the history's record `slot` is of (1-based): of max_epochs
 * epochs and n_history records, the last of each of n_history equal runs of
 * epochs, so that the records are evenly spaced and the last is the last
 * epoch. Every epoch when n_history = max_epochs. */
static int recorded_epoch(int slot, int max_epochs, int n_history) {
  return (int)(((long long)(slot + 1) * max_epochs) / n_history);
}

/* Adds the epoch (1-based) to the history: its losses to the current run's
 * sums, and at the run's last epoch a record of the run's mean losses and
 * the architecture weights (of the edges, and of the nodes' kinds) after it. */
static void record_epoch(search_state *st, const darts_params *mixture, int epoch,
                         double loss, double arch_loss, darts_trace *trace) {
  st->epochs_unrecorded++;
  st->loss_sum += loss;
  st->arch_loss_sum += arch_loss;
  int slot = trace->n_recorded;
  if (slot >= trace->n_history ||
      epoch != recorded_epoch(slot, st->config->max_epochs, trace->n_history)) {
    return;
  }
  size_t ops = n_ops(st->shape), nodes = n_node_alphas(st->shape);
  trace->history_epoch[slot] = epoch;
  trace->loss[slot] = st->loss_sum / st->epochs_unrecorded;
  trace->arch_loss[slot] = st->arch_loss_sum / st->epochs_unrecorded;
  memcpy(trace->alphas + ops * slot, mixture->alphas, sizeof(double) * ops);
  if (nodes > 0) {
    memcpy(trace->node_alphas + nodes * slot, mixture->node_alphas, sizeof(double) * nodes);
  }
  trace->n_recorded = slot + 1;
  st->epochs_unrecorded = 0;
  st->loss_sum = st->arch_loss_sum = 0;
}

/* The choice among n options whose architecture weights are v[0], v[stride],
 * ...: the largest ("max"), or a draw from their softmax ("sample"). */
static int sample_choice(search_state *st, const double *v, int n, size_t stride) {
  int best = 0;
  for (int m = 1; m < n; m++) {
    if (v[m * stride] > v[best * stride]) best = m;
  }
  if (st->config->sampling_strategy != SAMPLING_SAMPLE) return best;
  /* inverse transform sampling on the unnormalised weights e^(alpha - top) */
  double top, total = darts_softmax(v, n, stride, NULL, &top);
  double u = st->cb->unif_rand(st->cb->ctx) * total, acc = 0;
  for (int m = 0; m < n; m++) {
    acc += exp(v[m * stride] - top);
    if (u < acc) return m;
  }
  return best;
}

/* One primitive per edge, then, where nodes may multiply, one kind per node. */
static void sample_architecture(search_state *st, const darts_params *mixture,
                                darts_params *model) {
  int E = st->shape->n_edges, K = st->shape->num_graph_nodes;
  for (int e = 0; e < E; e++) {
    model->architecture[e] = sample_choice(st, mixture->alphas + e, st->shape->n_primitives, E);
  }
  if (!model->node_kinds) return;
  for (int j = 0; j < K; j++) {
    model->node_kinds[j] = st->shape->product_nodes
                               ? sample_choice(st, mixture->node_alphas + j, NODE_KIND_COUNT, K)
                               : NODE_SUM;
  }
}

/* Whether the sampled model's loss on every row is finite. A step sees only
 * its batch, and after few steps (or none) a row on which the model overflows
 * can go unseen; a model that is not finite on its own training rows is a
 * failed search, not an answer. */
static int finite_on_every_row(search_state *st, const darts_params *model) {
  int n = st->data->n, B = effective_batch(st->config->batch_size, n);
  int *rows = st->a.rows;
  for (int i = 0; i < n; i++) rows[i] = i;
  for (int start = 0; start < n; start += B) {
    int b = n - start < B ? n - start : B;
    double loss = darts_loss_grad(st->shape, st->config, model, st->data, rows + start, b,
                                  st->a.net_work, NULL);
    if (!isfinite(loss)) return 0;
  }
  return 1;
}

int darts_search(const darts_shape *shape, const darts_config *config,
                 const darts_data *data, darts_params *mixture, darts_params *model,
                 darts_trace *trace, const darts_callbacks *cb, double *work, int *iwork) {
  search_state st = {.shape = shape, .config = config, .data = data, .cb = cb};
  darts_carver cv = darts_carver_over(work, iwork);
  st.a = lay_out_search(shape, data->n, config->batch_size, &cv);
  set_up_batchers(&st);
  darts_adam_start(&st.adam, st.a.arch_first_moment, st.a.arch_second_moment,
                   n_ops(shape));
  if (shape->product_nodes) {
    darts_adam_start(&st.node_adam, st.a.node_first_moment, st.a.node_second_moment,
                     n_node_alphas(shape));
  }
  fill_decay(&st);
  st.steps_total = (double)config->max_epochs *
                       (config->arch_updates_per_epoch + config->param_updates_per_epoch) +
                   config->param_updates_for_sampled_model;
  trace->epochs_done = 0;
  trace->polish_iterations = 0;
  trace->polish_loss_before = trace->polish_loss_after = NAN;
  trace->failed_epoch = 0;
  trace->failed_phase = PHASE_ARCH;
  trace->n_recorded = 0;

  for (int epoch = 0; epoch < config->max_epochs; epoch++) {
    double loss, arch_loss;
    int status = run_epoch(&st, mixture, trace, &loss, &arch_loss);
    if (status != DARTS_OK) {
      trace->failed_epoch = epoch + 1;
      return status;
    }
    record_epoch(&st, mixture, epoch + 1, loss, arch_loss, trace);
    trace->epochs_done = epoch + 1;
    if (cb->progress) cb->progress(cb->ctx, st.steps_done, st.steps_total);
    if (cb->interrupted && cb->interrupted(cb->ctx)) return DARTS_INTERRUPTED;
  }

  size_t ops = n_ops(shape), cls = n_classifier(shape);
  sample_architecture(&st, mixture, model);
  memcpy(model->theta, mixture->theta, sizeof(double) * 2 * ops);
  memcpy(model->weight, mixture->weight, sizeof(double) * cls);
  memcpy(model->bias, mixture->bias, sizeof(double) * shape->n_outputs);
  fill_masks(&st, model->architecture);
  double mean_loss;
  /* The sampled model is fitted on every row: the split was for choosing it. */
  if (st.arch_batches != st.param_batches) {
    batcher_init(&st.all_rows, st.a.rows, st.a.draws, 0, data->n, config->batch_size);
  }
  int status = param_phase(&st, st.param_batches == st.arch_batches ? st.param_batches
                                                                       : &st.all_rows,
                           model, config->param_updates_for_sampled_model,
                           trace->sampled_loss, &mean_loss);
  if (status == DARTS_OK &&
      !(params_finite(&st, model) && finite_on_every_row(&st, model))) {
    status = DARTS_NONFINITE_LOSS;
  }
  if (status != DARTS_OK) {
    trace->failed_phase = PHASE_SAMPLED;
    return status;
  }
  return DARTS_OK;
}

/* The search polishes its sampled model when the config says so and the
 * model has few enough coefficients: the polish's Gauss-Newton matrix grows
 * with their square and its work with their square times the rows, so a
 * sampled model of a large graph with most edges in use (thousands of
 * coefficients) would take gigabytes and hours. */
static int search_polishes(const darts_shape *shape, const darts_config *config,
                           const darts_params *model) {
  return config->polish_iterations > 0 &&
         darts_polish_n_coefficients(shape, config, model, NULL) <=
             DARTS_SEARCH_POLISH_MAX_COEFFICIENTS;
}

darts_workspace_size darts_search_polish_workspace(const darts_shape *shape,
                                                   const darts_config *config,
                                                   const darts_params *model) {
  darts_workspace_size none = {0, 0};
  if (!search_polishes(shape, config, model)) return none;
  return darts_polish_model_workspace(shape, config, model, NULL);
}

int darts_search_polish(const darts_shape *shape, const darts_config *config,
                        const darts_data *data, darts_params *model, darts_trace *trace,
                        const darts_callbacks *cb, double *work, int *iwork) {
  if (!search_polishes(shape, config, model)) return DARTS_OK;
  darts_polish_result polish;
  int status = darts_polish(shape, config, model, NULL, data, config->polish_iterations, cb, work,
                            iwork, &polish);
  trace->polish_iterations = polish.iterations;
  trace->polish_loss_before = polish.loss_before;
  trace->polish_loss_after = polish.loss_after;
  return status;
}
