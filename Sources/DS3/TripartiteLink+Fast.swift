import RealModule
import ScalingCore

/// Fast evaluation of the population outcome over a (C_tr, C_inf) grid, with the same arithmetic as
/// `population(trainingCompute:inferenceCompute:competence:)` (results are bit-identical), but
///
/// - the re-expressed skill counts m'(l, m, l') — products of σ_k = ½ ln k — are tabulated once per grid instead
///   of once per task, level and grid point;
/// - at each grid point the chain-of-thought factor γ_l'^{m'} I_{r'}(m', K − m' + 1) is evaluated once per
///   (l', m') and shared by every task (l, m) that re-expresses to it (r' depends on l' and m' only);
/// - rows of equal C_tr share the competence p_l, γ_l and run on all cores in an order that balances the work,
///   with results returned in grid order.
extension TripartiteLink {
    /// m'(l, m, l') for the population's tasks, indexed [(l − L_min)·(#m) + (m − m_min)]·L_max + (l' − 1).
    struct SkillTable: Sendable {
        let skills: [Int]
        let taskCount: Int
    }

    func skillTable() -> SkillTable {
        let c = constants
        var skills: [Int] = []
        skills.reserveCapacity((c.maxLevel - c.minLevel + 1) * (c.maxSkills - c.minSkills + 1) * c.maxLevel)
        for l in c.minLevel...c.maxLevel {
            for m in c.minSkills...c.maxSkills {
                for lp in 1...c.maxLevel { skills.append(reexpressedSkills(level: l, skills: m, at: lp)) }
            }
        }
        return SkillTable(skills: skills, taskCount: skills.count / c.maxLevel)
    }

    /// E[acc] and E[C_inf used] over the population at every (C_tr, C_inf) of the grid, row-major
    /// (`result[i * inferenceComputes.count + j]` for C_tr[i], C_inf[j]); identical to calling `population` at each
    /// point. Rows run on `threads` cores; the result does not depend on the thread count.
    public func populationGrid(
        trainingComputes: [Double], inferenceComputes: [Double], threads: Int = Parallel.defaultThreads
    ) throws -> [PopulationOutcome] {
        for c in inferenceComputes { try Validate.nonNegative(c, "C_inf") }
        let table = skillTable()
        let rows = trainingComputes.count
        // Work grows with C_tr (more learned levels): pair cheap and expensive rows in each contiguous chunk.
        let order = (0..<rows).map { $0 % 2 == 0 ? $0 / 2 : rows - 1 - $0 / 2 }
        let link = self
        let byPosition = try Parallel.map(count: rows, threads: threads) { position -> [PopulationOutcome] in
            let cTr = trainingComputes[order[position]]
            let competence = try link.competence(trainingCompute: cTr)
            let N = try link.model(trainingCompute: cTr).parameters
            return try inferenceComputes.map { cInf in
                try link.population(parameters: N, inferenceCompute: cInf, competence: competence, table: table)
            }
        }
        var result = [[PopulationOutcome]](repeating: [], count: rows)
        for (position, row) in order.enumerated() { result[row] = byPosition[position] }
        return result.flatMap { $0 }
    }

    /// Upper bound on I_x(a, b) for integer a ≥ 1, b > 0, 0 < x < 1: P(Bin(n, x) ≥ a) ≤ exp(−n KL(a/n ‖ x)) with
    /// n = a + ⌈b⌉ − 1 when a/n > x (x^a when n = a); 1 otherwise.
    @inline(__always)
    static func chernoffBound(m a: Double, b: Double, x: Double) -> Double {
        guard x > 0, x < 1 else { return 1 }
        let n = a + b.rounded(.up) - 1
        let f = a / n
        if f >= 1 { return Double.exp(a * Double.log(x)) }
        guard f > x else { return 1 }
        let kl = f * Double.log(f / x) + (1 - f) * Double.log((1 - f) / (1 - x))
        return Double.exp(-n * kl)
    }

    /// One grid point of `populationGrid`: the loop of `evaluate` over tasks and levels with a per-point memo of
    /// the best-level candidates keyed by (l', m').
    func population(parameters N: Double, inferenceCompute: Double, competence comp: Competence, table: SkillTable)
        throws -> PopulationOutcome
    {
        let c = constants
        let perStep = 2 * N * c.tokensPerStep
        let realK = inferenceCompute / perStep
        let K = mode == .published ? realK : realK.rounded(.down)
        // Memo of γ^{m'} I_{r'}(m', K − m' + 1) for m' ≤ memoSkills; NaN = not computed yet.
        let memoSkills = 64
        var memo = [Double](repeating: .nan, count: c.maxLevel * (memoSkills + 1))
        var acc = 0.0
        var used = 0.0
        for task in 0..<table.taskCount {
            let base = task * c.maxLevel
            var best = 0.0
            var bestLevel = 0
            var bestM = 0
            var bestR = 0.0
            for lp in 1...c.maxLevel {
                let g = comp.gamma[lp]
                if g == 0 { break }
                let mp = table.skills[base + lp - 1]
                let M = (Double(mp) + c.distractorRatio * Double(mp)).rounded(.up)
                let pl = comp.p[lp]
                let r = pl * (c.directionality / M + 1 - c.directionality) * pl
                let b = K - Double(mp) + 1
                if b <= 0 || r <= 0 { continue }
                // A candidate that cannot beat `best` is skipped: γ^{m'} I_r(m', b) ≤ γ^{m'} exp(−n KL(m'/n ‖ r)),
                // n = m' + ⌈b⌉ − 1 (Chernoff, as in `NegativeBinomialTail`), so the chosen level is unchanged.
                if best > 0,
                    Self.chernoffBound(m: Double(mp), b: b, x: r) * Double.exp(Double(mp) * Double.log(g))
                        <= best
                {
                    continue
                }
                let value: Double
                if mp <= memoSkills {
                    let slot = (lp - 1) * (memoSkills + 1) + mp
                    if memo[slot].isNaN {
                        memo[slot] =
                            Double.exp(Double(mp) * Double.log(g))
                            * (try NegativeBinomialTail.regularized(a: Double(mp), b: b, x: r))
                    }
                    value = memo[slot]
                } else {
                    value =
                        Double.exp(Double(mp) * Double.log(g))
                        * (try NegativeBinomialTail.regularized(a: Double(mp), b: b, x: r))
                }
                if value > best {
                    best = value
                    bestLevel = lp
                    bestM = mp
                    bestR = r
                }
            }
            guard bestLevel > 0 else {
                used += perStep * realK
                continue
            }
            let steps = try expectedSteps(m: bestM, r: bestR, budget: K, reach: comp.gamma[bestLevel])
            acc += best
            used += perStep * steps
        }
        let count = Double(table.taskCount)
        return PopulationOutcome(
            accuracy: acc / count, computeUsed: used / count, tokens: used / count / (2 * N), parameters: N)
    }
}
