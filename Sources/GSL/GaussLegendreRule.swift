internal import CGSL

/// The n-point Gauss–Legendre rule on [−1, 1] from GSL (`gsl_integration_glfixed_table_alloc`,
/// `gsl_integration_glfixed_point`): exact for polynomials of degree ≤ 2n − 1. A fixed rule keeps a smooth
/// objective deterministic and cheap (no adaptive subdivision), for example an expectation inside a fit.
public struct GaussLegendreRule: Sendable, Equatable {
    /// Nodes x_i ∈ (−1, 1), ascending.
    public let nodes: [Double]
    /// Weights w_i > 0 (Σ w_i = 2).
    public let weights: [Double]

    /// - Throws: `GSLError` for order < 1 or when GSL cannot build the table.
    public init(order n: Int) throws {
        guard n >= 1 else { throw GSLError.domain("GaussLegendreRule", "order must be ≥ 1, got \(n)") }
        guard let table = gsl_integration_glfixed_table_alloc(n) else {
            throw GSLError(
                code: Int32(GSL_ENOMEM), routine: "gsl_integration_glfixed_table_alloc", reason: "no table for n = \(n)"
            )
        }
        defer { gsl_integration_glfixed_table_free(table) }
        var x = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var xi = 0.0
            var wi = 0.0
            try check(gsl_integration_glfixed_point(-1, 1, i, &xi, &wi, table), "gsl_integration_glfixed_point")
            x[i] = xi
            w[i] = wi
        }
        // GSL hands the points out by index, not by abscissa: sort them.
        let order = x.indices.sorted { x[$0] < x[$1] }
        nodes = order.map { x[$0] }
        weights = order.map { w[$0] }
    }

    /// ∫ₐᵇ f(x) dx by the rule mapped to [a, b].
    public func integrate(_ a: Double, _ b: Double, _ f: (Double) throws -> Double) rethrows -> Double {
        let half = 0.5 * (b - a)
        let mid = 0.5 * (a + b)
        var s = 0.0
        for (x, w) in zip(nodes, weights) { s += w * (try f(mid + half * x)) }
        return s * half
    }
}
