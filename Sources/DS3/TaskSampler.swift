import ScalingCore

/// Where the simulator draws each query's task and step process from.
public protocol TaskSampler: Sendable {
    /// Draws the task of one query and how its steps succeed.
    func sampleTask(using rng: inout Xoshiro256StarStar) throws -> (SkillTask, StepProcess)
}

extension SkillTask: TaskSampler {
    public func sampleTask(using rng: inout Xoshiro256StarStar) throws -> (SkillTask, StepProcess) {
        (self, .bernoulli(r))
    }
}

extension TaskPopulation: TaskSampler {
    public func sampleTask(using rng: inout Xoshiro256StarStar) throws -> (SkillTask, StepProcess) {
        let task = sample(using: &rng)
        return (task, .bernoulli(task.r))
    }
}

/// A Beta task population played as single-step tasks (m = 1, per-step success = the task's sample success p);
/// use with step budget K = 1 so a chain's success is p.
public struct BetaPopulationSampler: TaskSampler {
    public let population: BetaTaskPopulation
    public init(_ population: BetaTaskPopulation) { self.population = population }
    public func sampleTask(using rng: inout Xoshiro256StarStar) throws -> (SkillTask, StepProcess) {
        let p = population.sample(using: &rng)
        return (try SkillTask(m: 1, r: p), .bernoulli(p))
    }
}
