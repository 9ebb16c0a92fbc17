/// Which version of the tripartite model's formulas to use wherever the authors' released code and the
/// consistent mathematics disagree (reference notes `tripartite-theory.md` §9).
///
/// `.published` reproduces the notebook of Nayak & Varshney (arXiv 2410.01243, code commit 96cb370) number for
/// number; `.corrected` (the default everywhere) is the consistent mathematics. Every difference is listed in
/// `derivations/tripartite-published-vs-corrected.md`:
///
/// | §9 item | `.published` | `.corrected` |
/// |---|---|---|
/// | 2 α signs | `+` on the last term of each numerator | `−` (Amraoui–Montanari–Richardson–Urbanke) |
/// | 4/5 skill-support tail | Chernoff/Ash estimates, KL in bits exponentiated with e, 0 at a = π | exact binomial tail |
/// | 6 prerequisites | from level 11 for l > 11, none for l ≤ 11 | from level l − 1 (γ₀ = 1) |
/// | 7 task sizes n_l | 2…7, weight 1/6 (homogeneous panel: n = 7) | 2…8, weight 1/7 |
/// | 8 training error | `1 − (1−pδ)^{R−1}(1 + Rpδ)`, naive powers | `1 − (1−pδ)^{R−1}(1 + (R−1)pδ)`, log1p/expm1 |
/// | 10 skill-graph mean degree | S_l p_l | (S_l − 1) p_l |
/// | 11 q(l) | not renormalised after dropping l = 0 | renormalised over l = 1…L |
/// | 12 co-occurrence 1 − (1 − (d_t/R)²)^T | naive power | −expm1(T log1p(−(d_t/R)²)) |
/// | no tangency (x^BP = x_min) | α = 1e-5 | α = 0 (step: the infinite-length limit) |
/// | stall prefactor for ε > ε^BP (§8.3) | γ^BP = ε^BP L(y^BP) | ε L(y_ε) at the density-evolution fixed point |
public enum TripartiteMode: String, Sendable, CaseIterable, Hashable {
    /// Reproduces the authors' released notebook, quirks included.
    case published
    /// The consistent mathematics (default).
    case corrected
}
