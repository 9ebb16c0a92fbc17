import ArgumentParser
import ScalingCore

/// The `ds3` command: regenerate figures, evaluate strategies, solve compute-optimal allocations.
struct DS3Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ds3",
        abstract: "DS3Kit: training and inference compute scaling from first principles.",
        discussion: """
            Theories: the tripartite text–concept–skill graph (arXiv 2410.01243) and directed stochastic \
            skill search, DS3 (arXiv 2507.00004). Run 'ds3 figures list' to see every reproducible figure.
            """,
        version: DS3KitVersion.string,
        subcommands: [
            FiguresCommand.self,
            TripartiteCommand.self,
            StrategyCommand.self,
            OptimumCommand.self,
            FitCommand.self,
            NotebookCommand.self,
            BenchCommand.self,
            PlotCommand.self,
            BatchCommand.self,
        ]
    )
}
