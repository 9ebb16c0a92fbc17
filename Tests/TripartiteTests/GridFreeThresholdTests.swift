import Foundation
import GSL
import RealModule
import ScalingCore
import TestSupport
import Testing

@testable import Tripartite

/// The grid-free threshold (`BPThreshold.solve` when the ensemble certifies a monotone tangency residual) and the
/// cheap certificates the compute-optimal search uses to skip points (`ConceptLearning.conceptsLearnedUpperBound`,
/// `isCertifiedAboveThreshold`).
@Suite("Grid-free BP threshold and the search's certificates")
struct GridFreeThresholdTests {
    /// 54 roots from 160 bisections at 45 digits (mpmath, `fixtures/tripartite/tangency-oracle.csv`), R from 6 to
    /// 1e11, T/R from 2 to 60. x^BP is a simple root of h with |h'| ≳ 1 and h is computed with a relative rounding
    /// error of a few 1e-16 (one log1p and one exp of an argument below ~30); ε^BP = x/λ(y) is a minimum of g (flat
    /// in x) and carries the rounding of ln λ(y), taken from ρ(1 − x) directly (forming y = 1 − ρ first would cost
    /// up to 2e-14 here). Tolerance 2e-15 relative for both (measured: 2.8e-16 and 6.7e-16).
    @Test("x^BP and ε^BP match 45-digit roots to 2e-15")
    func matchesHighPrecisionRoots() throws {
        let text = try String(contentsOfFile: fixturePath("tripartite/tangency-oracle.csv"), encoding: .utf8)
        let table = try Table.parseCSV(text)
        let (concepts, ratios) = (try table.numbers("R"), try table.numbers("ratio"))
        let (xs, epsilons) = (try table.numbers("x_BP"), try table.numbers("eps_BP"))
        #expect(concepts.count == 54)
        var (worstX, worstEpsilon) = (0.0, 0.0)
        for i in concepts.indices {
            let ensemble = try ConceptTextGraph(concepts: concepts[i], texts: ratios[i] * concepts[i]).ensemble()
            let threshold = try BPThreshold.solve(ensemble)
            #expect(threshold.isTangency, "R \(concepts[i]), T/R \(ratios[i])")
            worstX = max(worstX, abs(threshold.x - xs[i]) / xs[i])
            worstEpsilon = max(worstEpsilon, abs(threshold.epsilon - epsilons[i]) / epsilons[i])
        }
        #expect(worstX <= 2e-15, "worst relative error of x^BP \(worstX)")
        #expect(worstEpsilon <= 2e-15, "worst relative error of ε^BP \(worstEpsilon)")
    }

    /// Binomial ensembles (R from 3 to 1e12, T/R from 0.05 to 100) and Poisson limits (d̄_t from 5 to 40): wherever
    /// the ensemble certifies x₀ = `tangencyMonotoneFrom` ≤ x, h is non-decreasing on a 2,000-point grid of
    /// [max(x₀, 0.01), 1] (up to 1e-13 of rounding), the premise of the grid-free solver.
    @Test("h is non-decreasing where the ensemble certifies it")
    func tangencyResidualIsMonotoneWhereCertified() throws {
        func check<E: DegreeEnsembleShortcuts>(_ ensemble: E, _ label: String) throws -> Bool {
            guard let from = ensemble.tangencyMonotoneFrom, from < 1 else { return false }
            let xs = try Grid.lin(max(from, 0.01), 1, 2000)
            var previous = -Double.infinity
            for x in xs {
                let value = BPThreshold.h(ensemble, x)
                #expect(value >= previous - 1e-13 * (1 + abs(value)), "\(label) at x = \(x)")
                previous = value
            }
            return true
        }
        var certified = 0
        for R in try Grid.geom(3, 1e12, 12) {
            for ratio in try Grid.geom(0.05, 100, 9) {
                let graph = try ConceptTextGraph(concepts: R, texts: max(1, ratio * R))
                if try check(try graph.ensemble(), "R \(R), T/R \(ratio)") { certified += 1 }
            }
        }
        for textDegree in [5.0, 12, 40] {
            for conceptDegree in [0.5, 5, 50] {
                let ensemble = try PoissonEnsemble(meanConceptDegree: conceptDegree, meanTextDegree: textDegree)
                if try check(ensemble, "Poisson \(conceptDegree), \(textDegree)") { certified += 1 }
            }
        }
        #expect(certified == 12 * 9 + 9)
    }

    /// The closed-form h' and h'' against central differences of h and h' (step 1e-5·x: truncation ~1e-10 relative,
    /// rounding ~1e-16/1e-5; tolerance 1e-6 relative plus 1e-8 absolute).
    @Test("tangencyResidual's slope and curvature are h' and h''")
    func residualDerivativesMatchDifferences() throws {
        func check<E: DegreeEnsembleShortcuts>(_ ensemble: E, _ label: String) throws {
            for x in try Grid.lin(0.15, 0.95, 9) {
                let r = try #require(ensemble.tangencyResidual(x), "\(label)")
                let step = 1e-5 * x
                let (plus, minus) = (
                    try #require(ensemble.tangencyResidual(x + step)), try #require(ensemble.tangencyResidual(x - step))
                )
                #expect(abs(r.value - BPThreshold.h(ensemble, x)) <= 1e-13 * (1 + abs(r.value)), "\(label) h(\(x))")
                let slope = (plus.value - minus.value) / (2 * step)
                let curvature = (plus.slope - minus.slope) / (2 * step)
                #expect(abs(r.slope - slope) <= 1e-6 * abs(slope) + 1e-8, "\(label) h'(\(x)): \(r.slope) vs \(slope)")
                #expect(
                    abs(r.curvature - curvature) <= 1e-6 * abs(curvature) + 1e-8,
                    "\(label) h''(\(x)): \(r.curvature) vs \(curvature)")
                #expect(abs(r.rhoComplement - ensemble.rho(1 - x)) <= 1e-14 * ensemble.rho(1 - x), "\(label) ρ")
            }
        }
        for (R, ratio) in [(6.0, 4.0), (40, 3), (1e4, 4.5), (1e9, 6), (2e3, 1)] {
            try check(try ConceptTextGraph(concepts: R, texts: ratio * R).ensemble(), "binomial R \(R), T/R \(ratio)")
        }
        try check(try PoissonEnsemble(meanConceptDegree: 27, meanTextDegree: 12), "Poisson")
    }

    /// The same inputs as the bit-identity test of the grid search (binomial R 1…1e12 × T/R 0.3…60, Poisson d_s
    /// 0.5…500): the grid-free solver agrees with the full scan (`solveReference`, whose Brent root has tolerance
    /// 1e-13 relative) on the kind of minimum, x^BP to 1e-12 and ε^BP to 1e-14 relative (a minimum: first-order
    /// insensitive to x). It is used for most of them (checked), and end-point minima occur (or the end rules
    /// would be untested).
    @Test("BPThreshold.solve without a grid agrees with the full scan to rounding")
    func gridFreeSolveMatchesFullScan() throws {
        var (gridFree, ends) = (0, 0)
        func compare<E: DegreeEnsembleShortcuts>(_ ensemble: E, _ label: String) throws {
            let fast = try BPThreshold.solve(ensemble)
            let reference = try BPThreshold.solveReference(ensemble)
            if let from = ensemble.tangencyMonotoneFrom, from <= 0.1 { gridFree += 1 }
            if !reference.isTangency { ends += 1 }
            #expect(fast.isTangency == reference.isTangency, "\(label)")
            #expect(abs(fast.x - reference.x) <= 1e-12 * reference.x, "\(label): x \(fast.x) vs \(reference.x)")
            #expect(
                abs(fast.epsilon - reference.epsilon) <= 1e-14 * reference.epsilon,
                "\(label): ε \(fast.epsilon) vs \(reference.epsilon)")
            #expect(abs(fast.y - reference.y) <= 1e-12 * reference.y, "\(label): y \(fast.y) vs \(reference.y)")
        }
        for R in try Grid.geom(1, 1e12, 25) {
            for ratio in try Grid.geom(0.3, 60, 12) {
                try compare(
                    try ConceptTextGraph(concepts: R, texts: max(1, ratio * R)).ensemble(), "R \(R), T/R \(ratio)")
            }
        }
        for ds in try Grid.geom(0.5, 500, 40) {
            try compare(try PoissonEnsemble(meanConceptDegree: ds, meanTextDegree: 12), "Poisson d_s \(ds)")
        }
        #expect(gridFree >= 300, "grid-free cases \(gridFree)")
        #expect(ends >= 10, "end-point minima \(ends)")
    }

    /// `conceptsLearnedUpperBound` really bounds the published law's R_learned (R from 10 to 1e12, T/R from 0.5 to
    /// 40), exists on a good share of the above-threshold graphs (else the search gains nothing), and
    /// `isCertifiedAboveThreshold` implies ε^BP ≤ ε.
    @Test("The search's certificates bound the published law and imply ε^BP ≤ ε")
    func certificatesHold() throws {
        var (bounded, aboveThreshold) = (0, 0)
        for R in try Grid.geom(10, 1e12, 23) {
            for ratio in try Grid.geom(0.5, 40, 25) {
                let graph = try ConceptTextGraph(concepts: R, texts: ratio * R)
                let result = try ConceptLearning.evaluate(graph, mode: .published)
                if result.threshold.epsilon <= graph.erasure { aboveThreshold += 1 }
                if let bound = ConceptLearning.conceptsLearnedUpperBound(graph) {
                    bounded += 1
                    #expect(
                        bound >= result.conceptsLearned, "R \(R), T/R \(ratio): \(bound) < \(result.conceptsLearned)")
                    #expect(bound <= R)
                }
                if ConceptLearning.isCertifiedAboveThreshold(graph) {
                    #expect(result.threshold.epsilon <= graph.erasure, "R \(R), T/R \(ratio)")
                }
            }
        }
        #expect(aboveThreshold > 100)
        #expect(bounded >= aboveThreshold / 2, "bounded \(bounded) of \(aboveThreshold) above threshold")
    }

    /// The premises of the interval certificate, checked directly: at fixed F and x, p ρ(1 − x), K(x) and ln g(x)
    /// do not increase with R once (1/ε)(d_t²/(2R) + d_t³/(R(R − d_t))) < 1 (R ≥ 50 for d_t = 6, ε = 0.5), on 400
    /// values of R from 50 to 0.9 F for F from 1e4 to 1e20 and six values of x (up to 1e-12 relative for rounding).
    @Test("p ρ, K and g fall with R at fixed F and x where the interval certificate assumes it")
    func intervalPremisesHold() throws {
        var checked = 0
        for F in try Grid.geom(1e4, 1e20, 9) {
            let Rs = try Grid.geom(50, min(0.9 * F, 1e12), 400)
            for x in [0.1, 0.2, 0.35, 0.5, 0.8, 1.0] {
                var previous: (s: Double, k: Double, logG: Double)?
                for R in Rs {
                    let ensemble = try ConceptTextGraph(concepts: R, texts: F / R).ensemble()
                    let residual = try #require(ensemble.tangencyResidual(min(x, 0.999_999)))
                    let s = ensemble.edgeProbability * ensemble.rho(1 - x)
                    let values = (s: s, k: 1 - residual.value, logG: BPThreshold.logG(ensemble, x))
                    if let previous {
                        #expect(values.s <= previous.s * (1 + 1e-12), "p ρ: F \(F), x \(x), R \(R)")
                        #expect(values.k <= previous.k * (1 + 1e-12), "K: F \(F), x \(x), R \(R)")
                        #expect(
                            values.logG <= previous.logG + 1e-12 * (1 + abs(values.logG)),
                            "ln g: F \(F), x \(x), R \(R)")
                        checked += 1
                    }
                    previous = values
                }
            }
        }
        #expect(checked > 9 * 6 * 300)
    }

    /// The interval certificate bounds the published R_learned at every R of its interval (40 values each, ends
    /// included), for intervals of one to twenty grid steps above threshold along the notebook's budgets, and does
    /// exclude most of the right side of the window where the sweep uses it (or it would be useless).
    @Test("The interval certificate bounds R_learned on its whole interval")
    func intervalCertificateHolds() throws {
        var (certified, attempts) = (0, 0)
        let budgets = try TripartiteFigureData.notebookBudgets()
        for F in stride(from: 40, to: budgets.count, by: 16).map({ budgets[$0] }) {
            let root = F.squareRoot()
            let step = 0.4 * root / 79
            for start in [0.48, 0.5, 0.53, 0.56] {
                for width in [1.0, 7, 20] {
                    let (a, b) = (start * root, min(0.6 * root, start * root + width * step))
                    guard b > a else { continue }
                    attempts += 1
                    guard
                        let bound = ConceptLearning.conceptsLearnedUpperBound(
                            concepts: a, b, graphCompute: F, textDegree: 6, erasure: 0.5)
                    else { continue }
                    certified += 1
                    for R in try Grid.lin(a, b, 40) {
                        let learned = try ConceptLearning.evaluate(
                            ConceptTextGraph(concepts: R, texts: F / R), mode: .published
                        ).conceptsLearned
                        #expect(bound >= learned, "F \(F), [\(a), \(b)], R \(R): \(bound) < \(learned)")
                    }
                }
            }
        }
        #expect(certified >= attempts / 3, "certified \(certified) of \(attempts)")
        // Outside its premises it declines.
        #expect(
            ConceptLearning.conceptsLearnedUpperBound(concepts: 20, 30, graphCompute: 1e4, textDegree: 6, erasure: 0.5)
                == nil)
        #expect(
            ConceptLearning.conceptsLearnedUpperBound(concepts: 90, 80, graphCompute: 1e8, textDegree: 6, erasure: 0.5)
                == nil)
    }
}
