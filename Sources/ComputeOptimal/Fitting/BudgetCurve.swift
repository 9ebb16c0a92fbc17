import RealModule
import ScalingCore

/// A measured accuracy-vs-thinking-budget curve: accuracy of one model on one benchmark at several token budgets Ω
/// (budget forcing), optionally with the number of benchmark items behind each accuracy.
///
/// Budgets need not be sorted or distinct. With `questions` the fits maximise the binomial likelihood of the counts
/// k = accuracy × n; without, they minimise the sum of squared accuracy residuals.
public struct BudgetCurve: Sendable, Equatable {
    /// Ω, thinking tokens per query (≥ 0).
    public let tokens: [Double]
    /// Measured accuracy in [0, 1].
    public let accuracy: [Double]
    /// n, benchmark items (≥ 1) behind each accuracy; nil for unweighted least squares.
    public let questions: [Double]?

    public var count: Int { tokens.count }

    /// - Throws: `ParameterError` for unequal lengths, fewer than `minimumPoints` points, negative or non-finite
    ///   tokens, accuracy outside [0, 1] or questions < 1.
    public init(tokens: [Double], accuracy: [Double], questions: [Double]? = nil, minimumPoints: Int = 2)
        throws(ParameterError)
    {
        guard tokens.count == accuracy.count, questions.map({ $0.count == tokens.count }) ?? true else {
            throw ParameterError(
                parameter: "budget curve", value: "\(tokens.count) budgets, \(accuracy.count) accuracies",
                validRange: "one accuracy (and one question count) per budget")
        }
        try Validate.count(tokens.count, "number of budget points", minimum: minimumPoints)
        for t in tokens { try Validate.nonNegative(t, "tokens") }
        for y in accuracy { try Validate.probability(y, "accuracy") }
        if let questions {
            for n in questions { try Validate.inRange(n, "questions", 1, .greatestFiniteMagnitude) }
        }
        self.tokens = tokens
        self.accuracy = accuracy
        self.questions = questions
    }

    /// The same budgets and question counts with other accuracies (bootstrap replicates).
    func with(accuracy: [Double]) -> BudgetCurve {
        BudgetCurve(unchecked: tokens, accuracy, questions)
    }

    private init(unchecked tokens: [Double], _ accuracy: [Double], _ questions: [Double]?) {
        self.tokens = tokens
        self.accuracy = accuracy
        self.questions = questions
    }

    /// The residual vector whose squared norm the fits minimise: signed binomial deviance residuals
    /// sign(y − p)·√(2n KL(y ‖ p)) with questions (Σ = deviance = 2(ℓ_saturated − ℓ)), else p − y.
    /// A model probability that makes an observation impossible (p = 0 with y > 0) gives +∞.
    func residuals(_ predicted: [Double]) -> [Double] {
        guard let questions else { return zip(predicted, accuracy).map { $0 - $1 } }
        var out = [Double](repeating: 0, count: predicted.count)
        for i in predicted.indices {
            let p = predicted[i]
            let y = accuracy[i]
            let kl = Self.bernoulliDivergence(y, p)
            out[i] = (p >= y ? 1 : -1) * (2 * questions[i] * kl).squareRoot()
        }
        return out
    }

    /// Log-likelihood of the fitted accuracies: binomial Σ [ln C(n, k) + k ln p + (n − k) ln(1 − p)], k = yn
    /// (real k through log-gamma), with questions; else Gaussian with the maximum-likelihood variance SSR/n.
    func logLikelihood(_ predicted: [Double]) -> Double {
        guard let questions else {
            let n = Double(count)
            let ssr = zip(predicted, accuracy).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            let variance = max(ssr / n, 1e-300)
            return -0.5 * n * (Double.log(2 * .pi * variance) + 1)
        }
        var total = 0.0
        for i in predicted.indices {
            let n = questions[i]
            let k = accuracy[i] * n
            let p = predicted[i]
            let logChoose = Double.logGamma(n + 1) - Double.logGamma(k + 1) - Double.logGamma(n - k + 1)
            let success = k > 0 ? k * Double.log(p) : 0
            let failure = n - k > 0 ? (n - k) * Double.log(onePlus: -p) : 0
            total += logChoose + success + failure
        }
        return total
    }

    /// KL(y ‖ p) = y ln(y/p) + (1 − y) ln((1 − y)/(1 − p)) in nats, without the cancellation of the two logarithms
    /// when p is close to y: with u = (y − p)/p and v = (p − y)/(1 − p), KL = (y − p)²/(p(1 − p)) − y g(u) − (1 − y) g(v),
    /// g(x) = x − ln(1 + x) ≥ 0 (series for small |x|). +∞ where p makes y impossible.
    static func bernoulliDivergence(_ y: Double, _ p: Double) -> Double {
        if y == p { return 0 }
        if p <= 0 || p >= 1 { return .infinity }
        if y == 0 { return -Double.log(onePlus: -p) }
        if y == 1 { return -Double.log(p) }
        let d = y - p
        let u = d / p
        let v = -d / (1 - p)
        let value = d * d / (p * (1 - p)) - y * excessOverLog(u) - (1 - y) * excessOverLog(v)
        return max(0, value)
    }

    /// x − ln(1 + x) for x > −1: the Taylor series Σ_{k≥2} (−1)^k x^k/k when |x| < 0.1 (20 terms: remainder
    /// below 1e-21 relative), else directly.
    static func excessOverLog(_ x: Double) -> Double {
        guard abs(x) < 0.1 else { return x - Double.log(onePlus: x) }
        var power = x * x
        var sum = 0.0
        for k in 2...21 {
            sum += (k % 2 == 0 ? 1 : -1) * power / Double(k)
            power *= x
        }
        return sum
    }
}
