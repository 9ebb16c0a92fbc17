#ifndef DS3KIT_CGSL_SHIM_H
#define DS3KIT_CGSL_SHIM_H
/* GSL headers used by the Swift `GSL` module, plus `static inline` accessors for GSL's algorithm-type
   descriptors: they are mutable C globals, which Swift 6 strict concurrency rejects when referenced directly. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_sf.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_version.h>

static inline const gsl_root_fsolver_type *cgsl_root_fsolver_brent(void) { return gsl_root_fsolver_brent; }
static inline const gsl_min_fminimizer_type *cgsl_min_fminimizer_brent(void) { return gsl_min_fminimizer_brent; }
static inline const gsl_multimin_fminimizer_type *cgsl_multimin_fminimizer_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}
static inline const gsl_multimin_fdfminimizer_type *cgsl_multimin_fdfminimizer_vector_bfgs2(void) {
    return gsl_multimin_fdfminimizer_vector_bfgs2;
}
static inline const char *cgsl_runtime_version(void) { return gsl_version; }

#endif
