import GSL
import RealModule
import ScalingCore

/// Bounded nonlinear least squares shared by the pass@N, majority-vote and directionality fits.
///
/// Each parameter θₖ lives in a closed interval [loₖ, hiₖ] and is reparametrised as θₖ = loₖ + (hiₖ − loₖ)·σ(uₖ),
/// σ the logistic function, so GSL's unconstrained Nelder–Mead can search u freely from every start. The best
/// minimum is then polished by Levenberg–Marquardt in the natural parameters; a parameter that converged onto
/// a bound (σ within 1e-6 of 0 or 1) is held exactly on it and reported without a standard error.
struct BoundedParameters {
    let ranges: [ClosedRange<Double>]

    /// θ moved strictly inside the box (so its logit is finite).
    func clamped(_ theta: [Double]) -> [Double] {
        zip(theta, ranges).map { x, r in
            let w = r.upperBound - r.lowerBound
            return min(max(x, r.lowerBound + 1e-9 * w), r.upperBound - 1e-9 * w)
        }
    }

    func toU(_ theta: [Double]) -> [Double] {
        zip(clamped(theta), ranges).map { x, r in
            let s = (x - r.lowerBound) / (r.upperBound - r.lowerBound)
            return Double.log(s) - Double.log(onePlus: -s)
        }
    }

    /// θ from u; |u| is capped at 30 (σ within 1e-13 of 0 or 1) so a simplex chasing a bound sees a flat
    /// function and can settle.
    func fromU(_ u: [Double]) -> [Double] {
        zip(u, ranges).map { raw, r in
            let v = min(max(raw, -30), 30)
            let s = v >= 0 ? 1 / (1 + Double.exp(-v)) : Double.exp(v) / (1 + Double.exp(v))
            return r.lowerBound + (r.upperBound - r.lowerBound) * s
        }
    }

    /// Result of a bounded fit.
    struct Solution {
        let theta: [Double]
        let ssr: Double
        /// Indices held on a bound.
        let atBound: [Int]
        var free: [Int] { theta.indices.filter { !atBound.contains($0) } }

        /// Covariance s²(JᵀJ)⁻¹ over the free parameters, s² = SSR/(n − p_free); the variance of each parameter
        /// (nil for bound ones, or for all when n ≤ p_free).
        func covariance(residuals: ([Double]) throws -> [Double], count n: Int) throws -> [Double?] {
            guard let inverse = try normalInverse(residuals: residuals, count: n) else {
                return theta.indices.map { _ in nil }
            }
            var out = [Double?](repeating: nil, count: theta.count)
            for (a, k) in free.enumerated() { out[k] = inverse.matrix[a, a] * inverse.s2 }
            return out
        }

        /// gᵀ Σ g over the free parameters (delta-method variance of a derived quantity with gradient g).
        func quadraticForm(_ g: [Double], residuals: ([Double]) throws -> [Double], count n: Int) throws -> Double {
            guard let inverse = try normalInverse(residuals: residuals, count: n) else {
                throw FitError("too few data points for a standard error")
            }
            var s = 0.0
            for (a, i) in free.enumerated() {
                for (b, j) in free.enumerated() { s += g[i] * inverse.matrix[a, b] * g[j] }
            }
            return s * inverse.s2
        }

        private func normalInverse(residuals: ([Double]) throws -> [Double], count n: Int) throws
            -> (matrix: SymmetricMatrix, s2: Double)?
        {
            let p = free.count
            guard p > 0, n > p else { return nil }
            let free = self.free
            let theta = self.theta
            let jac = try LevenbergMarquardt.numericalJacobian(free.map { theta[$0] }) { sub in
                var full = theta
                for (a, k) in free.enumerated() { full[k] = sub[a] }
                return try residuals(full)
            }
            let inverse = try SymmetricMatrix.normal(jacobian: jac).inverse()
            return (inverse, ssr / Double(n - p))
        }
    }

    /// Multi-start fit: Nelder–Mead in u from every start (a start whose simplex fails is skipped), LM polish of
    /// the best in θ with bound-hugging parameters held on the bound.
    func fit(starts: [[Double]], residuals: ([Double]) throws -> [Double]) throws -> Solution {
        func ssr(_ theta: [Double]) -> Double {
            guard let r = try? residuals(theta), r.allSatisfy(\.isFinite) else { return .infinity }
            return r.reduce(0) { $0 + $1 * $1 }
        }
        var best: (theta: [Double], value: Double)? = nil
        var firstError: (any Error)? = nil
        for start in starts {
            // Global stage: a coarse simplex (size 1e-3 in u) locates the basin; LM below does the precision.
            // A start whose simplex does not settle within the budget is refined by LM in u instead.
            var u = toU(start)
            if let m = try? MinimizeND.nelderMead(
                start: u, step: [Double](repeating: 1, count: start.count), sizeTolerance: 1e-3,
                maxIterations: 3_000, { ssr(fromU($0)) })
            {
                u = m.x
            } else {
                do {
                    func uResiduals(_ v: [Double]) throws -> [Double] { try residuals(fromU(v)) }
                    u = try LevenbergMarquardt.minimise(
                        start: u, maxIterations: 200, residuals: uResiduals,
                        jacobian: { try LevenbergMarquardt.numericalJacobian($0, residuals: uResiduals) }
                    ).x
                } catch {
                    if firstError == nil { firstError = error }
                    continue
                }
            }
            let theta = fromU(u)
            let value = ssr(theta)
            if value.isFinite, best == nil || value < best!.value { best = (theta, value) }
        }
        guard let best else { throw FitError("no start converged: \(firstError.map { "\($0)" } ?? "no starts")") }
        var theta = best.theta
        var atBound: [Int] = []
        for (k, r) in ranges.enumerated() {
            let s = (theta[k] - r.lowerBound) / (r.upperBound - r.lowerBound)
            if s < 1e-6 {
                theta[k] = r.lowerBound
                atBound.append(k)
            } else if s > 1 - 1e-6 {
                theta[k] = r.upperBound
                atBound.append(k)
            }
        }
        var solution = try polish(theta, atBound: atBound, residuals: residuals)
        // A free parameter that LM pressed against its bound: try holding it there.
        for k in solution.free {
            let r = ranges[k]
            let s = (solution.theta[k] - r.lowerBound) / (r.upperBound - r.lowerBound)
            guard s < 1e-4 || s > 1 - 1e-4 else { continue }
            var snapped = solution.theta
            snapped[k] = s < 0.5 ? r.lowerBound : r.upperBound
            if let alternative = try? polish(snapped, atBound: solution.atBound + [k], residuals: residuals),
                alternative.ssr <= solution.ssr
            {
                solution = alternative
            }
        }
        return solution
    }

    /// LM over the free parameters; a step that leaves the box is rejected (residuals reported non-finite).
    func polish(_ theta: [Double], atBound: [Int], residuals: ([Double]) throws -> [Double]) throws -> Solution {
        let free = theta.indices.filter { !atBound.contains($0) }
        let ranges = self.ranges
        func full(_ sub: [Double]) -> [Double] {
            var t = theta
            for (a, k) in free.enumerated() { t[k] = sub[a] }
            return t
        }
        func subResiduals(_ sub: [Double]) throws -> [Double] {
            for (a, k) in free.enumerated() where !ranges[k].contains(sub[a]) {
                return [Double.infinity]
            }
            return try residuals(full(sub))
        }
        guard !free.isEmpty else {
            let r = try residuals(theta)
            return Solution(theta: theta, ssr: r.reduce(0) { $0 + $1 * $1 }, atBound: atBound)
        }
        let outcome = try LevenbergMarquardt.minimise(
            start: free.map { theta[$0] }, maxIterations: 1_000, residuals: subResiduals,
            jacobian: { try LevenbergMarquardt.numericalJacobian($0, residuals: subResiduals) })
        let t = full(outcome.x)
        let r = try residuals(t)
        return Solution(theta: t, ssr: r.reduce(0) { $0 + $1 * $1 }, atBound: atBound.sorted())
    }
}
