import Foundation
import GSL
import RealModule

/// How the erasure left by a stalled peeling decoder — the prefactor γ of P_b = γ P_B — is evaluated.
///
/// The waterfall law describes the fate of a finite graph by an effective erasure ε' ~ N(ε, α²/n): peeling stalls
/// when ε' exceeds the (shifted) threshold ε^BP − β n^{−2/3}, which gives P_B = Q(√n(ε^BP − βn^{−2/3} − ε)/α).
/// Derivation and Monte Carlo evidence: `derivations/tripartite-finite-size-law.md`.
public enum StallModel: String, Sendable, CaseIterable {
    /// γ^BP = ε^BP L(y^BP) for every ε: the authors' code (`.published` default).
    case threshold
    /// γ evaluated by density evolution at the nominal ε: γ^BP for ε ≤ ε^BP, ε L(1 − ρ(1 − x_ε)) at the largest
    /// fixed point x_ε above it (the n → ∞ limit of `.waterfallAverage`).
    case fixedPoint
    /// The density-evolution stall residual averaged over the same effective erasure ε' that decides whether
    /// peeling stalls: δ = min(1, (1/ε) E[1{ε' > ε^BP − βn^{−2/3}} r(ε')]), r(ε') = γ^BP for ε' ≤ ε^BP,
    /// ε' L(1 − ρ(1 − x_ε')) for ε^BP < ε' < 1 and 1 above (`.corrected` default). Inside the waterfall a stalled
    /// graph has typically met a harder effective channel than ε, so it stops above the DE stall point at ε;
    /// `.fixedPoint` misses this by up to 0.08 of the concepts at R = 500 (Monte Carlo), this model by ≤ 0.006.
    case waterfallAverage

    /// The default of a mode: `.published` → `.threshold`, `.corrected` → `.waterfallAverage`.
    public static func standard(for mode: TripartiteMode) -> StallModel {
        mode == .published ? .threshold : .waterfallAverage
    }
}

extension ConceptLearning {
    /// E[1{ε' > cutoff} r(ε')] for ε' ~ N(ε, s²), s = α/√n: the numerator of δ under
    /// `StallModel.waterfallAverage`.
    ///
    /// Split at ε^BP: below it r = γ^BP (closed form through Q); above it r(ε') needs the DE fixed point and has a
    /// square-root onset (x_ε' − x^BP ∝ √(ε' − ε^BP)), removed by ε' = ε^BP + u² before `Integrate.qags`
    /// (relative tolerance 1e-10; absolute 1e-14·P_B, so that γ = δε/P_B keeps its digits when P_B is tiny). The
    /// Gaussian is cut at ε ± 10s (mass beyond: < 1e-23), or 10s above the cutoff when that is above ε + 5s (P_B
    /// then small, and the mass that matters relative to it lies beyond ε + 10s). For ε' ≥ 1 every node
    /// stays unknown, r = 1 (the limit of ε' L(y_ε') at ε' = 1).
    static func averagedStallErasure<E: DegreeEnsembleShortcuts>(
        _ ensemble: E, threshold: BPThreshold, erasure ε: Double, cutoff: Double, spread s: Double
    ) throws -> Double {
        let eBP = threshold.epsilon
        let gammaBP = try stallErasure(ensemble, threshold: threshold, erasure: eBP, mode: .corrected)
        let tail: (Double) throws -> Double = { e in try SpecialFunctions.gaussianQ((e - ε) / s) }
        let blockErasure = try tail(cutoff)  // P_B
        // r ≤ 1, so the numerator is at most P_B: nothing to integrate when P_B underflows (huge graphs far below
        // threshold, where the Gaussian has no representable mass above the cutoff).
        guard blockErasure > 0 else { return 0 }
        var total = 0.0
        if cutoff < eBP {
            total += gammaBP * max(0, try blockErasure - tail(eBP))
        }
        let residual: (Double) throws -> Double = { e in
            try stallErasure(ensemble, threshold: threshold, erasure: min(e, 1), mode: .corrected)
        }
        // Point-mass limit (n → ∞, the `.fixedPoint` model): when the Gaussian window ε ± 10s lies inside
        // (ε^BP, 1) and is narrower than 1e-6 of the distance to the square-root onset at ε^BP, r is smooth across
        // it and E[r(ε')] = r(ε) + O((s/(ε − ε^BP))²) (≤ 1e-12 relative). Huge graphs (s ≲ 1e-8) land here; the
        // quadrature below cannot resolve a window that is a few ulps of ε wide.
        if ε - 10 * s > max(eBP, cutoff), ε + 10 * s < 1, 10 * s <= 1e-6 * (ε - eBP) {
            return total + (try tail(max(eBP, cutoff))) * (try residual(ε))
        }
        let start = max(eBP, cutoff, ε - 10 * s)
        // Integrate to 10 s past the mean, or past `start` when that lies more than 5 s above the mean: γ = δε/P_B
        // divides by P_B, so the mass above ε + 10 s must not be dropped when P_B itself is that far out (its
        // conditional tail decays on a scale ≤ s/5, so start + 10 s leaves < e^{-50} of it).
        var end = start > ε + 5 * s ? max(ε + 10 * s, start + 10 * s) : ε + 10 * s
        if end > 1 {
            // ε' ≥ 1: every node stays unknown (r = 1).
            total += try tail(max(1, start))
            end = 1
        }
        guard end > start else { return total }
        // In units of s (ε' = ε^BP + s v², z = (ε' − ε)/s = v² − (ε − ε^BP)/s) the integrand is O(1) on an O(1)
        // interval at every graph size, so huge graphs (s ~ 1e-10) do not hand QAGS a window a few ulps wide with
        // values ~1/s.
        let normal = 1 / (2 * Double.pi).squareRoot()
        let offset = (ε - eBP) / s
        let integral = try Integrate.qags(
            lower: ((start - eBP) / s).squareRoot(), upper: ((end - eBP) / s).squareRoot(),
            absoluteTolerance: 1e-14 * blockErasure, relativeTolerance: 1e-10
        ) { v in
            let z = v * v - offset
            return 2 * v * normal * Double.exp(-0.5 * z * z) * (try residual(eBP + s * v * v))
        }
        return total + integral.value
    }
}
