import ScalingCore

/// An explicit random skill graph of one level: S skills joined as an Erdős–Rényi graph G(S, x/S) (mean degree
/// x), built once from a seed. Its giant connected component holds the usable skills (fraction γ ≈ the root of
/// γ = 1 − e^{−xγ}). Queries draw m required skills uniformly (with replacement); a task is reachable iff all of
/// them are in the giant component. Each step searches the relevant set of M = ⌈(1+β)m⌉ skills with
/// directionality ρ and applies the chosen required skill correctly with probability `execution`, so the
/// per-step success of a reachable task is r = execution · (ρ/M + 1 − ρ).
public struct SkillGraphSampler: TaskSampler {
    public let skills: Int
    /// Fraction of skills in the largest component of this realisation.
    public let giantFraction: Double
    public let requiredSkills: Int
    public let relevantSet: Int
    public let directionality: Double
    public let execution: Double
    let inGiant: [Bool]

    public init(
        skills S: Int, meanDegree x: Double, requiredSkills m: Int, distractorRatio beta: Double,
        directionality rho: Double, execution q: Double, seed: UInt64
    ) throws(ParameterError) {
        try Validate.count(S, "skills", minimum: 2)
        try Validate.nonNegative(x, "mean degree")
        try Validate.count(m, "m")
        try Validate.nonNegative(beta, "beta")
        try Validate.probability(rho, "rho")
        try Validate.probability(q, "execution")
        self.skills = S
        self.requiredSkills = m
        self.relevantSet = Int((Double(m) * (1 + beta)).rounded(.up))
        self.directionality = rho
        self.execution = q
        // Union–find over edges drawn by geometric skipping through the pairs (i < j).
        var parent = Array(0..<S)
        func find(_ a: Int) -> Int {
            var a = a
            while parent[a] != a {
                parent[a] = parent[parent[a]]
                a = parent[a]
            }
            return a
        }
        let p = min(1, x / Double(S))
        var rng = Xoshiro256StarStar(seed: seed, stream: 0x5EED)
        if p > 0 {
            let logQ = p < 1 ? Double.log(onePlus: -p) : -Double.infinity
            var i = 0
            var j = 0  // candidate partner index minus one
            while i < S - 1 {
                let skip = p < 1 ? Int((Double.log(rng.uniformOpen()) / logQ).rounded(.down)) : 0
                j += skip + 1
                while i < S - 1, j > S - 1 - (i + 1) {
                    j -= S - 1 - i
                    i += 1
                }
                if i >= S - 1 { break }
                let a = find(i)
                let b = find(i + j)
                if a != b { parent[a] = b }
            }
        }
        var size = [Int](repeating: 0, count: S)
        for v in 0..<S { size[find(v)] += 1 }
        let root = size.indices.max { size[$0] < size[$1] } ?? 0
        self.inGiant = (0..<S).map { find($0) == root }
        self.giantFraction = Double(size[root]) / Double(S)
    }

    /// Per-step success of a reachable task.
    public var stepSuccess: Double { execution * (directionality / Double(relevantSet) + 1 - directionality) }

    /// The equivalent closed-form population: reachable with probability γ^m (r as above), else r = 0.
    public func population() throws -> TaskPopulation {
        let reach = Double.pow(giantFraction, Double(requiredSkills))
        return try TaskPopulation(
            tasks: [SkillTask(m: requiredSkills, r: stepSuccess), SkillTask(m: requiredSkills, r: 0)],
            weights: [reach, 1 - reach])
    }

    public func sampleTask(using rng: inout Xoshiro256StarStar) throws -> (SkillTask, StepProcess) {
        var reachable = true
        for _ in 0..<requiredSkills where !inGiant[min(skills - 1, Int(rng.uniform() * Double(skills)))] {
            reachable = false
        }
        let task = try SkillTask(m: requiredSkills, r: reachable ? stepSuccess : 0)
        return (
            task,
            .directedSearch(relevantSet: relevantSet, rho: directionality, execution: execution, reachable: reachable)
        )
    }
}
