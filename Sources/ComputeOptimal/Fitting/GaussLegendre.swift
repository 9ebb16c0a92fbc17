import RealModule

/// Gauss–Legendre quadrature nodes and weights on [−1, 1] (Newton iteration on Pₙ from Chebyshev guesses;
/// exact for polynomials of degree ≤ 2n − 1). Used for the smooth expectations over skill difficulty in the
/// directionality fit, where a fixed rule keeps the objective deterministic and cheap.
struct GaussLegendre: Sendable {
    let nodes: [Double]
    let weights: [Double]

    init(order n: Int) {
        var x = [Double](repeating: 0, count: n)
        var w = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var z = Double.cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p0 = 1.0
                var p1 = z
                for k in stride(from: 2, through: n, by: 1) {
                    let pk = (Double(2 * k - 1) * z * p1 - Double(k - 1) * p0) / Double(k)
                    p0 = p1
                    p1 = pk
                }
                derivative = Double(n) * (z * p1 - p0) / (z * z - 1)
                let dz = p1 / derivative
                z -= dz
                if abs(dz) < 1e-16 { break }
            }
            x[i] = z
            w[i] = 2 / ((1 - z * z) * derivative * derivative)
        }
        nodes = x
        weights = w
    }

    /// ∫ₐᵇ f(x) dx.
    func integrate(_ a: Double, _ b: Double, _ f: (Double) throws -> Double) rethrows -> Double {
        let half = 0.5 * (b - a)
        let mid = 0.5 * (a + b)
        var s = 0.0
        for (x, w) in zip(nodes, weights) { s += w * (try f(mid + half * x)) }
        return s * half
    }
}
