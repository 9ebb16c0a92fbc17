/// Ordinary least squares of y on x for a straight line, y ≈ slope · x + intercept: the core of the project's
/// log–log power-law fits (`ComputeOptimal.PowerLawFit` in log10, `Tripartite.LogLogFit` in ln), which transform
/// and validate their points and then call this.
public enum LineFit {
    /// Slope, intercept and R² = sxy²/(sxx·syy) (1 when y is constant); nil when x is constant (sxx = 0).
    /// The two arrays must have equal counts ≥ 2 (callers validate).
    public static func leastSquares(_ x: [Double], _ y: [Double]) -> (
        slope: Double, intercept: Double, rSquared: Double
    )? {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n
        let my = y.reduce(0, +) / n
        var sxx = 0.0
        var sxy = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - mx) * (a - mx)
            sxy += (a - mx) * (b - my)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return (slope, my - slope * mx, syy > 0 ? sxy * sxy / (sxx * syy) : 1)
    }
}
