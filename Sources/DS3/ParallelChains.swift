import RealModule
import ScalingCore

extension ChainOfThought {
    /// Expected latency (steps) of `chains` independent chain-of-thought chains run in parallel:
    /// E[max_i min(T_i, K)] = Σ_{k=0}^{⌊K⌋−1} (1 − F(k)^n) + (K − ⌊K⌋)(1 − F(⌊K⌋)^n), F(k) = P(T_m ≤ k).
    /// The sum is truncated once n (1 − F(k)) < 1e-18 (the remaining terms decay geometrically).
    public static func expectedMaximumSteps(m: Int, r: Double, steps K: Double, chains n: Int) throws -> Double {
        try validate(m: m, r: r, K: K)
        try Validate.count(n, "chains")
        let K0 = K.rounded(.down)
        let frac = K - K0
        if r == 0 { return K }
        let md = Double(m)
        if K0 < md { return K }
        // k < m: F(k) = 0, every term is 1.
        var total = md
        let nd = Double(n)
        let logQ = Double.log(onePlus: -r)
        // pmf(k) = C(k−1, m−1) r^m (1−r)^{k−m}, starting at k = m.
        var logPmf = md * Double.log(r)
        var survival = 1.0  // 1 − F(k − 1)
        var k = md
        while true {
            // F(k) now includes pmf(k).
            survival -= Double.exp(logPmf)
            if survival < 0 { survival = 0 }
            let term = -Double.expMinusOne(nd * Double.log(onePlus: -survival))
            if k < K0 {
                total += term
            } else {
                total += frac * term
                break
            }
            if nd * survival < 1e-18 { break }
            logPmf += Double.log(k / (k - md + 1)) + logQ
            k += 1
        }
        return total
    }
}

/// A verifier that judges a candidate answer: accepts a correct one with probability `sensitivity` and a wrong
/// one with probability `falseAcceptance`. The oracle has (1, 0).
public struct Verifier: Sendable, Hashable {
    public let sensitivity: Double
    public let falseAcceptance: Double

    public init(sensitivity: Double, falseAcceptance: Double) throws(ParameterError) {
        self.sensitivity = try Validate.probability(sensitivity, "verifier sensitivity")
        self.falseAcceptance = try Validate.probability(falseAcceptance, "verifier false acceptance")
    }

    /// The perfect (oracle) verifier.
    public static let oracle = Verifier(unchecked: 1, 0)

    init(unchecked s: Double, _ f: Double) {
        self.sensitivity = s
        self.falseAcceptance = f
    }

    public var isOracle: Bool { sensitivity == 1 && falseAcceptance == 0 }

    /// Per-candidate probabilities for sample success p: (correct and accepted, wrong and accepted).
    func acceptance(_ p: Double) -> (correct: Double, wrong: Double) {
        (p * sensitivity, (1 - p) * falseAcceptance)
    }

    mutating func judge(_ correct: Bool, _ u: Double) -> Bool {
        correct ? u < sensitivity : u < falseAcceptance
    }
}
