import Foundation
import RealModule
import ScalingCore

/// Edge- and node-perspective degree distributions of a Tanner-graph ensemble on the binary erasure channel
/// (Richardson–Urbanke notation). In the tripartite model concepts are the variable nodes ("bits") and text
/// pieces are the check nodes.
public protocol DegreeEnsemble: Sendable {
    /// λ(x): edge-perspective variable-node (concept) degree generating function.
    func lambda(_ x: Double) -> Double
    /// λ'(x).
    func lambdaPrime(_ x: Double) -> Double
    /// ln λ(x) (−∞ where λ = 0), evaluated without forming λ.
    func logLambda(_ x: Double) -> Double
    /// λ'(x)/λ(x), evaluated without forming λ.
    func lambdaLogDerivative(_ x: Double) -> Double
    /// ρ(x): edge-perspective check-node (text) degree generating function.
    func rho(_ x: Double) -> Double
    /// ρ'(x).
    func rhoPrime(_ x: Double) -> Double
    /// λ''(x) (used by the shift parameter of the refined waterfall law).
    func lambdaSecond(_ x: Double) -> Double
    /// ρ''(x) (used by the shift parameter of the refined waterfall law).
    func rhoSecond(_ x: Double) -> Double
    /// L(x): node-perspective variable-node degree generating function (for the binomial ensemble conditioned
    /// on degree ≥ 1).
    func nodeL(_ x: Double) -> Double
    /// L'(1): mean variable-node degree (in the node perspective).
    var meanVariableDegree: Double { get }
    /// (ρ(x), ρ'(x)) together, identical to calling `rho` and `rhoPrime` (an ensemble may share work between them).
    func rhoAndPrime(_ x: Double) -> (rho: Double, rhoPrime: Double)
    /// ℓ'(x) for ℓ(x) = ln λ(1 − ρ(1 − x)), given ρ(1 − x), when ℓ is concave on [0, 1] (nil otherwise, the default).
    /// The threshold scan uses it only for lower bounds (tangents of a concave ℓ lie above it), never for a result.
    func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double?
}

extension DegreeEnsemble {
    public func rhoAndPrime(_ x: Double) -> (rho: Double, rhoPrime: Double) { (rho(x), rhoPrime(x)) }
    public func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double? { nil }
}

/// The tripartite model's concept–text ensemble: every (text, concept) pair is an edge independently with
/// probability p, so concept degrees are Bin(T, p) and text degrees Bin(n, p) ("binomial_binomial").
///
/// λ(x) = (1 − p + p x)^{T−1}, ρ(x) = (1 − p + p x)^{n−1},
/// L(x) = [(1 − p + p x)^T − (1 − p)^T] / [1 − (1 − p)^T].
/// Every power is evaluated as exp(m·log1p(p(x − 1))): with T up to 1e10 a plain `pow` loses ~1e-6 relative.
public struct BinomialEnsemble: DegreeEnsemble, Equatable {
    /// T: number of texts (trials of the concept-degree binomial).
    public let variableTrials: Double
    /// n = R/ε: number of concept nodes, known and unknown (trials of the text-degree binomial).
    public let checkTrials: Double
    /// p = d_t/R, clipped to 1.
    public let edgeProbability: Double

    public init(variableTrials: Double, checkTrials: Double, edgeProbability: Double) throws {
        self.variableTrials = try Validate.inRange(variableTrials, "T (texts)", 1, .greatestFiniteMagnitude)
        self.checkTrials = try Validate.inRange(checkTrials, "n (concept nodes)", 1, .greatestFiniteMagnitude)
        self.edgeProbability = try Validate.probability(edgeProbability, "p (edge probability)", .lowerOpen)
    }

    /// ln (1 − p + p x)
    @inline(__always) func logBase(_ x: Double) -> Double { Double.log(onePlus: edgeProbability * (x - 1)) }

    /// (1 − p + p x)^m with 0^0 = 1.
    @inline(__always) func power(_ m: Double, _ x: Double) -> Double {
        if m == 0 { return 1 }
        return Double.exp(m * logBase(x))
    }

    public func lambda(_ x: Double) -> Double { power(variableTrials - 1, x) }
    public func lambdaPrime(_ x: Double) -> Double {
        (variableTrials - 1) * edgeProbability * power(variableTrials - 2, x)
    }
    public func logLambda(_ x: Double) -> Double {
        variableTrials == 1 ? 0 : (variableTrials - 1) * logBase(x)
    }
    public func lambdaLogDerivative(_ x: Double) -> Double {
        (variableTrials - 1) * edgeProbability / (1 - edgeProbability + edgeProbability * x)
    }
    public func rho(_ x: Double) -> Double { power(checkTrials - 1, x) }
    public func rhoPrime(_ x: Double) -> Double { (checkTrials - 1) * edgeProbability * power(checkTrials - 2, x) }
    public func lambdaSecond(_ x: Double) -> Double {
        let m = variableTrials - 1
        if m < 2 { return 0 }  // at most one other edge: λ is affine
        return m * (m - 1) * edgeProbability * edgeProbability * power(m - 2, x)
    }
    public func rhoSecond(_ x: Double) -> Double {
        let m = checkTrials - 1
        if m < 2 { return 0 }
        return m * (m - 1) * edgeProbability * edgeProbability * power(m - 2, x)
    }
    /// ℓ(x) = (T − 1) ln(1 − p + p y(x)) with y(x) = 1 − (1 − px)^{n−1}: y is concave for n − 1 ≥ 1 (or constant
    /// for n = 1) and ln(1 − p + p y) concave and non-decreasing in y, so ℓ is concave;
    /// ℓ' = (λ'/λ)(y) (n − 1) p (1 − px)^{n−2}, with (1 − px)^{n−2} = ρ(1 − x)/(1 − px).
    public func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double? {
        guard checkTrials >= 2 || checkTrials == 1 else { return nil }
        let y = 1 - rhoOfComplement
        return lambdaLogDerivative(y) * (checkTrials - 1) * edgeProbability * rhoOfComplement
            / (1 - edgeProbability * x)
    }
    /// One ln(1 − p + p x) for both powers; the same operations as `rho` and `rhoPrime`, so the same bits.
    public func rhoAndPrime(_ x: Double) -> (rho: Double, rhoPrime: Double) {
        let base = logBase(x)
        let rho = checkTrials - 1 == 0 ? 1 : Double.exp((checkTrials - 1) * base)
        let prime = checkTrials - 2 == 0 ? 1 : Double.exp((checkTrials - 2) * base)
        return (rho, (checkTrials - 1) * edgeProbability * prime)
    }
    public func nodeL(_ x: Double) -> Double {
        let logEmpty = variableTrials * Double.log(onePlus: -edgeProbability)  // ln (1−p)^T
        let denominator = -Double.expMinusOne(logEmpty)
        return (power(variableTrials, x) - Double.exp(logEmpty)) / denominator
    }
    public var meanVariableDegree: Double {
        let logEmpty = variableTrials * Double.log(onePlus: -edgeProbability)
        return variableTrials * edgeProbability / -Double.expMinusOne(logEmpty)
    }
}

/// The (d_v, d_c)-regular LDPC ensemble: λ(x) = x^{d_v−1}, ρ(x) = x^{d_c−1}, L(x) = x^{d_v}. Used to check the
/// density-evolution and scaling-law code against the literature ((3,6): ε^BP = 0.4294, α = 0.5604).
public struct RegularEnsemble: DegreeEnsemble, Equatable {
    /// d_v: variable-node degree.
    public let variableDegree: Double
    /// d_c: check-node degree.
    public let checkDegree: Double

    public init(variableDegree: Int, checkDegree: Int) throws {
        self.variableDegree = Double(try Validate.count(variableDegree, "d_v", minimum: 2))
        self.checkDegree = Double(try Validate.count(checkDegree, "d_c", minimum: 2))
    }

    public func lambda(_ x: Double) -> Double { Double.pow(x, variableDegree - 1) }
    public func lambdaPrime(_ x: Double) -> Double { (variableDegree - 1) * Double.pow(x, variableDegree - 2) }
    public func logLambda(_ x: Double) -> Double { (variableDegree - 1) * Double.log(x) }
    public func lambdaLogDerivative(_ x: Double) -> Double { (variableDegree - 1) / x }
    public func rho(_ x: Double) -> Double { Double.pow(x, checkDegree - 1) }
    public func rhoPrime(_ x: Double) -> Double { (checkDegree - 1) * Double.pow(x, checkDegree - 2) }
    public func lambdaSecond(_ x: Double) -> Double {
        variableDegree <= 2 ? 0 : (variableDegree - 1) * (variableDegree - 2) * Double.pow(x, variableDegree - 3)
    }
    public func rhoSecond(_ x: Double) -> Double {
        checkDegree <= 2 ? 0 : (checkDegree - 1) * (checkDegree - 2) * Double.pow(x, checkDegree - 3)
    }
    public func nodeL(_ x: Double) -> Double { Double.pow(x, variableDegree) }
    public var meanVariableDegree: Double { variableDegree }
    /// ℓ(x) = (d_v − 1) ln(1 − (1 − x)^{d_c−1}) is concave (d_c ≥ 2, d_v ≥ 2);
    /// ℓ' = (d_v − 1)(d_c − 1)(1 − x)^{d_c−2}/y.
    public func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double? {
        (variableDegree - 1) * (checkDegree - 1) * rhoOfComplement / ((1 - x) * (1 - rhoOfComplement))
    }
}

/// Large-R (Poisson) limit of the binomial ensemble at fixed T/R: λ(x) = e^{d_s(x−1)}, ρ(x) = e^{d̄_t(x−1)},
/// with d_s = d_t T/R (texts per concept) and d̄_t = d_t/ε (concepts, known or not, per text).
public struct PoissonEnsemble: DegreeEnsemble, Equatable {
    /// d_s: mean concept degree.
    public let meanConceptDegree: Double
    /// d̄_t: mean text degree.
    public let meanTextDegree: Double

    public init(meanConceptDegree: Double, meanTextDegree: Double) throws {
        self.meanConceptDegree = try Validate.positive(meanConceptDegree, "d_s")
        self.meanTextDegree = try Validate.positive(meanTextDegree, "d̄_t")
    }

    public func lambda(_ x: Double) -> Double { Double.exp(meanConceptDegree * (x - 1)) }
    public func lambdaPrime(_ x: Double) -> Double { meanConceptDegree * lambda(x) }
    public func logLambda(_ x: Double) -> Double { meanConceptDegree * (x - 1) }
    public func lambdaLogDerivative(_ x: Double) -> Double { meanConceptDegree }
    public func rho(_ x: Double) -> Double { Double.exp(meanTextDegree * (x - 1)) }
    public func rhoPrime(_ x: Double) -> Double { meanTextDegree * rho(x) }
    public func lambdaSecond(_ x: Double) -> Double { meanConceptDegree * meanConceptDegree * lambda(x) }
    public func rhoSecond(_ x: Double) -> Double { meanTextDegree * meanTextDegree * rho(x) }
    public func nodeL(_ x: Double) -> Double {
        let empty = Double.exp(-meanConceptDegree)
        return (Double.exp(meanConceptDegree * (x - 1)) - empty) / -Double.expMinusOne(-meanConceptDegree)
    }
    public var meanVariableDegree: Double { meanConceptDegree / -Double.expMinusOne(-meanConceptDegree) }
    /// ℓ(x) = −d_s e^{−d̄_t x} is concave; ℓ' = d_s d̄_t e^{−d̄_t x} = d_s d̄_t ρ(1 − x).
    public func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double? {
        meanConceptDegree * meanTextDegree * rhoOfComplement
    }
}
