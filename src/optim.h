/* Optimisers used by search.c; plain C99. */
#ifndef DARTSR_OPTIM_H
#define DARTSR_OPTIM_H

#include <stddef.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A run of parameters with their gradients and momentum buffers; `trainable`
 * (NULL: all) masks the entries a phase may change. */
typedef struct {
  double *value;
  const double *grad;
  double *velocity;
  const int *trainable;
  size_t n;
} darts_block;

typedef struct {
  double *m;
  double *v;
  int t;
} darts_adam;

double darts_cosine_lr(double lr_max, double lr_min, int step, int n_steps);
double darts_grad_norm(const darts_block *blocks, int n_blocks);
double darts_clip_factor(double norm, double max_norm);
void darts_sgd_step(darts_block *blocks, int n_blocks, double lr, double momentum,
                    double weight_decay, double grad_scale);
void darts_adam_blocks_step(darts_block *blocks, int n_blocks, double *second, int t,
                            double lr, double weight_decay, double grad_scale);
/* An Adam over n values with its moments in m and v, both zeroed. */
void darts_adam_start(darts_adam *adam, double *m, double *v, size_t n);
void darts_adam_step(darts_adam *adam, double *x, const double *grad, size_t n, double lr,
                     double weight_decay);

#endif
