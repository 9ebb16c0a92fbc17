import GSL
import RealModule
import ScalingCore

/// Concepts learned by peeling on a finite concept–text graph: the waterfall (finite-size scaling) law
///
///     P_B ≈ Q(√n (ε^BP − β n^{−2/3} − ε)/α),   P_b ≈ γ P_B,   γ^BP = ε^BP L(y^BP),
///     R_learned = R (1 − P_b/ε),
///
/// with n = R/ε concept nodes. The shift β n^{−2/3} is the refined law's (`WaterfallLaw.refined`, the `.corrected`
/// default); the authors' code omits it (`.firstOrder`, the `.published` default). Derivation:
/// `derivations/tripartite-finite-size-law.md`.
public struct ConceptLearningResult: Sendable, Equatable {
    /// The graph evaluated.
    public let graph: ConceptTextGraph
    /// ε^BP, x^BP, y^BP of the finite binomial ensemble.
    public let threshold: BPThreshold
    /// α (mode-dependent; see `ScalingParameter`).
    public let alpha: Double
    /// The law used for P_B.
    public let law: WaterfallLaw
    /// The model of the stall prefactor γ.
    public let stallModel: StallModel
    /// β n^{−2/3} = Ω (β/Ω) n^{−2/3}: finite-length shift of the threshold (0 for `.firstOrder` and without a
    /// tangency point).
    public let shift: Double
    /// P_B = Q(√n(ε^BP − β n^{−2/3} − ε)/α): probability that peeling stalls (block erasure probability).
    public let blockErasureProbability: Double
    /// γ: mean fraction of concept nodes left unknown when peeling stalls (see `StallModel`): `.threshold`
    /// γ^BP = ε^BP L(y^BP) for every ε; `.fixedPoint` γ^BP for ε ≤ ε^BP and ε L(1 − ρ(1 − x_ε)) at the largest
    /// density-evolution fixed point x_ε for ε > ε^BP; `.waterfallAverage` the DE residual averaged over the
    /// effective erasure given a stall, δε/P_B (the `.fixedPoint` value when P_B = 0).
    public let stallErasure: Double
    /// δ = P_b/ε = γ P_B/ε: expected fraction of the R to-be-learned concepts left unlearned.
    public let unlearnedFraction: Double

    /// 1 − δ: probability that a to-be-learned concept is learned.
    public var learnedFraction: Double { 1 - unlearnedFraction }
    /// R_learned = R(1 − δ).
    public var conceptsLearned: Double { graph.concepts * (1 - unlearnedFraction) }
}

/// Which waterfall law gives the block erasure probability P_B.
public enum WaterfallLaw: String, Sendable, CaseIterable {
    /// P_B ≈ Q(√n(ε^BP − ε)/α): the first-order law, as in the authors' code (reference §9.3).
    case firstOrder
    /// P_B ≈ Q(√n(ε^BP − β n^{−2/3} − ε)/α): the refined law with the finite-length shift (AMRU; β from
    /// `ScalingParameter.shiftOverOmega`). Against explicit-graph Monte Carlo at R = 250…4000 it removes a stall
    /// probability bias of 10–19 standard errors of the first-order law.
    case refined

    /// The default of a mode: `.published` → `.firstOrder`, `.corrected` → `.refined`.
    public static func standard(for mode: TripartiteMode) -> WaterfallLaw {
        mode == .published ? .firstOrder : .refined
    }
}

/// Entry points of the concept layer (used by the DS3 module's link from training to skill competence).
public enum ConceptLearning {
    /// Evaluates the finite-size law on a graph.
    ///
    /// Special cases follow the notebook in both modes: ε^BP = 1 means every concept is learned (δ = 0).
    ///
    /// - Parameters:
    ///   - graph: the concept–text graph (R concepts, T texts, d_t, ε).
    ///   - mode: published (authors' code) or corrected formulas.
    ///   - law: the waterfall law for P_B; `nil` takes the mode's default (`WaterfallLaw.standard`).
    ///   - stall: how the stall prefactor is evaluated; `nil` takes the mode's default (`StallModel.standard`).
    public static func evaluate(
        _ graph: ConceptTextGraph, mode: TripartiteMode = .corrected, law: WaterfallLaw? = nil,
        stall: StallModel? = nil
    ) throws -> ConceptLearningResult {
        try evaluate(graph, mode: mode, law: law, stall: stall, fullScan: false)
    }

    /// `evaluate` with the threshold from the full-scan reference solver when `fullScan` (for the reference paths
    /// that the pruned searches are tested against).
    static func evaluate(
        _ graph: ConceptTextGraph, mode: TripartiteMode, law: WaterfallLaw?, stall: StallModel?, fullScan: Bool
    ) throws -> ConceptLearningResult {
        let law = law ?? .standard(for: mode)
        let stall = stall ?? .standard(for: mode)
        let ensemble = try graph.ensemble()
        let threshold = fullScan ? try BPThreshold.solveReference(ensemble) : try BPThreshold.solve(ensemble)
        if threshold.epsilon >= 1 {
            return ConceptLearningResult(
                graph: graph, threshold: threshold, alpha: mode == .published ? 1e-3 : 0, law: law,
                stallModel: stall, shift: 0, blockErasureProbability: 0, stallErasure: 0, unlearnedFraction: 0)
        }
        let alpha = try ScalingParameter.alpha(ensemble, threshold: threshold, mode: mode)
        var shift = 0.0
        if law == .refined, alpha > 0 {
            shift =
                ScalingParameter.refinedLawOmega * (try ScalingParameter.shiftOverOmega(ensemble, threshold: threshold))
                * Double.pow(graph.conceptNodes, -2.0 / 3.0)
        }
        let gap = threshold.epsilon - shift - graph.erasure
        let q: Double
        if alpha > 0 {
            q = try SpecialFunctions.gaussianQ(graph.conceptNodes.squareRoot() * gap / alpha)
        } else {
            q = gap > 0 ? 0 : (gap < 0 ? 1 : 0.5)
        }
        let eps = graph.erasure
        let gamma: Double
        let delta: Double
        switch stall {
        case .threshold:
            gamma = try stallErasure(ensemble, threshold: threshold, erasure: eps, mode: .published)
            delta = gamma * q / eps
        case .fixedPoint, .waterfallAverage:
            // A stalled graph cannot leave more than the ε of nodes that were unknown: clamp γ^BP = ε^BP L(y^BP),
            // which exceeds ε when ε^BP ≫ ε (tiny graphs, many texts per concept).
            let fixedPoint = {
                min(try stallErasure(ensemble, threshold: threshold, erasure: eps, mode: .corrected), eps)
            }
            if stall == .waterfallAverage, alpha > 0 {
                let numerator = try averagedStallErasure(
                    ensemble, threshold: threshold, erasure: eps, cutoff: threshold.epsilon - shift,
                    spread: alpha / graph.conceptNodes.squareRoot())
                // The Gaussian effective-erasure picture can put mass above ε' = 1 on tiny graphs (n ≲ 10); δ is a
                // fraction, so it is capped at 1. γ is the conditional mean δε/P_B (the DE fixed point at ε when
                // P_B = 0), so the fixed point's root search runs only then.
                delta = min(1, numerator / eps)
                gamma = q > 0 ? delta * eps / q : try fixedPoint()
            } else {
                gamma = try fixedPoint()
                delta = gamma * q / eps
            }
        }
        guard delta.isFinite, delta >= 0, delta <= 1 else {
            throw SolverError(
                .domain, routine: "ConceptLearning.evaluate",
                reason: "unlearned fraction \(delta) outside [0, 1] for R = \(graph.concepts), T = \(graph.texts)")
        }
        return ConceptLearningResult(
            graph: graph, threshold: threshold, alpha: alpha, law: law, stallModel: stall, shift: shift,
            blockErasureProbability: q, stallErasure: gamma, unlearnedFraction: delta)
    }

    /// An upper bound on R_learned that needs neither the threshold's root nor α, for the first-order law with the
    /// `.threshold` stall model (the `.published` defaults); nil when it cannot be certified (then evaluate).
    ///
    /// With the grid-free threshold conditions of the binomial ensemble (h non-decreasing on [x_min, 1], see
    /// `BPThreshold.solve`; x_min = 0.1), one point x_L = 0.97 x₀ (x₀ the Newton start) certifies it when
    /// - g(x_L) ≤ ε: then ε^BP = min g ≤ ε, the gap ε^BP − ε ≤ 0 and P_B = Q(√n·gap/α) ≥ ½ (α ≥ 0);
    /// - h(x_L) < 0: then x_L < x^BP, and γ^BP = ε^BP L(y^BP) = x^BP L(y^BP)/λ(y^BP) = Γ(x^BP) with
    ///   Γ(x) = x L(y(x))/λ(y(x)) = x (b − e b^{1−T})/(1 − e), b = 1 − p + p y(x), e = (1 − p)^T, non-decreasing
    ///   (b − e b^{1−T} increases with b, b with y and y with x), so γ^BP ≥ Γ(x_L) ≥ x_L (b − e b^{1−T}).
    /// Hence δ = γ^BP P_B/ε ≥ Γ(x_L)/(2ε) and R_learned ≤ R(1 − Γ(x_L)/(2ε)). The relative margins (1e-12 on ln g,
    /// 1e-11 on Γ) cover the rounding of the evaluated law and of the computed root. Cost: two logarithms for x₀,
    /// one log1p and one exp for h(x_L), then three log1p/log and one exp (about a third of a full evaluation).
    static func conceptsLearnedUpperBound(_ graph: ConceptTextGraph) -> Double? {
        let xMin = 0.1
        let eps = graph.erasure
        guard let ensemble = try? graph.ensemble(), let from = ensemble.tangencyMonotoneFrom, from <= xMin,
            let start = ensemble.tangencyStart
        else { return nil }
        let xL = 0.97 * start
        guard xL >= xMin, xL < 1, let residual = ensemble.tangencyResidual(xL), residual.value < 0 else { return nil }
        return stallBound(
            ensemble, rhoComplement: residual.rhoComplement, at: xL, erasure: eps, concepts: graph.concepts
        ) {
            _, logLambda in Double.exp(ensemble.logEmpty - logLambda)  // (1 − p)^T b^{1−T} itself
        }
    }

    /// An upper bound on R_learned valid for every R in [lower, upper] at fixed graph compute F = R·T, for the same
    /// law as `conceptsLearnedUpperBound(_:)` (first-order law, `.threshold` stall), from evaluations at the two ends
    /// only; nil when it cannot be certified. Derivation: `derivations/tripartite-compute-optimal-rule.md`.
    ///
    /// At fixed F and x, with p = d_t/R, n = R/ε, T = F/R and a = px, the product pρ(1 − x) = p(1 − a)^{n−1} falls
    /// with R once (1/ε)(d_t²/(2R) + d_t³/(R(R − d_t))) < 1 (checked at R = lower, where it is largest): its log-
    /// derivative is at most −1/R + (1/ε)(a²/2 + a³/(1 − a)). Then on [lower, upper]
    /// - ln g = ln x + (T − 1)(−ln(1 − pρ)) falls with R, so g_R(x_L) ≤ g_lower(x_L) ≤ ε gives P_B ≥ ½;
    /// - K = x (λ'/λ)(y) ρ'(1 − x) falls with R (log-derivative ≤ −2/R + 1/(R − ε) < 0), so h_upper(x_L) < 0 gives
    ///   h_R(x_L) < 0 and x_L < x^BP_R (h is non-decreasing in x for every R here: (n − 1)p ≥ 1/x_min at lower);
    /// - Γ_R(x_L) ≥ x_L (b_R − E_R) with b_R = 1 − pρ rising in R (so ≥ b_lower) and E_R = (1 − p)^T b^{1−T}
    ///   ≤ exp(−F d_t/upper² + (F/lower − 1) s/(1 − s)), s = pρ at lower.
    /// Hence R_learned(R) ≤ upper (1 − x_L (b_lower − E_max)/(2ε)). x_L = 0.97 x₀ at upper (the smallest x^BP).
    static func conceptsLearnedUpperBound(
        concepts lower: Double, _ upper: Double, graphCompute F: Double, textDegree: Double, erasure eps: Double
    ) -> Double? {
        let xMin = 0.1
        guard lower >= textDegree, upper > lower, F > upper,
            (textDegree * textDegree / (2 * lower) + textDegree * textDegree * textDegree
                / (lower * (lower - textDegree)))
                / eps <= 0.99,
            let top = try? ConceptTextGraph(concepts: upper, texts: F / upper, textDegree: textDegree, erasure: eps)
                .ensemble(),
            let bottom = try? ConceptTextGraph(concepts: lower, texts: F / lower, textDegree: textDegree, erasure: eps)
                .ensemble(),
            let from = bottom.tangencyMonotoneFrom, from <= xMin, let start = top.tangencyStart
        else { return nil }
        let xL = 0.97 * start
        guard xL >= xMin, xL < 1, let residualTop = top.tangencyResidual(xL), residualTop.value < 0,
            let residualBottom = bottom.tangencyResidual(xL)
        else { return nil }
        return stallBound(bottom, rhoComplement: residualBottom.rhoComplement, at: xL, erasure: eps, concepts: upper) {
            s, _ in Double.exp(-F * textDegree / (upper * upper) + (F / lower - 1) * s / (1 - s))  // E_max
        }
    }

    /// The common end of both certificates, with s = p ρ(1 − x_L) of `ensemble` (the graph where g is checked):
    /// ln g(x_L) = ln x_L − (T − 1) ln(1 − s) ≤ ln ε − 1e-12 (else nil), then
    /// R_learned ≤ R(1 − x_L (1 − s − E)/(2ε)) with E = `excess(s, ln λ(y(x_L)))` an upper bound on (1 − p)^T b^{1−T}
    /// (nil when x_L (1 − s − E) is not positive). The relative margin 1e-11 on Γ covers rounding.
    private static func stallBound(
        _ ensemble: BinomialEnsemble, rhoComplement: Double, at xL: Double, erasure eps: Double, concepts R: Double,
        excess: (_ s: Double, _ logLambda: Double) -> Double
    ) -> Double? {
        let s = ensemble.edgeProbability * rhoComplement  // b = 1 − s = 1 − p + p y(x_L)
        let logLambda = (ensemble.variableTrials - 1) * Double.log(onePlus: -s)
        guard logLambda >= Double.log(xL / eps) + 1e-12 else { return nil }  // ln g(x_L) ≤ ln ε − 1e-12
        let gammaL = xL * (1 - s - excess(s, logLambda))
        guard gammaL.isFinite, gammaL > 0 else { return nil }
        return R * (1 - 0.5 * gammaL * (1 - 1e-11) / eps)
    }

    /// Whether g(x₀) ≤ ε at the Newton start x₀ of the threshold, i.e. the graph is certified above threshold
    /// (ε^BP ≤ ε); a cheap test for ordering a search, false when it cannot be decided this way.
    static func isCertifiedAboveThreshold(_ graph: ConceptTextGraph) -> Bool {
        guard let ensemble = try? graph.ensemble(), let start = ensemble.tangencyStart, start > 0, start < 1 else {
            return false
        }
        return BPThreshold.logG(ensemble, start) <= Double.log(graph.erasure)
    }

    /// Erasure fraction left when peeling stalls (the prefactor of P_b = γ P_B).
    ///
    /// The waterfall law evaluates the stall point at the threshold, γ^BP = ε^BP L(y^BP). Far above threshold
    /// (ε > ε^BP, i.e. too few texts per concept) that understates the damage: the decoder stops at the largest
    /// fixed point x_ε of x = ελ(1 − ρ(1 − x)), which lies above x^BP, and leaves ε L(1 − ρ(1 − x_ε)) erased. Using
    /// γ^BP there makes the learned fraction *rise* as texts per concept fall (reference §8.3), so that a wide search
    /// over R finds spurious optima at R ≫ √F. `.corrected` uses the fixed point (found by `Roots.brent` on
    /// [x^BP, ε], where f_ε changes sign); `.published` keeps γ^BP.
    public static func stallErasure<E: DegreeEnsemble>(
        _ ensemble: E, threshold: BPThreshold, erasure eps: Double, mode: TripartiteMode
    ) throws -> Double {
        let atThreshold = threshold.epsilon * ensemble.nodeL(threshold.y)
        guard mode == .corrected, eps > threshold.epsilon else { return atThreshold }
        let f: (Double) -> Double = { x in x - eps * ensemble.lambda(1 - ensemble.rho(1 - x)) }
        let lower = threshold.x
        guard f(lower) < 0 else { return atThreshold }
        // f(ε) = ε(1 − λ(1 − ρ(1 − ε))) ≥ 0; when λ rounds to 1 (dense graphs, d_t close to R: a text holds many
        // unknown concepts, so almost none can be peeled) x = ε is itself the largest fixed point, nothing is learned.
        let top = f(eps)
        if top <= 0 { return eps * ensemble.nodeL(1 - ensemble.rho(1 - eps)) }
        let x = try Roots.brent(lower: lower, upper: eps, absoluteTolerance: 1e-15, relativeTolerance: 1e-13, f).root
        return eps * ensemble.nodeL(1 - ensemble.rho(1 - x))
    }

    /// Probability that a to-be-learned concept is learned, 1 − P_b/ε, for R concepts and T texts.
    public static func learnedProbability(
        concepts R: Double, texts T: Double, textDegree: Double = 6, erasure: Double = 0.5,
        mode: TripartiteMode = .corrected
    ) throws -> Double {
        try evaluate(ConceptTextGraph(concepts: R, texts: T, textDegree: textDegree, erasure: erasure), mode: mode)
            .learnedFraction
    }

    /// Probability that a to-be-learned concept is learned for a model of N parameters trained on D tokens
    /// (R = N/ς, T = D/τ).
    public static func learnedProbability(
        parameters N: Double, tokens D: Double, scales: TrainingScales = .published, textDegree: Double = 6,
        erasure: Double = 0.5, mode: TripartiteMode = .corrected
    ) throws -> Double {
        try Validate.positive(N, "N (parameters)")
        try Validate.positive(D, "D (tokens)")
        return try learnedProbability(
            concepts: scales.concepts(parameters: N), texts: scales.texts(tokens: D), textDegree: textDegree,
            erasure: erasure, mode: mode)
    }
}
