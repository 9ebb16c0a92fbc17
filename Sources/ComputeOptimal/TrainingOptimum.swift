import RealModule
import ScalingCore

/// The training-compute-optimal model of a loss law at a training budget C = 6 N D (no inference).
public struct TrainingOptimum: Sendable, Equatable {
    /// Training compute C in FLOPs (C = 6 N* D*).
    public let compute: Double
    /// Optimal parameters N*(C).
    public let parameters: Double
    /// Optimal training tokens D*(C).
    public let tokens: Double
    /// L(N*, D*) in nats per token.
    public let loss: Double
    /// Exponent a of N* ∝ C^a.
    public let parameterExponent: Double
    /// Exponent b of D* ∝ C^b (a + b = 1).
    public let tokenExponent: Double

    /// D*/N*, tokens per parameter.
    public var tokensPerParameter: Double { tokens / parameters }

    /// Refuses optima that over- or underflow Double (extreme constants or budgets) instead of returning
    /// inf, 0 or NaN silently.
    func checked() throws(ParameterError) -> TrainingOptimum {
        try Self.check(parameters, "N*")
        try Self.check(tokens, "D*")
        try Self.check(loss, "loss")
        try Self.check(compute, "compute")
        return self
    }

    /// Throws unless the value is finite and > 0 (no allocation on the passing path).
    @inline(__always)
    static func check(_ value: Double, _ name: StaticString) throws(ParameterError) {
        guard value.isFinite, value > 0 else {
            throw ParameterError(
                parameter: "optimum \(name)", value: value,
                validRange: "finite and > 0 (the constants and budget put the optimum outside Double's range)")
        }
    }
}

extension ChinchillaLossLaw {
    /// G = (αA / (βB))^{1/(α+β)} of Hoffmann et al. 2022, Eq. 4 (parameters per (FLOP/6)^a).
    public var frontierCoefficient: Double {
        Double.exp(Double.log(alpha * A / (beta * B)) / (alpha + beta))
    }

    /// a = β/(α+β): N*(C) ∝ C^a.
    public var parameterExponent: Double { beta / (alpha + beta) }
    /// b = α/(α+β): D*(C) ∝ C^b.
    public var tokenExponent: Double { alpha / (alpha + beta) }

    /// (N*, D*) of the frontier without the N* ≥ 1, D* ≥ 1 check: a starting point for solvers.
    func unconstrainedOptimum(compute C: Double) -> (parameters: Double, tokens: Double) {
        let logG = Double.log(alpha * A / (beta * B)) / (alpha + beta)
        let logC6 = Double.log(C / 6)
        return (Double.exp(logG + parameterExponent * logC6), Double.exp(-logG + tokenExponent * logC6))
    }

    /// The Chinchilla-style (N, D) of loss ℓ > E without the N ≥ 1, D ≥ 1 check: a starting point for solvers.
    func unconstrainedOptimum(loss ell: Double) throws(ParameterError) -> (parameters: Double, tokens: Double) {
        let gap = ell - E
        let N = Double.exp(Double.log(A * (1 + alpha / beta) / gap) / alpha)
        let D = Double.exp(Double.log(B * (1 + beta / alpha) / gap) / beta)
        try TrainingOptimum.check(N, "N*")
        try TrainingOptimum.check(D, "D*")
        return (N, D)
    }

    /// The smallest budget (FLOPs) whose optimum has N* ≥ 1 and D* ≥ 1:
    /// C = 6 exp(max(−ln G / a, ln G / b)) (N* = G (C/6)^a, D* = G⁻¹ (C/6)^b), nudged up by a few ulps so the
    /// optimum computed at it passes the check.
    public var minimumCompute: Double {
        let logG = Double.log(alpha * A / (beta * B)) / (alpha + beta)
        let logC6 = max(-logG / parameterExponent, logG / tokenExponent)
        return (6 * Double.exp(logC6) * (1 + 1e-14)).nextUp
    }

    /// Closed-form efficient frontier (Hoffmann et al. 2022, Eq. 4): minimise L(N, D) subject to 6ND = C:
    /// N* = G (C/6)^a, D* = G⁻¹ (C/6)^b. Evaluated in log space.
    ///
    /// - Parameter compute: training FLOPs C > 0.
    /// - Throws: `ParameterError` for C not finite and > 0, and (`ParameterError.infeasible`) for a budget whose
    ///   optimum has fewer than one parameter or one training token, naming the smallest feasible budget
    ///   (`minimumCompute`).
    public func computeOptimal(compute C: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.positive(C, "compute")
        let (N, D) = unconstrainedOptimum(compute: C)
        guard N >= 1, D >= 1 else {
            throw .infeasible(
                "compute", C, feasibleRange: "≥ \(minimumCompute) FLOPs",
                constraint: "the optimum needs N* ≥ 1 parameter and D* ≥ 1 training token, here N* = \(N), D* = \(D)")
        }
        return try TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: E + parameterTerm(N) + dataTerm(D),
            parameterExponent: parameterExponent, tokenExponent: tokenExponent
        ).checked()
    }

    /// The frontier's constants evaluated once, for many budgets (`ChinchillaFrontier`).
    public var frontier: ChinchillaFrontier { ChinchillaFrontier(law: self) }

    /// The training-compute-optimal ("Chinchilla-style") model that reaches loss ℓ:
    /// N = [A (1 + α/β) / (ℓ − E)]^{1/α}, D = [B (1 + β/α) / (ℓ − E)]^{1/β}.
    ///
    /// - Throws: `ParameterError` unless E < ℓ < ∞.
    public func computeOptimal(loss ell: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.finite(ell, "loss")
        guard ell > E else {
            throw .infeasible(
                "loss", ell, feasibleRange: "> \(E)", constraint: "no model reaches the irreducible loss E = \(E)")
        }
        // N ≥ 1 ⇔ ℓ − E ≤ A (1 + α/β); D ≥ 1 ⇔ ℓ − E ≤ B (1 + β/α) (checked first: far beyond, N and D underflow).
        let largest = E + min(A * (1 + alpha / beta), B * (1 + beta / alpha))
        let (N, D) = ell > largest ? (0, 0) : try unconstrainedOptimum(loss: ell)
        guard N >= 1, D >= 1 else {
            throw .infeasible(
                "loss", ell, feasibleRange: "≤ \(largest)",
                constraint: "the optimum needs N ≥ 1 parameter and D ≥ 1 training token, here N = \(N), D = \(D)")
        }
        return try TrainingOptimum(
            compute: 6 * N * D, parameters: N, tokens: D, loss: ell,
            parameterExponent: parameterExponent, tokenExponent: tokenExponent
        ).checked()
    }
}

extension KaplanLossLaw {
    /// N*(C) ∝ C^{α_D/(α_N+α_D)} for the joint law at 6ND = C. With Kaplan's Table-2 constants this is ≈ 0.575,
    /// not the 0.73 Kaplan report (that exponent comes from their early-stopping analysis L(N, S_min), not from
    /// minimising the joint law).
    public var parameterExponent: Double { alphaD / (alphaN + alphaD) }

    /// Closed-form minimum of the joint law subject to 6ND = C. With p = α_N/α_D, minimising
    /// (N_c/N)^p + 6 D_c N / C over N gives N^{p+1} = p N_c^p C / (6 D_c), D = C / (6N).
    ///
    /// - Throws: `ParameterError` for C not finite and > 0.
    public func computeOptimal(compute C: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.positive(C, "compute")
        let p = alphaN / alphaD
        let logN = (Double.log(p) + p * Double.log(Nc) + Double.log(C) - Double.log(6 * Dc)) / (p + 1)
        let N = Double.exp(logN)
        let D = C / (6 * N)
        return try TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: try loss(parameters: N, tokens: D),
            parameterExponent: parameterExponent, tokenExponent: 1 - parameterExponent
        ).checked()
    }
}

extension ChinchillaLossLaw {
    /// The training-compute-optimal model with N parameters: the budget C = 6 (N/G)^{1/a} at which N is optimal,
    /// and its D* = C / (6N).
    ///
    /// - Throws: `ParameterError` for N not finite and > 0.
    public func computeOptimal(parameters N: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.positive(N, "N")
        let logG = Double.log(alpha * A / (beta * B)) / (alpha + beta)
        let C = 6 * Double.exp((Double.log(N) - logG) / parameterExponent)
        let D = C / (6 * N)
        return try TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: E + parameterTerm(N) + dataTerm(D),
            parameterExponent: parameterExponent, tokenExponent: tokenExponent
        ).checked()
    }
}

/// The closed-form Chinchilla frontier (Hoffmann et al. 2022, Eq. 4) with its constants hoisted, for sweeps over
/// many budgets: ln G, a and the loss factor are computed once, and each optimum costs one logarithm, two
/// exponentials and a division, with no allocation.
///
/// Per budget C: ln N* = ln G + a ln(C/6), N* = e^{ln N*}, D* = (C/6)/N* (the constraint 6ND = C, which is the
/// same D* = G⁻¹(C/6)^b as `ChinchillaLossLaw.computeOptimal(compute:)` since a + b = 1), and the loss from the
/// optimality condition αA N*^{−α} = βB D*^{−β}: L* = E + (1 + α/β) A N*^{−α}. Derivation:
/// `derivations/optimum-chinchilla-frontier.md`.
public struct ChinchillaFrontier: Sendable, Equatable {
    /// The loss law.
    public let law: ChinchillaLossLaw
    /// ln G = ln(αA/(βB))/(α + β).
    public let logCoefficient: Double
    /// a = β/(α + β).
    public let parameterExponent: Double
    /// b = α/(α + β).
    public let tokenExponent: Double
    /// (1 + α/β)·A: L* − E = (1 + α/β) A N*^{−α}.
    let lossCoefficient: Double

    public init(law: ChinchillaLossLaw) {
        self.law = law
        logCoefficient = Double.log(law.alpha * law.A / (law.beta * law.B)) / (law.alpha + law.beta)
        parameterExponent = law.parameterExponent
        tokenExponent = law.tokenExponent
        lossCoefficient = (1 + law.alpha / law.beta) * law.A
    }

    /// The optimum at training compute C (FLOPs); agrees with `law.computeOptimal(compute:)` to rounding (tested).
    ///
    /// - Throws: `ParameterError` for C not finite and > 0, or an optimum outside Double's range.
    @inline(__always)
    public func optimum(compute C: Double) throws(ParameterError) -> TrainingOptimum {
        try Validate.positive(C, "compute")
        let perToken = C / 6
        let logN = logCoefficient + parameterExponent * Double.log(perToken)
        let N = Double.exp(logN)
        let D = perToken / N
        let loss = law.E + lossCoefficient * Double.exp(-law.alpha * logN)
        try TrainingOptimum.check(N, "N*")
        try TrainingOptimum.check(D, "D*")
        try TrainingOptimum.check(loss, "loss")
        return TrainingOptimum(
            compute: C, parameters: N, tokens: D, loss: loss, parameterExponent: parameterExponent,
            tokenExponent: tokenExponent)
    }

    /// The optima at every budget, in input order.
    ///
    /// - Throws: as `optimum(compute:)`, for the first budget that fails.
    public func optima(computes: [Double]) throws(ParameterError) -> [TrainingOptimum] {
        var result: [TrainingOptimum] = []
        result.reserveCapacity(computes.count)
        for C in computes { result.append(try optimum(compute: C)) }
        return result
    }
}
