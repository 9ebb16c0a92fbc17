import DS3
import GSL
import ScalingCore
import Testing

@Suite("Chain of thought closed forms")
struct ChainOfThoughtTests {
    // Reference values of ds3-theory §8 (I_r(m, K − m + 1)) and §3.2 (exact expected steps), to 1e-9 absolute
    // (the notes print 10 significant digits).
    @Test func successMatchesReferenceValues() throws {
        let rows = try fixtureRows("ds3/cot-reference.csv")
        #expect(rows.count == 4)
        for row in rows {
            let (m, r, K) = (Int(row.number("m")!), row.number("r")!, row.number("K")!)
            let p = try ChainOfThought.successProbability(m: m, r: r, steps: K)
            #expect(abs(p - row.number("success")!) < 1e-9, "m=\(m) r=\(r) K=\(K): \(p)")
        }
    }

    @Test func exactExpectedStepsMatchReferenceValues() throws {
        for row in try fixtureRows("ds3/cot-reference.csv") {
            let (m, r, K) = (Int(row.number("m")!), row.number("r")!, row.number("K")!)
            let e = try ChainOfThought.expectedSteps(m: m, r: r, steps: K)
            // The notes print 8–12 significant digits; 1e-9 relative covers the printed precision.
            #expect(relativeError(e, row.number("expected_steps")!) < 1e-9, "m=\(m) r=\(r) K=\(K): \(e)")
        }
    }

    /// Independent check: the defining sums Σ_k P(T = k) and Σ_k k P(T = k) + K P(T > K), and Σ (2k+1) P(S > k).
    @Test func closedFormsEqualDirectNegativeBinomialSums() throws {
        for (m, r, K) in [(1, 0.3, 7), (5, 0.2, 25), (7, 0.9, 9), (12, 0.05, 400), (3, 1.0, 5)] {
            var cdf = 0.0
            var mean = 0.0
            var second = 0.0
            var survivalSum = 0.0
            for k in m...max(m, K) where k <= K {
                let pk = try Binomial.pmf(k: m - 1, n: k - 1, p: r) * r
                cdf += pk
                mean += Double(k) * pk
                second += Double(k * k) * pk
            }
            let tail = 1 - cdf
            mean += Double(K) * tail
            second += Double(K * K) * tail
            for k in 0..<K {
                let le = k < m ? 0 : try Binomial.atLeast(m, n: k, p: r)
                survivalSum += Double(2 * k + 1) * (1 - le)
            }
            let moments = try ChainOfThought.stepMoments(m: m, r: r, steps: Double(K))
            // Sums of ≤ 400 positive terms: 1e-12 relative.
            #expect(relativeError(try ChainOfThought.successProbability(m: m, r: r, steps: Double(K)), cdf) < 1e-12)
            #expect(relativeError(moments.mean, mean) < 1e-12)
            #expect(relativeError(moments.secondMoment, second) < 1e-11)
            #expect(relativeError(moments.secondMoment, survivalSum) < 1e-11)
        }
    }

    @Test func limitsHold() throws {
        // K = m: P = r^m. K → ∞: P → 1 and E[S] → m/r.
        #expect(relativeError(try ChainOfThought.successProbability(m: 6, r: 0.4, steps: 6), 0.004096) < 1e-13)
        #expect(try ChainOfThought.successProbability(m: 6, r: 0.4, steps: 5) == 0)
        #expect(abs(try ChainOfThought.successProbability(m: 6, r: 0.4, steps: 1e6) - 1) < 1e-15)
        #expect(relativeError(try ChainOfThought.expectedSteps(m: 6, r: 0.4, steps: 1e6), 15) < 1e-12)
        #expect(try ChainOfThought.expectedSteps(m: 6, r: 0.4, steps: 4) == 4)
        #expect(try ChainOfThought.successProbability(m: 6, r: 0, steps: 100) == 0)
    }

    /// S = min(T_m, K) ≤ K whatever K: with a real K between m − 1 and m the continued closed form would exceed K
    /// (e.g. m = 5, K = 4.5, r = 0.9: (m/r) I_r(m+1, ½) + K (1 − I_r(m, ½)) > K), and a subnormal r gave (m/r)·0 =
    /// NaN. Both are S = K exactly (no chain finishes in fewer than m steps; at r ≈ 0 none finishes at all). The
    /// grid covers b = K − m + 1 from 0.05 to 3 and r from the smallest subnormal to 1; the bounds are exact
    /// inequalities (E[S²] ≥ E[S]² by Jensen), so the only tolerance is rounding of K² (1 ulp, taken as 1e-15).
    @Test("Expected steps of a chain never exceed K and are never NaN, for real K and subnormal r")
    func expectedStepsAreBoundedByTheBudget() throws {
        for m in [1, 2, 5, 20] {
            for b in [0.05, 0.5, 0.95, 1, 1.5, 3] {
                let K = Double(m) - 1 + b
                for r in [Double.leastNonzeroMagnitude, 1e-310, 1e-300, 1e-3, 0.3, 0.9, 1] {
                    let moments = try ChainOfThought.stepMoments(m: m, r: r, steps: K)
                    #expect(moments.mean.isFinite && moments.secondMoment.isFinite, "m \(m) K \(K) r \(r)")
                    #expect(moments.mean <= K, "m \(m) K \(K) r \(r): \(moments.mean)")
                    #expect(moments.secondMoment <= K * K * (1 + 1e-15), "m \(m) K \(K) r \(r)")
                    #expect(moments.secondMoment >= moments.mean * moments.mean * (1 - 1e-15), "m \(m) K \(K) r \(r)")
                }
            }
        }
        // Below m steps no chain finishes: E[S] = K exactly (the continued closed form gives 4.5789 here, by scipy).
        #expect(try ChainOfThought.expectedSteps(m: 5, r: 0.9, steps: 4.5) == 4.5)
        #expect(try ChainOfThought.expectedSteps(m: 3, r: .leastNonzeroMagnitude, steps: 50) == 50)
    }

    @Test func approximationsFollowTheirDefinitions() throws {
        // Piecewise linear min(K, m/r); Gaussian form at K = μ: μ/2 + K/2 − σ φ(0).
        #expect(try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: 10, method: .piecewiseLinear) == 10)
        #expect(try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: 60, method: .piecewiseLinear) == 25)
        let sigma = (5 * 0.8).squareRoot() / 0.2
        let g = try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: 25, method: .gaussian)
        #expect(relativeError(g, 25 - sigma / (2 * Double.pi).squareRoot()) < 1e-12)
        // The Gaussian approximation is within 1.5 steps of the exact value on the F5 range (m = 5, r = 0.2).
        for K in stride(from: 0.0, through: 75, by: 5) {
            let exact = try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: K)
            let approx = try ChainOfThought.expectedSteps(m: 5, r: 0.2, steps: K, method: .gaussian)
            #expect(abs(exact - approx) < 1.5, "K=\(K)")
        }
    }

    @Test func invalidInputsThrowParameterErrors() {
        #expect(throws: ParameterError.self) { try SkillTask(m: 0, r: 0.5) }
        #expect(throws: ParameterError.self) { try SkillTask(m: 3, r: 1.5) }
        #expect(throws: ParameterError.self) { try StepBudget(steps: -1) }
        #expect(throws: ParameterError.self) { try TreeOfThought(branches: 0) }
        #expect(throws: ParameterError.self) { try MajorityVoting(samples: 0) }
        #expect(throws: ParameterError.self) { try ChainOfThought.successProbability(m: 2, r: .nan, steps: 3) }
    }
}

@Suite("Closed forms against the traversal simulator")
struct SimulatorAgreementTests {
    @Test(arguments: [0, 1])
    func chainOfThoughtMatchesSimulator(costIndex: Int) throws {
        for (i, c) in simulatorGrid.enumerated() {
            try expectClosedFormMatchesSimulator(
                ChainOfThought(), task: SkillTask(m: c.m, r: c.r), steps: c.steps, cost: costModels[costIndex],
                seed: UInt64(10 + i))
        }
    }

    @Test func strictChainMatchesSimulator() throws {
        for (i, c) in simulatorGrid.enumerated() {
            try expectClosedFormMatchesSimulator(
                StrictChain(), task: SkillTask(m: c.m, r: c.r), steps: c.steps, cost: costModels[1],
                seed: UInt64(20 + i))
        }
    }

    @Test func treeOfThoughtMatchesSimulator() throws {
        let strategies = [try TreeOfThought(branches: 3), try TreeOfThought(branches: 4, evaluator: 0.7)]
        for (s, strategy) in strategies.enumerated() {
            for (i, c) in simulatorGrid.enumerated() {
                try expectClosedFormMatchesSimulator(
                    strategy, task: SkillTask(m: c.m, r: c.r), steps: c.steps, cost: costModels[1], trials: 10_000,
                    seed: UInt64(30 + 10 * s + i))
            }
        }
    }

    @Test func bestOfNMatchesSimulator() throws {
        let strategies = [
            try BestOfN(samples: 4),
            try BestOfN(samples: 5, verifier: Verifier(sensitivity: 0.8, falseAcceptance: 0.1)),
        ]
        for (s, strategy) in strategies.enumerated() {
            for (i, c) in simulatorGrid.enumerated() {
                try expectClosedFormMatchesSimulator(
                    strategy, task: SkillTask(m: c.m, r: c.r), steps: c.steps, cost: costModels[1], trials: 6_000,
                    seed: UInt64(50 + 10 * s + i))
            }
        }
    }

    @Test func majorityVotingMatchesSimulator() throws {
        let strategies = [
            try MajorityVoting.binary(samples: 6),
            try MajorityVoting(samples: 7, errorWeights: [0.5, 0.3, 0.2]),
        ]
        for (s, strategy) in strategies.enumerated() {
            for (i, c) in simulatorGrid.enumerated() {
                try expectClosedFormMatchesSimulator(
                    strategy, task: SkillTask(m: c.m, r: c.r), steps: c.steps, cost: costModels[1], trials: 6_000,
                    seed: UInt64(70 + 10 * s + i))
            }
        }
    }

    @Test func iterativeRefinementMatchesSimulator() throws {
        let strategies = [
            try IterativeRefinement(passes: 3),
            try IterativeRefinement(passes: 4, verifier: Verifier(sensitivity: 0.9, falseAcceptance: 0.2)),
        ]
        for (s, strategy) in strategies.enumerated() {
            for (i, c) in simulatorGrid.enumerated() {
                try expectClosedFormMatchesSimulator(
                    strategy, task: SkillTask(m: c.m, r: c.r), steps: c.steps, cost: costModels[1], trials: 8_000,
                    seed: UInt64(90 + 10 * s + i))
            }
        }
    }

    @Test func populationAverageMatchesSimulator() throws {
        let population = try TaskPopulation(
            tasks: [SkillTask(m: 3, r: 0.6), SkillTask(m: 9, r: 0.2), SkillTask(m: 5, r: 0.05)], weights: [1, 2, 1])
        let budget = try StepBudget(steps: 40)
        let cost = costModels[1]
        for strategy in [
            ChainOfThought() as any InferenceStrategy, try BestOfN(samples: 3), try TreeOfThought(branches: 2),
        ] {
            let closed = try strategy.evaluate(population: population, budget: budget, cost: cost)
            let sim = try TraversalSimulator.run(
                strategy, tasks: population, budget: budget, cost: cost, trials: 20_000, seed: 7)
            expectWithin(closed.success, sim.success, trials: 20_000, "\(strategy.name) population success")
            expectWithin(closed.flops, sim.flops, trials: 20_000, "\(strategy.name) population flops")
            expectWithin(closed.latency, sim.latency, trials: 20_000, "\(strategy.name) population latency")
        }
    }

    @Test func simulatorResultDoesNotDependOnThreadCount() throws {
        let task = try SkillTask(m: 5, r: 0.3)
        let budget = try StepBudget(steps: 30)
        let a = try TraversalSimulator.run(
            ChainOfThought(), tasks: task, budget: budget, cost: costModels[0], trials: 3000, seed: 3, threads: 1)
        let b = try TraversalSimulator.run(
            ChainOfThought(), tasks: task, budget: budget, cost: costModels[0], trials: 3000, seed: 3, threads: 2)
        #expect(a == b)
    }
}

@Suite("Parallel-chain latency")
struct ParallelLatencyTests {
    @Test func expectedMaximumEqualsSingleChainMeanForOneChain() throws {
        for (m, r, K) in [(5, 0.2, 25.0), (8, 0.15, 120), (3, 0.7, 20), (6, 0.1, 20)] {
            let max1 = try ChainOfThought.expectedMaximumSteps(m: m, r: r, steps: K, chains: 1)
            // Σ P(S > k) = E[S]: two routes to the same number, 1e-12 relative.
            #expect(relativeError(max1, try ChainOfThought.expectedSteps(m: m, r: r, steps: K)) < 1e-12)
        }
    }
}

@Suite("Simulator fast path")
struct FastPathTests {
    /// Two independent estimates agree within 4 combined standard errors √(SE₁² + SE₂²).
    func expectSame(_ a: Estimate, _ b: Estimate, _ label: String) {
        let se = (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
        if se == 0 {
            #expect(relativeError(a.mean, b.mean) < 1e-12, "\(label): \(a) vs \(b)")
        } else {
            #expect(abs(a.mean - b.mean) <= 4 * se, "\(label): \(a) vs \(b)")
        }
    }

    @Test func geometricJumpsMatchStepByStepAndClosedForms() throws {
        let strategies: [any InferenceStrategy] = [
            ChainOfThought(), try BestOfN(samples: 3), try MajorityVoting(samples: 5, errorWeights: [0.6, 0.4]),
            try IterativeRefinement(passes: 3),
        ]
        for strategy in strategies {
            for (i, c) in simulatorGrid.enumerated() {
                let task = try SkillTask(m: c.m, r: c.r)
                let budget = try StepBudget(steps: c.steps)
                let cost = costModels[1]
                let slow = try TraversalSimulator.run(
                    strategy, tasks: task, budget: budget, cost: cost, trials: 6000, seed: UInt64(300 + i))
                let fast = try TraversalSimulator.run(
                    strategy, tasks: task, budget: budget, cost: cost, trials: 6000, seed: UInt64(400 + i),
                    fastPath: true)
                let label = "\(strategy.name) \(task) K=\(c.steps)"
                expectSame(fast.success, slow.success, label + " success")
                expectSame(fast.flops, slow.flops, label + " flops")
                expectSame(fast.latency, slow.latency, label + " latency")
                let closed = try strategy.evaluate(task, budget: budget, cost: cost)
                expectWithin(closed.flops, fast.flops, trials: 6000, label + " fast vs closed flops")
                expectWithin(closed.success, fast.success, trials: 6000, label + " fast vs closed success")
            }
        }
    }
}
