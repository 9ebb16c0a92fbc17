import GSL
import RealModule
import ScalingCore

/// Power-law exponents of the single-query inference-optimal path N*(C_inf) ∝ C^a, Ω*(C_inf) ∝ C^{1−a}, fitted in
/// the window where the optimal accuracy is between `lowAccuracy` and `highAccuracy` (DS3 notes §5.4, F11–F12:
/// the authors keep 0.01 < acc < 0.99 on a fixed grid of C).
///
/// The optimal accuracy is non-decreasing in C_inf (a larger budget can keep N* and use more tokens), so the
/// window ends are found by bracketed root searches on ln C, and `points` optima are fitted inside it.
public struct SingleQueryExponents: Sendable, Equatable {
    /// Window [C_low, C_high] where the optimal accuracy crosses lowAccuracy and highAccuracy.
    public let lowCompute: Double
    public let highCompute: Double
    /// Fits of N* and Ω* against C_inf (exponents sum to 1).
    public let parameters: PowerLawFit
    public let tokens: PowerLawFit

    /// - Parameters:
    ///   - model: the accuracy model (unbounded data is used).
    ///   - minimumTokens: smallest useful Ω (m ω of the easiest task).
    ///   - searchRange: range of C_inf to search for the window (FLOPs).
    /// - Throws: `ParameterError` when the accuracy never reaches the window in `searchRange`; `GSLError` on
    ///   solver failure.
    public init(
        model: some AccuracyModel, minimumTokens: Double, searchRange: ClosedRange<Double> = 1e6...1e30,
        lowAccuracy: Double = 0.01, highAccuracy: Double = 0.99, points: Int = 9, gridPoints: Int = 256
    ) throws {
        try Validate.probability(lowAccuracy, "low accuracy", .open)
        try Validate.inRange(highAccuracy, "high accuracy", lowAccuracy, 1)
        try Validate.count(points, "points", minimum: 2)
        // Optima already computed, by exact ln C: both window searches start from the same bracket ends, and the
        // root finder re-evaluates them.
        var computed: [Double: SingleQueryOptimum] = [:]
        func optimum(_ lnC: Double) throws -> SingleQueryOptimum {
            if let known = computed[lnC] { return known }
            let opt = try SingleQueryOptimum(
                model: model, compute: Double.exp(lnC), minimumTokens: minimumTokens, gridPoints: gridPoints)
            computed[lnC] = opt
            return opt
        }
        let lower = max(Double.log(searchRange.lowerBound), Double.log(2 * minimumTokens) + 1e-9)
        let upper = Double.log(searchRange.upperBound)
        func crossing(_ level: Double) throws -> Double {
            func g(_ x: Double) throws -> Double { try optimum(x).accuracy - level }
            guard try g(upper) > 0 else {
                throw ParameterError(
                    parameter: "accuracy window", value: level,
                    validRange: "reached by the optimal accuracy below C_inf = \(searchRange.upperBound)")
            }
            if try g(lower) >= 0 { return lower }
            return try Roots.brent(lower: lower, upper: upper, absoluteTolerance: 1e-6, relativeTolerance: 0, g).root
        }
        let a = try crossing(lowAccuracy)
        let b = try crossing(highAccuracy)
        guard b > a else {
            throw ParameterError(parameter: "accuracy window", value: "empty", validRange: "C_low < C_high")
        }
        var cs: [Double] = []
        var ns: [Double] = []
        var omegas: [Double] = []
        for i in 0..<points {
            let x = a + (b - a) * Double(i) / Double(points - 1)
            let opt = try optimum(x)
            cs.append(opt.compute)
            ns.append(opt.parameters)
            omegas.append(opt.tokens)
        }
        lowCompute = Double.exp(a)
        highCompute = Double.exp(b)
        parameters = try PowerLawFit(x: cs, y: ns)
        tokens = try PowerLawFit(x: cs, y: omegas)
    }
}
