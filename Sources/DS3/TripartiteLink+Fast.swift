import GSL
import RealModule
import ScalingCore

/// Fast evaluation of the population outcome over a (C_tr, C_inf) grid, with the same arithmetic as
/// `population(trainingCompute:inferenceCompute:competence:)` (results are bit-identical), but
///
/// - the re-expressed skill counts m'(l, m, l') — products of σ_k = ½ ln k — are tabulated once per grid instead
///   of once per task, level and grid point;
/// - at each grid point the chain-of-thought factor γ_l'^{m'} I_{r'}(m', K − m' + 1) is evaluated at most once per
///   (l', m') and shared by every task (l, m) that re-expresses to it (r' depends on l' and m' only);
/// - a task's best level is found by a bounded search: a level is evaluated only if an upper bound on its value
///   (its reach γ^{m'}, its Chernoff bound, near a tie one term of its lower sum) leaves it able to be chosen by
///   `evaluate`'s rule (largest value, lowest level among equal values) — so the choice is the same, while most
///   levels need no incomplete beta; values of exactly 1 are carried along a row to larger budgets;
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
        // σ_k once per k (the same values `reexpressedSkills` computes per factor, multiplied in the same order, so
        // every m' is the same integer).
        let sigma = (0...c.maxLevel).map { c.sigma($0) }
        func reexpressed(_ l: Int, _ m: Int, _ lp: Int) -> Int {
            if lp == l { return m }
            var product = 1.0
            if lp < l {
                for k in (lp + 1)...l { product *= sigma[k] }
                return Int((Double(m) * product).rounded(.up))
            }
            for k in (l + 1)...lp { product *= sigma[k] }
            return max(Int((Double(m) / product).rounded(.up)), 2)
        }
        var skills: [Int] = []
        skills.reserveCapacity((c.maxLevel - c.minLevel + 1) * (c.maxSkills - c.minSkills + 1) * c.maxLevel)
        for l in c.minLevel...c.maxLevel {
            for m in c.minSkills...c.maxSkills {
                for lp in 1...c.maxLevel { skills.append(reexpressed(l, m, lp)) }
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
        // The competence (p_l, γ_l) is a function of the support probabilities term1_l and P̄ alone; in `.published`
        // mode these are indicators, so the 50 rows of the released grid share 17 competences. Each distinct one
        // and its plan (which does not depend on the budgets) are made once.
        var keys: [[Double]] = []
        var rowKey: [Int] = []
        var keyIndex: [[Double]: Int] = [:]
        for cTr in trainingComputes {
            let key = try supportKey(trainingCompute: cTr)
            if let known = keyIndex[key] {
                rowKey.append(known)
            } else {
                keyIndex[key] = keys.count
                rowKey.append(keys.count)
                keys.append(key)
            }
        }
        // A plan keeps the pairs usable at the largest budget K of its rows (the row of smallest N).
        let maxInference = inferenceComputes.max() ?? 0
        var groupBudget = [Double](repeating: 0, count: keys.count)
        for (row, cTr) in trainingComputes.enumerated() {
            let N = try model(trainingCompute: cTr).parameters
            groupBudget[rowKey[row]] = max(groupBudget[rowKey[row]], maxInference / (2 * N * constants.tokensPerStep))
        }
        let link = self
        let distinct = keys
        let keyOfRow = rowKey
        let budgets = groupBudget
        let shared = try Parallel.map(count: distinct.count, threads: threads) { k -> (Competence, RowPlan) in
            let competence = try link.competence(supportKey: distinct[k])
            return (competence, link.rowPlan(competence: competence, table: table, maxBudget: budgets[k]))
        }
        // Work grows with C_tr (more learned levels) and `Parallel.map` hands out rows one at a time: start with the
        // expensive rows so that the cheap ones fill the cores at the end.
        let order = Array((0..<rows).reversed())
        let byPosition = try Parallel.map(count: rows, threads: threads) { position -> [PopulationOutcome] in
            let row = order[position]
            let cTr = trainingComputes[row]
            let (competence, plan) = shared[keyOfRow[row]]
            let N = try link.model(trainingCompute: cTr).parameters
            var certainlyOne = [Double](repeating: .infinity, count: plan.pairs.count)
            var memo = [PointMemo](repeating: PointMemo(stamp: -1), count: plan.pairs.count)
            return try inferenceComputes.enumerated().map { column, cInf in
                try link.population(
                    parameters: N, inferenceCompute: cInf, competence: competence, plan: plan,
                    certainlyOne: &certainlyOne, memo: &memo, stamp: column)
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

    /// The key that determines the competence at C_tr: term1_l for l = 1…L, then P̄ (`competence` uses nothing else).
    func supportKey(trainingCompute: Double, learnedConcepts: Double? = nil) throws -> [Double] {
        let (R, _, _) = try model(trainingCompute: trainingCompute)
        let pBar = try learnedConcepts ?? learnedConceptProbability(trainingCompute: trainingCompute)
        try Validate.probability(pBar, "P̄ (learned concepts)")
        var key = (1...constants.levels).map { supportProbability(level: $0, concepts: R, learnedConcepts: pBar) }
        key.append(pBar)
        return key
    }

    /// The competence from a `supportKey` (steps 3–6 of §4.2: prerequisites p_l = term1_l γ_{l−1}^{σ_l} and the
    /// giant component γ_l = 1 + W₀(−x e^{−x})/x, x = p_l² S_l).
    func competence(supportKey key: [Double]) throws -> Competence {
        let c = constants
        let S = c.skillsPerLevel
        var p = [1.0]
        var gamma = [1.0]
        for l in 1...c.levels {
            let pl = key[l - 1] * Double.pow(gamma[l - 1], c.sigma(l))
            var g = 0.0
            if pl > 0 {
                let x = pl * pl * S
                if x > 1 {
                    let w = try SpecialFunctions.lambertW0(-x * Double.exp(-x))
                    g = 1 + w / x
                    if !g.isFinite { g = 0 }
                }
            }
            p.append(pl)
            gamma.append(g)
        }
        return Competence(p: p, gamma: gamma, learnedConcepts: key[c.levels])
    }

    /// Per-point memo of a pair's value, Chernoff bound and lower-sum term (NaN = not computed yet), valid while
    /// `stamp` is the current point's.
    struct PointMemo {
        var value = Double.nan
        var bound = Double.nan
        var lowerTerm = Double.nan
        var stamp: Int
    }

    /// The (l', m') pairs a competence can use, each with its r' and reach γ^{m'}, and for each task the pairs of its
    /// levels l' = 1, 2, … up to the first unlearned level (γ_l' = 0) — without levels where r' = 0 or where m'
    /// exceeds every budget of the rows that share the plan (K − m' + 1 ≤ 0 at their largest K), which `evaluate`
    /// skips as well. Pairs whose m' exceeds a row's budget come last in a task's list and end its search there.
    struct RowPlan {
        /// A pair (l', m') with r' and γ_l'^{m'} (formed as in `evaluate`); m' is an integer stored as a Double.
        struct Pair {
            var level: Int
            var skills: Double
            var stepSuccess: Double
            var reach: Double
        }
        var pairs: [Pair] = []
        /// Pairs of task t: `taskPairs[taskStart[t]..<taskStart[t + 1]]`, in increasing m' (so the pairs a budget
        /// K can use, m' < K + 1, come first).
        var taskStart: [Int] = [0]
        var taskPairs: [Int] = []
        /// For each position of `taskPairs`, the largest reach and the lowest level among the task's pairs from that
        /// position on: once the best value exceeds that reach (or equals it below that level), no later pair can be
        /// chosen.
        var suffixReach: [Double] = []
        var suffixLevel: [Int] = []
    }

    func rowPlan(competence comp: Competence, table: SkillTable, maxBudget maxK: Double) -> RowPlan {
        let c = constants
        var plan = RowPlan()
        // Pair ids by level, found by a linear search over the few distinct m' of a level.
        var byLevel = [[(skills: Int, id: Int)]](repeating: [], count: c.maxLevel + 1)
        var pairs: [Int] = []
        for task in 0..<table.taskCount {
            let base = task * c.maxLevel
            pairs.removeAll(keepingCapacity: true)
            for lp in 1...c.maxLevel {
                let g = comp.gamma[lp]
                if g == 0 { break }
                let mp = table.skills[base + lp - 1]
                if maxK - Double(mp) + 1 <= 0 { continue }
                let M = (Double(mp) + c.distractorRatio * Double(mp)).rounded(.up)
                let pl = comp.p[lp]
                let r = pl * (c.directionality / M + 1 - c.directionality) * pl
                if r <= 0 { continue }
                if let known = byLevel[lp].first(where: { $0.skills == mp }) {
                    pairs.append(known.id)
                    continue
                }
                let id = plan.pairs.count
                byLevel[lp].append((mp, id))
                plan.pairs.append(
                    RowPlan.Pair(
                        level: lp, skills: Double(mp), stepSuccess: r, reach: Double.exp(Double(mp) * Double.log(g))))
                pairs.append(id)
            }
            pairs.sort { plan.pairs[$0].skills < plan.pairs[$1].skills }
            var maxReach = -Double.infinity
            var minLevel = Int.max
            var suffixReach = [Double](repeating: 0, count: pairs.count)
            var suffixLevel = [Int](repeating: 0, count: pairs.count)
            for i in pairs.indices.reversed() {
                maxReach = max(maxReach, plan.pairs[pairs[i]].reach)
                minLevel = min(minLevel, plan.pairs[pairs[i]].level)
                suffixReach[i] = maxReach
                suffixLevel[i] = minLevel
            }
            plan.taskPairs.append(contentsOf: pairs)
            plan.suffixReach.append(contentsOf: suffixReach)
            plan.suffixLevel.append(contentsOf: suffixLevel)
            plan.taskStart.append(plan.taskPairs.count)
        }
        return plan
    }

    /// One grid point of `populationGrid`: the best level of each task by a bounded search. A task's pairs (l', m')
    /// are taken in increasing m'; the first usable one is evaluated, and each later one only if it could still be
    /// chosen by `evaluate` — whose choice is the lowest level among those of largest value — according to upper
    /// bounds on its value γ^{m'} I_{r'}(m', K − m' + 1), tried from the cheapest: the reach γ^{m'}; γ^{m'} times
    /// the Chernoff bound on I (inflated by 1e-8 relative so it also bounds the rounded value); and, when the best
    /// value is within 1 % of the reach, γ^{m'}(1 − t_{m'−1}) with t_{m'−1} ≤ 1 − I one term of the lower sum
    /// (deflated by 1e-6; the computed I is within 1e-12 relative of its smaller tail). A pair is skipped when a
    /// bound is below the best value, or equal to it at a level above the best level. A skipped pair's value is
    /// ≤ its bound, so it could not have been chosen: the chosen level and its value are those of `evaluate`, bit
    /// for bit (in any order of pairs), while most levels need no incomplete beta. Values and bounds are memoised
    /// per (l', m') and shared by every task that re-expresses to them.
    ///
    /// `certainlyOne[id]` (shared by the points of a row) is the smallest b = K − m' + 1 at which pair `id` was seen
    /// to have 1 − I < 1e-18 for certain (`IncompleteBeta.complementIsBelowHalfUlp`, where `regularized` returns
    /// exactly 1); 1 − I decreases in b, so at every larger b the value is exactly γ^{m'} · 1 with no evaluation.
    func population(
        parameters N: Double, inferenceCompute: Double, competence comp: Competence, plan: RowPlan,
        certainlyOne: inout [Double], memo: inout [PointMemo], stamp: Int
    ) throws -> PopulationOutcome {
        let c = constants
        let perStep = 2 * N * c.tokensPerStep
        let realK = inferenceCompute / perStep
        let K = mode == .published ? realK : realK.rounded(.down)
        let taskCount = plan.taskStart.count - 1
        var acc = 0.0
        var used = 0.0
        try plan.pairs.withUnsafeBufferPointer { pairs in
            try plan.taskPairs.withUnsafeBufferPointer { taskPairs in
                try memo.withUnsafeMutableBufferPointer { memo in
                    try certainlyOne.withUnsafeMutableBufferPointer { certainlyOne in
                        for task in 0..<taskCount {
                            let start = plan.taskStart[task]
                            let end = plan.taskStart[task + 1]
                            var best = 0.0
                            var bestLevel = Int.max
                            var bestPair = -1
                            // The pairs in increasing m' (the usable ones, m' < K + 1, come first, and the first is
                            // often the best, which lets the bounds skip most others; any order gives the same
                            // result): a pair is evaluated only if it could still be chosen — its reach, then its
                            // Chernoff bound, then (near a tie) one term of its lower sum must leave its value able
                            // to exceed the best value or equal it at a lower level.
                            for position in start..<end {
                                // Every later pair would be skipped by the reach test below.
                                let laterReach = plan.suffixReach[position]
                                if best > laterReach || (best == laterReach && plan.suffixLevel[position] > bestLevel) {
                                    break
                                }
                                let id = taskPairs[position]
                                if memo[id].stamp != stamp { memo[id] = PointMemo(stamp: stamp) }
                                let pair = pairs[id]
                                let mp = pair.skills
                                let b = K - mp + 1
                                if b <= 0 { break }  // b ≤ 0 here and for every later pair
                                let level = pair.level
                                let reach = pair.reach
                                if reach <= 0 || reach < best || (reach == best && level > bestLevel) { continue }
                                var value = memo[id].value
                                if value.isNaN, b >= certainlyOne[id] {
                                    value = reach
                                    memo[id].value = value
                                }
                                if value.isNaN {
                                    let x = pair.stepSuccess
                                    if position > start {
                                        // Markov first (no logarithm): I ≤ I_x(m', ⌈b⌉) ≤ E[Bin(n, x)]/m' with
                                        // n = m' + ⌈b⌉ − 1, inflated by 1e-8 relative like the Chernoff bound.
                                        let mean = (mp + b.rounded(.up) - 1) * x
                                        let markov = reach * min(1, mean / mp * (1 + 1e-8))
                                        if markov < best || (markov == best && level > bestLevel) { continue }
                                        var bound = memo[id].bound
                                        if bound.isNaN {
                                            bound = reach * min(1, Self.chernoffBound(m: mp, b: b, x: x) * (1 + 1e-8))
                                            memo[id].bound = bound
                                        }
                                        if bound <= 0 || bound < best || (bound == best && level > bestLevel) {
                                            continue
                                        }
                                        if best >= 0.99 * reach {
                                            // 1 − I ≥ t_{m'−1} (one term of the lower sum), so I ≤ 1 − t_{m'−1}; the
                                            // computed I is within 1e-12 relative of the smaller tail (oracle
                                            // tests), which the 1e-6 margin covers. Skip if that is below the best.
                                            var lower = memo[id].lowerTerm
                                            if lower.isNaN {
                                                let logTerm = BinomialMass.logNegativeBinomialTerm(mp - 1, b, x)
                                                lower = Double.exp(logTerm) * (1 - 1e-6)
                                                memo[id].lowerTerm = lower
                                            }
                                            if reach * (1 - lower) < best { continue }
                                        }
                                    }
                                    if IncompleteBeta.complementIsBelowHalfUlp(a: mp, b: b, x: x) {
                                        // `regularized` would return exactly 1 (`NegativeBinomialTail` passes it on).
                                        certainlyOne[id] = min(certainlyOne[id], b)
                                        value = reach
                                    } else {
                                        value = reach * (try NegativeBinomialTail.regularized(a: mp, b: b, x: x))
                                    }
                                    memo[id].value = value
                                }
                                if value > best || (value == best && value > 0 && level < bestLevel) {
                                    best = value
                                    bestLevel = level
                                    bestPair = id
                                }
                            }
                            guard bestPair >= 0 else {
                                used += perStep * realK
                                continue
                            }
                            let chosen = pairs[bestPair]
                            let steps = try expectedSteps(
                                m: Int(chosen.skills), r: chosen.stepSuccess, budget: K, reach: comp.gamma[bestLevel])
                            acc += best
                            used += perStep * steps
                        }
                    }
                }
            }
        }
        let count = Double(taskCount)
        return PopulationOutcome(
            accuracy: acc / count, computeUsed: used / count, tokens: used / count / (2 * N), parameters: N)
    }
}
