// The umbrella module: `import DS3Kit` gives the whole public library — the special functions (GSL), the shared
// types and laws (ScalingCore), the tripartite training theory (Tripartite), the DS3 inference theory (DS3), the
// compute-optimal solvers and fits (ComputeOptimal) and the figure catalogue (Figures). Every public type name is
// unique across these modules, so nothing needs a module prefix.
@_exported import ComputeOptimal
@_exported import DS3
@_exported import Figures
@_exported import GSL
@_exported import ScalingCore
@_exported import Tripartite
