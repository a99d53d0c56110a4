/* Registration of the .Call entry points (defined in r_api.c). Each is
 * registered under its C name, ffi_*, which R/engine.R passes to .Call. And
 * a watch on forks (see r_api.c), set once as the package loads. */
#include <R.h>
#include <R_ext/Rdynload.h>
#include <Rinternals.h>

SEXP ffi_search(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ffi_predict(SEXP, SEXP, SEXP, SEXP);
SEXP ffi_loss_grad(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ffi_polish(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ffi_polish_starts(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP ffi_primitive_table(void);
SEXP ffi_expression_key(SEXP, SEXP);
void dartsr_watch_forks(void);

static const R_CallMethodDef call_methods[] = {
    {"ffi_search", (DL_FUNC)&ffi_search, 7},
    {"ffi_predict", (DL_FUNC)&ffi_predict, 4},
    {"ffi_loss_grad", (DL_FUNC)&ffi_loss_grad, 7},
    {"ffi_polish", (DL_FUNC)&ffi_polish, 8},
    {"ffi_polish_starts", (DL_FUNC)&ffi_polish_starts, 10},
    {"ffi_primitive_table", (DL_FUNC)&ffi_primitive_table, 0},
    {"ffi_expression_key", (DL_FUNC)&ffi_expression_key, 2},
    {NULL, NULL, 0}};

void R_init_dartsr(DllInfo *dll) {
  R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
  dartsr_watch_forks();
}
