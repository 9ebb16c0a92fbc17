import ScalingCore

/// The data behind the paper's figures, computed along the compute-optimal frontier (the Figures module only turns
/// these into tables).
public enum TripartiteFigureData {
    /// The notebook's budgets F_i = 10^{2 + 18i/199}, i = 0…199.
    public static func notebookBudgets() throws -> [Double] { try Grid.geom(1e2, 1e20, 200) }

    /// The plotted budgets: indices 30, 32, …, 168 of `notebookBudgets()` (70 points).
    public static func plottedBudgets() throws -> [Double] {
        let all = try notebookBudgets()
        return stride(from: 30, to: 170, by: 2).map { all[$0] }
    }

    /// Compute-optimal points at the plotted budgets.
    public static func frontier(mode: TripartiteMode) throws -> [GraphTrainingOptimum] {
        try ComputeOptimalTraining(mode: mode).path(graphComputes: try plottedBudgets())
    }

    /// Figure B accuracy curves along the frontier.
    public struct EmergenceCurves: Sendable, Equatable {
        /// N* at each point.
        public let parameters: [Double]
        /// Figure B(a): level-11 tasks only.
        public let homogeneous: [Double]
        /// Figure B(c): unimodal q(l).
        public let unimodal: [Double]
        /// Figure B(d): multimodal q(l).
        public let multimodal: [Double]
    }

    /// Figure B(a), (c), (d) along the frontier of the same mode.
    public static func emergence(mode: TripartiteMode, frontier: [GraphTrainingOptimum]? = nil) throws
        -> EmergenceCurves
    {
        let points = try frontier ?? Self.frontier(mode: mode)
        let model = try SkillGraphModel(schedule: try SkillLevelSchedule.notebook(), mode: mode)
        let qUni = try LevelDistribution.unimodal(mode: mode)
        let qMulti = try LevelDistribution.multimodal(mode: mode)
        let sizes = TaskSizeDistribution.notebook(mode: mode)
        var hom: [Double] = []
        var uni: [Double] = []
        var multi: [Double] = []
        for point in points {
            let gammas = try model.giantComponentFractions(concepts: point.concepts, texts: point.texts)
            hom.append(
                Emergence.homogeneousAccuracy(gamma: gammas[SkillGraphModel.publishedPrerequisiteLevel - 1], mode: mode)
            )
            uni.append(try Emergence.accuracy(gammas: gammas, levelWeights: qUni, taskSizes: sizes))
            multi.append(try Emergence.accuracy(gammas: gammas, levelWeights: qMulti, taskSizes: sizes))
        }
        return EmergenceCurves(parameters: points.map(\.parameters), homogeneous: hom, unimodal: uni, multimodal: multi)
    }
}
