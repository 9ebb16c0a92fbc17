import ArgumentParser
import ComputeOptimal
import DS3
import Foundation
import ScalingCore

extension StrategyCommand {
    /// `ds3 strategy map --population FILE.json`: the preferred strategy of a fitted model at each budget.
    struct Map: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The preferred strategy of a saved budget fit at each budget, with replicate shares.",
            discussion: """
                The strategy map of the fitted tasks (ds3 fit budget --save FILE.json): at each step budget K of a \
                geometric grid, every strategy at the compute of one chain of K steps (as strategy compare), the \
                most successful one, its success and chain-of-thought's; with --replicates N, the share of the \
                first N bootstrap replicates in which the same strategy wins.
                """)

        @OptionGroup var saved: SavedFitOptions
        @OptionGroup var uncertainty: ReplicateOptions
        @OptionGroup var options: StrategyOptions
        @OptionGroup var cost: CostOptions
        @Option(name: .customLong("min-steps"), help: "Smallest step budget K of the map.") var minSteps: Double = 1
        @Option(name: .customLong("max-steps"), help: "Largest step budget K of the map.") var maxSteps: Double = 4096
        @Option(help: "Number of budgets, geometrically spaced (2 … 200).") var count: Int = 13
        @Option(help: "Output format: table or json.") var format: OutputFormat = .table

        func validate() throws {
            try cost.requireSingle("strategy map")
            guard saved.population != nil else { throw ValidationError("--population FILE.json is required") }
            try Validate.positive(minSteps, "--min-steps")
            try Validate.inRange(maxSteps, "--max-steps", minSteps, 1e9)
            try Validate.count(count, "--count", minimum: 2)
            try Validate.inRange(Double(count), "--count", 2, 200)
            for kind in Kind.allCases { _ = try options.strategy(kind) }
        }

        func run() throws {
            let model = try saved.cost(cost.model())
            let strategies = try Kind.allCases.map { ($0.rawValue, try options.strategy($0)) }
            var rows: [Record] = []
            for steps in try Grid.geom(minSteps, maxSteps, count) {
                guard
                    let result = try saved.compare(
                        budget: try StepBudget(steps: steps), cost: model, strategies: strategies,
                        replicates: uncertainty.replicates)
                else { return }
                let top = result.rows.map(\.evaluation.success).max() ?? 0
                let best = top > 0 ? StrategyComparison.mostSuccessful(result.rows) : "none"
                var row = Record()
                row.add("steps", steps)
                row.add("tokens", steps * model.tokensPerStep)
                row.add("best", best)
                row.add("success", result.rows.first { $0.label == best }?.evaluation.success ?? 0)
                row.add("cot_success", result.rows.first { $0.label == "cot" }?.evaluation.success ?? 0)
                if !result.wins.isEmpty {
                    row.add("best_share", result.wins.first { $0.0 == best }?.1 ?? 0)
                }
                rows.append(row)
            }
            var record = Record()
            try saved.add(to: &record)
            record.add("min_steps", minSteps)
            record.add("max_steps", maxSteps)
            record.add("count", count)
            // The map's resolution (issue 18): the preference is evaluated at these budgets only.
            record.add(
                "resolution",
                "\(count) budgets, geometric from \(Table.format(minSteps)) to \(Table.format(maxSteps)) steps; "
                    + "the preference between them is not evaluated")
            if format == .json {
                record.add("map", rows.map { Record.Value.record($0) })
                try record.emit(format)
                return
            }
            try record.emit(format)
            guard let first = rows.first else { return }
            print(first.fields.map(\.0).joined(separator: "\t"))
            for row in rows {
                print(
                    row.fields.map { field -> String in
                        switch field.1 {
                        case .number(let x): return Table.format(x)
                        case .text(let t): return t
                        default: return ""
                        }
                    }.joined(separator: "\t"))
            }
        }
    }
}
