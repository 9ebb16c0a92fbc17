import ScalingCore

/// Levenberg–Marquardt refinement of a (robust) least-squares problem, used to polish the minima the GSL
/// optimisers find and to reach the generating constants of noiseless data to near machine precision.
///
/// Minimises Σᵢ ρ(rᵢ(x)) with ρ(r) = r²/2 (plain least squares) or the Huber function ρ_δ(r) = r²/2 for |r| ≤ δ,
/// δ(|r| − δ/2) otherwise, by iteratively reweighted steps: wᵢ = min(1, δ/|rᵢ|), solve
/// (JᵀWJ + λ·diag(JᵀWJ)) Δ = −JᵀW r, accept Δ when the objective decreases (λ ÷ 3), else λ × 4.
/// A fixed point has Jᵀψ(r) = 0, i.e. it is a stationary point of the Huber objective.
enum LevenbergMarquardt {
    struct Outcome: Sendable, Equatable {
        let x: [Double]
        /// Σ ρ(rᵢ) at x.
        let cost: Double
        let iterations: Int
        /// True when the relative step or the gradient fell below tolerance (not merely iterations exhausted).
        let converged: Bool
    }

    static func cost(_ r: [Double], huber delta: Double?) -> Double {
        var s = 0.0
        for ri in r {
            if let delta, abs(ri) > delta { s += delta * (abs(ri) - 0.5 * delta) } else { s += 0.5 * ri * ri }
        }
        return s
    }

    /// - Parameters:
    ///   - residuals: r(x); must return finite values where the model is defined (a non-finite value rejects
    ///     the step).
    ///   - jacobian: rows ∂rᵢ/∂xⱼ.
    static func minimise(
        start: [Double], huber delta: Double? = nil, maxIterations: Int = 500, stepTolerance: Double = 1e-14,
        residuals: ([Double]) throws -> [Double], jacobian: ([Double]) throws -> [[Double]]
    ) throws -> Outcome {
        var x = start
        var r = try residuals(x)
        guard r.allSatisfy(\.isFinite) else { throw FitError("residuals are not finite at the start point") }
        var f = cost(r, huber: delta)
        var lambda = 1e-3
        let p = x.count
        for iteration in 1...max(1, maxIterations) {
            let jac = try jacobian(x)
            let w = r.map { ri -> Double in
                guard let delta, abs(ri) > delta else { return 1 }
                return delta / abs(ri)
            }
            var jtj = [Double](repeating: 0, count: p * p)
            var g = [Double](repeating: 0, count: p)
            for (i, row) in jac.enumerated() {
                for a in 0..<p {
                    g[a] += w[i] * row[a] * r[i]
                    for b in a..<p { jtj[a * p + b] += w[i] * row[a] * row[b] }
                }
            }
            for a in 0..<p {
                for b in 0..<a { jtj[a * p + b] = jtj[b * p + a] }
            }
            let gradientNorm = g.map { $0 * $0 }.reduce(0, +).squareRoot()
            if gradientNorm == 0 || f == 0 {
                return Outcome(x: x, cost: f, iterations: iteration, converged: true)
            }
            var accepted = false
            for _ in 0..<60 {
                var m = jtj
                for a in 0..<p { m[a * p + a] += lambda * max(jtj[a * p + a], 1e-300) }
                guard let step = solve(m, g.map { -$0 }, p) else {
                    lambda *= 4
                    continue
                }
                let trial = zip(x, step).map { $0 + $1 }
                guard let rt = try? residuals(trial), rt.allSatisfy(\.isFinite) else {
                    lambda *= 4
                    continue
                }
                let ft = cost(rt, huber: delta)
                if ft <= f {
                    let stepNorm = zip(step, trial).map { abs($0) / max(abs($1), 1e-8) }.max() ?? 0
                    x = trial
                    r = rt
                    let improvement = f - ft
                    f = ft
                    lambda = max(lambda / 3, 1e-12)
                    accepted = true
                    if stepNorm < stepTolerance || improvement <= 1e-30 * max(f, 1e-300) {
                        return Outcome(x: x, cost: f, iterations: iteration, converged: true)
                    }
                    break
                }
                lambda *= 4
                if lambda > 1e16 { break }
            }
            if !accepted {
                // No downhill step at any damping: x is a minimum to working precision.
                return Outcome(x: x, cost: f, iterations: iteration, converged: true)
            }
        }
        return Outcome(x: x, cost: f, iterations: maxIterations, converged: false)
    }

    /// Solves the small SPD system m·x = b by Cholesky; nil if m is not positive definite.
    static func solve(_ m: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var d = m[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > 0, d.isFinite else { return nil }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<max(n, j + 1) {
                var s = m[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = b[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(n, i + 1) { s -= l[k * n + i] * x[k] }
            x[i] = s / l[i * n + i]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// Central-difference Jacobian of r at x; step hⱼ = 1e-6·max(|xⱼ|, 1e-3) — truncation error O(h²) ≈ 1e-12
    /// relative, rounding O(ε/h) ≈ 1e-10: enough for Gauss–Newton steps and standard errors. Where x ± h is
    /// infeasible (residuals not finite, e.g. outside a bound) a one-sided difference is used.
    static func numericalJacobian(_ x: [Double], residuals: ([Double]) throws -> [Double]) throws -> [[Double]] {
        let r0 = try residuals(x)
        func feasible(_ r: [Double]?) -> [Double]? {
            guard let r, r.count == r0.count, r.allSatisfy(\.isFinite) else { return nil }
            return r
        }
        var rows = [[Double]](repeating: [Double](repeating: 0, count: x.count), count: r0.count)
        for j in x.indices {
            let h = 1e-6 * max(abs(x[j]), 1e-3)
            var xp = x
            var xm = x
            xp[j] += h
            xm[j] -= h
            let rp = feasible(try? residuals(xp))
            let rm = feasible(try? residuals(xm))
            switch (rp, rm) {
            case (let p?, let m?): for i in r0.indices { rows[i][j] = (p[i] - m[i]) / (xp[j] - xm[j]) }
            case (let p?, nil): for i in r0.indices { rows[i][j] = (p[i] - r0[i]) / (xp[j] - x[j]) }
            case (nil, let m?): for i in r0.indices { rows[i][j] = (r0[i] - m[i]) / (x[j] - xm[j]) }
            case (nil, nil): throw FitError("residuals are not finite on either side of parameter \(j)")
            }
        }
        return rows
    }
}
