import Foundation
import RealModule
import ScalingCore

/// Edge- and node-perspective degree distributions of a Tanner-graph ensemble on the binary erasure channel
/// (Richardson–Urbanke notation). In the tripartite model concepts are the variable nodes ("bits") and text
/// pieces are the check nodes.
///
/// This is the theory a new ensemble supplies: its generating functions and their derivatives. Every solver
/// (`BPThreshold.solve`, `DensityEvolution`, `ScalingParameter`, `ConceptLearning.stallErasure`) accepts it; an
/// ensemble that also conforms to `DegreeEnsembleShortcuts` gets the numerically careful forms and search
/// shortcuts it provides, any other the defaults derived from these functions (`PlainShortcuts`).
public protocol DegreeEnsemble: Sendable {
    /// λ(x): edge-perspective variable-node (concept) degree generating function.
    func lambda(_ x: Double) -> Double
    /// λ'(x).
    func lambdaPrime(_ x: Double) -> Double
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
}

/// What an ensemble may add to its theory to make the solvers faster or more precise; every requirement has a
/// default derived from `DegreeEnsemble`, so a conforming type overrides only what it can do better. The built-in
/// ensembles (binomial, regular, Poisson) provide closed forms.
public protocol DegreeEnsembleShortcuts: DegreeEnsemble {
    /// ln λ(x) (−∞ where λ = 0), evaluated without forming λ (default: log λ(x)).
    func logLambda(_ x: Double) -> Double
    /// ln λ(1 − z) for a small complement z = 1 − x (ρ(1 − x) in the threshold), without rounding 1 − z first:
    /// that would cost ~1e-16/z relative precision in z (default: `logLambda(1 − z)`).
    func logLambda(complement z: Double) -> Double
    /// λ'(x)/λ(x), evaluated without forming λ (default: the quotient).
    func lambdaLogDerivative(_ x: Double) -> Double
    /// ρ'(x) given ρ(x) (an ensemble may derive one from the other; the default evaluates `rhoPrime`).
    func rhoPrime(_ x: Double, rho: Double) -> Double
    /// (ρ(x), ρ'(x)) together, equal to `rho` and `rhoPrime` up to an ulp or two (an ensemble may share work).
    func rhoAndPrime(_ x: Double) -> (rho: Double, rhoPrime: Double)
    /// (λ(x), λ'(x)) together, equal to `lambda` and `lambdaPrime` up to an ulp or two.
    func lambdaAndPrime(_ x: Double) -> (lambda: Double, lambdaPrime: Double)
    /// ℓ'(x) for ℓ(x) = ln λ(1 − ρ(1 − x)), given ρ(1 − x), when ℓ is concave on [0, 1] (nil otherwise, the default).
    /// The threshold scan uses it only for lower bounds (tangents of a concave ℓ lie above it), never for a result.
    func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double?
    /// x₀ such that the tangency residual h(x) = 1 − x (λ'/λ)(y(x)) ρ'(1 − x), y(x) = 1 − ρ(1 − x), is
    /// non-decreasing on [x₀, 1], so that ln g = ln x − ln λ(y(x)) has a single minimum there (nil when not known,
    /// the default). It is if λ is log-concave (λ'/λ non-increasing; y is increasing) and x ρ'(1 − x) is
    /// non-increasing on [x₀, 1]. `BPThreshold.solve` then finds ε^BP without a grid.
    var tangencyMonotoneFrom: Double? { get }
    /// (h, h', h'') at x of the tangency residual h(x) = 1 − K(x), K = x (λ'/λ)(y) ρ'(1 − x), in closed form (nil
    /// when not provided, the default); used by the Halley iteration of `BPThreshold.solve`. With
    /// D₁ = (ln K)' and D₂ = (ln K)'': h' = −K D₁, h'' = −K (D₁² + D₂).
    func tangencyResidual(_ x: Double) -> TangencyResidual?
    /// A starting point for the Halley iteration on h (nil: none, the default); any value is safe, a close one
    /// saves iterations.
    var tangencyStart: Double? { get }
}

extension DegreeEnsembleShortcuts {
    public func logLambda(_ x: Double) -> Double { Foundation.log(lambda(x)) }
    public func lambdaLogDerivative(_ x: Double) -> Double { lambdaPrime(x) / lambda(x) }
    public func rhoAndPrime(_ x: Double) -> (rho: Double, rhoPrime: Double) { (rho(x), rhoPrime(x)) }
    public func lambdaAndPrime(_ x: Double) -> (lambda: Double, lambdaPrime: Double) { (lambda(x), lambdaPrime(x)) }
    public func logLambda(complement z: Double) -> Double { logLambda(1 - z) }
    public func rhoPrime(_ x: Double, rho: Double) -> Double { rhoPrime(x) }
    public func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double? { nil }
    public var tangencyMonotoneFrom: Double? { nil }
    public func tangencyResidual(_ x: Double) -> TangencyResidual? { nil }
    public var tangencyStart: Double? { nil }
}

/// A `DegreeEnsemble` with the default shortcuts: how the solvers run an ensemble that supplies only its theory.
public struct PlainShortcuts<Base: DegreeEnsemble>: DegreeEnsembleShortcuts {
    public let base: Base

    public init(_ base: Base) { self.base = base }

    public func lambda(_ x: Double) -> Double { base.lambda(x) }
    public func lambdaPrime(_ x: Double) -> Double { base.lambdaPrime(x) }
    public func rho(_ x: Double) -> Double { base.rho(x) }
    public func rhoPrime(_ x: Double) -> Double { base.rhoPrime(x) }
    public func lambdaSecond(_ x: Double) -> Double { base.lambdaSecond(x) }
    public func rhoSecond(_ x: Double) -> Double { base.rhoSecond(x) }
    public func nodeL(_ x: Double) -> Double { base.nodeL(x) }
    public var meanVariableDegree: Double { base.meanVariableDegree }
}

/// The tangency residual h = 1 − K and its first two derivatives at one x (see
/// `DegreeEnsembleShortcuts.tangencyResidual`).
public struct TangencyResidual: Sendable, Equatable {
    /// h(x) = 1 − K(x).
    public let value: Double
    /// h'(x).
    public let slope: Double
    /// h''(x).
    public let curvature: Double
    /// ρ(1 − x) as computed for h (1 − y(x)).
    public let rhoComplement: Double

    /// From K, D₁ = (ln K)' and D₂ = (ln K)''.
    init(k: Double, logSlope d1: Double, logCurvature d2: Double, rhoComplement: Double) {
        self.rhoComplement = rhoComplement
        value = 1 - k
        slope = -k * d1
        curvature = -k * (d1 * d1 + d2)
    }
}

/// The larger root x of k x e^{−cx} = 1 (the Poisson-limit tangency condition), from the asymptotic series of the
/// Lambert W₋₁ branch: with w = c/k < 1/e, cx = L₁ + L₂ + L₂/L₁, L₁ = ln(1/w), L₂ = ln L₁ (a few per cent off; a
/// Newton start only). Nil without a root.
func poissonTangencyStart(k: Double, c: Double) -> Double? {
    let w = c / k
    guard c > 0, w > 0, w < 1 / M_E else { return nil }
    let l1 = -Double.log(w)
    let l2 = Double.log(l1)
    let x = (l1 + l2 + l2 / l1) / c
    return x.isFinite ? x : nil
}

/// The tripartite model's concept–text ensemble: every (text, concept) pair is an edge independently with
/// probability p, so concept degrees are Bin(T, p) and text degrees Bin(n, p) ("binomial_binomial").
///
/// λ(x) = (1 − p + p x)^{T−1}, ρ(x) = (1 − p + p x)^{n−1},
/// L(x) = [(1 − p + p x)^T − (1 − p)^T] / [1 − (1 − p)^T].
/// Every power is evaluated as exp(m·log1p(p(x − 1))): with T up to 1e10 a plain `pow` loses ~1e-6 relative.
public struct BinomialEnsemble: DegreeEnsembleShortcuts, Equatable {
    /// T: number of texts (trials of the concept-degree binomial).
    public let variableTrials: Double
    /// n = R/ε: number of concept nodes, known and unknown (trials of the text-degree binomial).
    public let checkTrials: Double
    /// p = d_t/R, clipped to 1.
    public let edgeProbability: Double

    /// ln (1 − p)^T: log-probability that a concept has no edge (used by L, L'(1) and the search's bounds).
    let logEmpty: Double

    public init(variableTrials: Double, checkTrials: Double, edgeProbability: Double) throws {
        self.variableTrials = try Validate.inRange(variableTrials, "T (texts)", 1, .greatestFiniteMagnitude)
        self.checkTrials = try Validate.inRange(checkTrials, "n (concept nodes)", 1, .greatestFiniteMagnitude)
        self.edgeProbability = try Validate.probability(edgeProbability, "p (edge probability)", .lowerOpen)
        logEmpty = self.variableTrials * Double.log(onePlus: -self.edgeProbability)
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
    /// (T − 1) ln(1 − p z).
    public func logLambda(complement z: Double) -> Double {
        variableTrials == 1 ? 0 : (variableTrials - 1) * Double.log(onePlus: -edgeProbability * z)
    }
    public func lambdaLogDerivative(_ x: Double) -> Double {
        (variableTrials - 1) * edgeProbability / (1 - edgeProbability + edgeProbability * x)
    }
    public func rho(_ x: Double) -> Double { power(checkTrials - 1, x) }
    public func rhoPrime(_ x: Double) -> Double { (checkTrials - 1) * edgeProbability * power(checkTrials - 2, x) }
    /// ρ'(x) = (n − 1) p ρ(x)/(1 − p + p x) (a division instead of a power; the power where the base is 0).
    public func rhoPrime(_ x: Double, rho: Double) -> Double {
        derivative(ofPower: rho, exponent: checkTrials - 1, at: x) ?? rhoPrime(x)
    }
    /// m p v/(1 − p + p x): the derivative of v = (1 − p + p x)^m from its value; nil where the base is 0 or m = 1
    /// (the callers then use their power formula, which is exact there).
    @inline(__always) func derivative(ofPower value: Double, exponent m: Double, at x: Double) -> Double? {
        let base = 1 - edgeProbability + edgeProbability * x
        guard base > 0, m != 1 else { return nil }
        return m * edgeProbability * value / base
    }
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
    /// One power for both: ρ(x) as `rho`, ρ'(x) = (n − 1)p ρ(x)/(1 − p + p x) (within an ulp or two of `rhoPrime`;
    /// `rhoPrime`'s own power where the base is 0 or n = 2).
    public func rhoAndPrime(_ x: Double) -> (rho: Double, rhoPrime: Double) {
        let rho = self.rho(x)
        return (rho, rhoPrime(x, rho: rho))
    }
    /// λ(y) = (1 − p + p y)^{T−1} is log-concave; x ρ'(1 − x) = (n − 1) p x (1 − px)^{n−2} has derivative
    /// (n − 1) p (1 − px)^{n−3} (1 − (n − 1) p x), which is ≤ 0 for x ≥ 1/((n − 1)p) when n > 2 (for n ≤ 2 the
    /// product increases with x). In the tripartite graph (d_t = 6, ε = 1/2) (n − 1)p = 12 − 6/R for R ≥ 6 and
    /// 2R − 1 below, at least 10 from R = 5.5 on, so x₀ ≤ 0.1 = x_min there.
    public var tangencyMonotoneFrom: Double? {
        checkTrials > 2 ? 1 / ((checkTrials - 1) * edgeProbability) : nil
    }
    /// With u = 1 − px, A = (λ'/λ)(y) = (T − 1)p/(1 − p + p y), B = ρ'(1 − x) = (n − 1)p u^{n−2} and K = xAB:
    /// dA/dy = −A²/(T − 1), dy/dx = B and dB/dx = −(n − 2)pB/u, so
    /// D₁ = (ln K)' = 1/x − AB/(T − 1) − (n − 2)p/u and
    /// D₂ = (ln K)'' = −1/x² + AB (AB/(T − 1) + (n − 2)p/u)/(T − 1) − (n − 2)p²/u², with AB/(T − 1) = pB/(1 − p + py)
    /// (so T = 1, where A = 0, needs no special case). One log1p and one exp.
    @inline(__always) public func tangencyResidual(_ x: Double) -> TangencyResidual? {
        let p = edgeProbability
        let u = 1 - p * x
        guard x > 0, u > 0, checkTrials > 2 else { return nil }
        // Reciprocals first: one division (by 1 − p + p y) follows the exp on the dependency chain.
        let (inverseX, inverseU) = (1 / x, 1 / u)
        let powerN2 = Double.exp((checkTrials - 2) * Double.log(onePlus: -p * x))  // u^{n−2}
        let rhoComplement = powerN2 * u
        let b = (checkTrials - 1) * p * powerN2  // B
        let perTrial = p * b / (1 - p * rhoComplement)  // AB/(T − 1) = p B/(1 − p + p y)
        let ab = (variableTrials - 1) * perTrial
        let checkTerm = (checkTrials - 2) * p * inverseU
        let d1 = inverseX - perTrial - checkTerm
        let d2 = -inverseX * inverseX + perTrial * (perTrial + checkTerm) - checkTerm * p * inverseU
        return TangencyResidual(k: x * ab, logSlope: d1, logCurvature: d2, rhoComplement: rhoComplement)
    }
    /// The Poisson-limit root: K ≈ (T − 1)p · c x e^{−cx} with c = (n − 1)p.
    @inline(__always) public var tangencyStart: Double? {
        let c = (checkTrials - 1) * edgeProbability
        return poissonTangencyStart(k: (variableTrials - 1) * edgeProbability * c, c: c)
    }
    public func nodeL(_ x: Double) -> Double {
        let empty = Double.exp(logEmpty)  // (1 − p)^T; 1 − empty is exact enough below e^{−1/2}
        return (power(variableTrials, x) - empty) / (logEmpty < -0.5 ? 1 - empty : -Double.expMinusOne(logEmpty))
    }
    public var meanVariableDegree: Double { variableTrials * edgeProbability / -Double.expMinusOne(logEmpty) }
    /// One power for both: λ(x) as `lambda`, λ'(x) = (T − 1)p λ(x)/(1 − p + p x) (within an ulp or two of
    /// `lambdaPrime`; `lambdaPrime`'s own power where the base is 0 or T = 2).
    public func lambdaAndPrime(_ x: Double) -> (lambda: Double, lambdaPrime: Double) {
        let lambda = self.lambda(x)
        return (lambda, derivative(ofPower: lambda, exponent: variableTrials - 1, at: x) ?? lambdaPrime(x))
    }
}

/// The (d_v, d_c)-regular LDPC ensemble: λ(x) = x^{d_v−1}, ρ(x) = x^{d_c−1}, L(x) = x^{d_v}. Used to check the
/// density-evolution and scaling-law code against the literature ((3,6): ε^BP = 0.4294, α = 0.5604).
public struct RegularEnsemble: DegreeEnsembleShortcuts, Equatable {
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
public struct PoissonEnsemble: DegreeEnsembleShortcuts, Equatable {
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
    public func logLambda(complement z: Double) -> Double { -meanConceptDegree * z }
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
    /// λ'/λ = d_s is constant and x ρ'(1 − x) = d̄_t x e^{−d̄_t x} is non-increasing for x ≥ 1/d̄_t.
    public var tangencyMonotoneFrom: Double? { 1 / meanTextDegree }
    /// K = d_s d̄_t x e^{−d̄_t x}: D₁ = 1/x − d̄_t, D₂ = −1/x².
    @inline(__always) public func tangencyResidual(_ x: Double) -> TangencyResidual? {
        guard x > 0 else { return nil }
        let rhoComplement = Double.exp(-meanTextDegree * x)
        let k = meanConceptDegree * meanTextDegree * x * rhoComplement
        return TangencyResidual(
            k: k, logSlope: 1 / x - meanTextDegree, logCurvature: -1 / (x * x), rhoComplement: rhoComplement)
    }
    /// The root of K = d_s d̄_t x e^{−d̄_t x} = 1 (asymptotic series).
    @inline(__always) public var tangencyStart: Double? {
        poissonTangencyStart(k: meanConceptDegree * meanTextDegree, c: meanTextDegree)
    }
    /// ℓ(x) = −d_s e^{−d̄_t x} is concave; ℓ' = d_s d̄_t e^{−d̄_t x} = d_s d̄_t ρ(1 − x).
    public func concaveScanSlope(_ x: Double, rhoOfComplement: Double) -> Double? {
        meanConceptDegree * meanTextDegree * rhoOfComplement
    }
}
