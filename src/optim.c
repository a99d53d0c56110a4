/* The optimisers of the search, with PyTorch's semantics so that a fit reads like
 * the reference's: SGD with momentum and L2 decay, cosine annealing, global-norm
 * gradient clipping, and Adam with L2 decay (for the architecture weights, and
 * for the mixture's parameters unless param_optimizer asks for SGD). */
#include <math.h>
#include <string.h>

#include "optim.h"

/* Learning rate at step t (0-based) of an n-step cosine annealing from lr_max to
 * lr_min (torch.optim.lr_scheduler.CosineAnnealingLR in closed form). */
double darts_cosine_lr(double lr_max, double lr_min, int step, int n_steps) {
  if (n_steps <= 0) return lr_max;
  /* Halving before multiplying keeps a huge lr_max from overflowing. */
  return lr_min + (lr_max - lr_min) * (0.5 * (1 + cos(M_PI * step / n_steps)));
}

static int is_trainable(const darts_block *block, size_t i) {
  return block->trainable == NULL || block->trainable[i];
}

double darts_grad_norm(const darts_block *blocks, int n_blocks) {
  double total = 0;
  for (int k = 0; k < n_blocks; k++) {
    const darts_block *block = &blocks[k];
    for (size_t i = 0; i < block->n; i++) {
      if (is_trainable(block, i)) total += block->grad[i] * block->grad[i];
    }
  }
  return sqrt(total);
}

/* Factor that scales gradients of norm `norm` to at most `max_norm`
 * (torch.nn.utils.clip_grad_norm_). */
double darts_clip_factor(double norm, double max_norm) {
  double factor = max_norm / (norm + 1e-6);
  return factor < 1 ? factor : 1;
}

void darts_sgd_step(darts_block *blocks, int n_blocks, double lr, double momentum,
                    double weight_decay, double grad_scale) {
  for (int k = 0; k < n_blocks; k++) {
    darts_block *block = &blocks[k];
    for (size_t i = 0; i < block->n; i++) {
      if (!is_trainable(block, i)) continue;
      double g = block->grad[i] * grad_scale + weight_decay * block->value[i];
      block->first_moment[i] = momentum * block->first_moment[i] + g;
      block->value[i] -= lr * block->first_moment[i];
    }
  }
}

void darts_adam_blocks_step(darts_block *blocks, int n_blocks, double *second, int t,
                            double beta1, double lr, double weight_decay,
                            double grad_scale) {
  const double beta2 = DARTS_ADAM_BETA2, eps = 1e-8;
  double correction1 = 1 - pow(beta1, t), correction2 = 1 - pow(beta2, t);
  size_t offset = 0;
  for (int k = 0; k < n_blocks; k++) {
    darts_block *block = &blocks[k];
    double *v = second + offset;
    for (size_t i = 0; i < block->n; i++) {
      if (!is_trainable(block, i)) continue;
      double g = block->grad[i] * grad_scale + weight_decay * block->value[i];
      block->first_moment[i] = beta1 * block->first_moment[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      double denom = sqrt(v[i]) / sqrt(correction2) + eps;
      block->value[i] -= lr / correction1 * block->first_moment[i] / denom;
    }
    offset += block->n;
  }
}

void darts_adam_start(darts_adam *adam, double *m, double *v, size_t n) {
  adam->m = m;
  adam->v = v;
  adam->t = 0;
  memset(m, 0, sizeof(double) * n);
  memset(v, 0, sizeof(double) * n);
}

void darts_adam_step(darts_adam *adam, double *x, const double *grad, size_t n,
                     double beta1, double lr, double weight_decay) {
  const double beta2 = DARTS_ADAM_BETA2, eps = 1e-8;
  adam->t++;
  double correction1 = 1 - pow(beta1, adam->t);
  double correction2 = 1 - pow(beta2, adam->t);
  for (size_t i = 0; i < n; i++) {
    double g = grad[i] + weight_decay * x[i];
    adam->m[i] = beta1 * adam->m[i] + (1 - beta1) * g;
    adam->v[i] = beta2 * adam->v[i] + (1 - beta2) * g * g;
    double denom = sqrt(adam->v[i]) / sqrt(correction2) + eps;
    x[i] -= lr / correction1 * adam->m[i] / denom;
  }
}
