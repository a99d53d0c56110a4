/* Registration of the .Call entry points (defined in r_api.c). */
#include <R.h>
#include <R_ext/Rdynload.h>
#include <Rinternals.h>

SEXP dartsr_search(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP dartsr_predict(SEXP, SEXP, SEXP, SEXP);
SEXP dartsr_loss_grad(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);
SEXP dartsr_polish(SEXP, SEXP, SEXP, SEXP, SEXP, SEXP);

static const R_CallMethodDef call_methods[] = {
    {"dartsr_search", (DL_FUNC)&dartsr_search, 6},
    {"dartsr_predict", (DL_FUNC)&dartsr_predict, 4},
    {"dartsr_loss_grad", (DL_FUNC)&dartsr_loss_grad, 6},
    {"dartsr_polish", (DL_FUNC)&dartsr_polish, 6},
    {NULL, NULL, 0}};

void R_init_dartsr(DllInfo *dll) {
  R_registerRoutines(dll, NULL, call_methods, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
}
