/* Optimisers used by search.c; plain C99. */
#ifndef DARTSR_OPTIM_H
#define DARTSR_OPTIM_H

#include <stddef.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A run of parameters with their gradients and first moments; `trainable`
 * (NULL: all) masks the entries a phase may change. */
typedef struct {
  double *value;
  const double *grad;
  double *first_moment; /* SGD's momentum buffer, or Adam's first moment */
  const int *trainable;
  size_t n;
} darts_block;

/* Adam over one unmasked vector: its moments and its step count. */
typedef struct {
  double *m;
  double *v;
  int t;
} darts_adam;

/* Adam's second-moment decay (PyTorch's beta2) in both Adams; beta1 differs
 * between them and is an argument of each step. */
#define DARTS_ADAM_BETA2 0.999

double darts_cosine_lr(double lr_max, double lr_min, int step, int n_steps);
double darts_grad_norm(const darts_block *blocks, int n_blocks);
double darts_clip_factor(double norm, double max_norm);
void darts_sgd_step(darts_block *blocks, int n_blocks, double lr, double momentum,
                    double weight_decay, double grad_scale);
/* One Adam step over masked blocks: `second` holds the second moments in the
 * blocks' layout; t is the step, from 1. */
void darts_adam_blocks_step(darts_block *blocks, int n_blocks, double *second, int t,
                            double beta1, double lr, double weight_decay,
                            double grad_scale);
/* An Adam over n values with its moments in m and v, both zeroed. */
void darts_adam_start(darts_adam *adam, double *m, double *v, size_t n);
void darts_adam_step(darts_adam *adam, double *x, const double *grad, size_t n,
                     double beta1, double lr, double weight_decay);

#endif
