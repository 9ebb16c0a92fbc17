import ScalingCore
import TestSupport
import Testing

@testable import ds3

@Suite("ds3 optimum joint sweeps: lists and ranges of budgets, rows in order, the same on 1 and 2 threads")
struct SweepCommandTests {
    @Test("One value, comma lists and lo:hi:n ranges parse; malformed ones are refused")
    func parsing() throws {
        #expect(SweepValues(argument: "1e21")?.values == [1e21])
        #expect(SweepValues(argument: "3,1, 2")?.values == [3, 1, 2])
        let range = try #require(SweepValues(argument: "1e21:1e25:5")?.values)
        #expect(range.count == 5 && range.first == 1e21 && range.last == 1e25)
        // Log-spaced: consecutive ratios equal to rounding (1e-14 relative: one pow of a rounded exponent each).
        for i in 1..<4 { #expect(abs(range[i + 1] / range[i] / 10 - 1) <= 1e-14) }
        for bad in ["", "1:2", "1:2:1", "1:2:x", "a,b", "1,,2", "1::3", "1:2:3:4", "-1:2:3", "1:2:2000000"] {
            #expect(SweepValues(argument: bad) == nil, "\(bad)")
        }
    }

    /// Rows of `optimum joint` over `count` budgets from 1e18 to 1e23 (a small population: 3 × 3 task classes), as
    /// JSON text, on `threads` threads.
    static func rows(count: Int, threads: Int) throws -> [String] {
        let command = try OptimumCommand.Joint.parse([
            "--compute", "1e18:1e23:\(count)", "--queries", "1e9", "--m-max", "3", "--l0-count", "3",
        ])
        let model = try command.population.model(law: try command.lawOptions.resolve())
        return try Parallel.withThreads(threads) { try command.rows(model: model).map { try $0.json() } }
    }

    @Test("A sweep gives the same rows, bit for bit, on 1 and 2 threads and as single calls (1,000 budgets: slow tier)")
    func threadInvariance() throws {
        let count = TestTier.count(fast: 24, full: 1000)
        let one = try Self.rows(count: count, threads: 1)
        let two = try Self.rows(count: count, threads: 2)
        #expect(one.count == count)
        #expect(one == two)
        // Single calls: every point of the everyday sweep, every 50th of the full one.
        let command = try OptimumCommand.Joint.parse([
            "--compute", "1e18:1e23:\(count)", "--queries", "1e9", "--m-max", "3", "--l0-count", "3",
        ])
        let model = try command.population.model(law: try command.lawOptions.resolve())
        let budgets = try #require(command.compute?.values)
        for i in stride(from: 0, to: count, by: count > 100 ? 50 : 1) {
            let single = try command.record(model: model, goal: .compute(budgets[i]), quality: .json)
            #expect(try single.json() == one[i], "budget \(i)")
        }
    }

    @Test("The process prints CSV rows in input order, each equal to the single-budget run's row")
    func csvRows() throws {
        let base = ["optimum", "joint", "--queries", "1e9", "--m-max", "3", "--l0-count", "2", "--format", "csv"]
        let sweep = try runDS3(base + ["--compute", "1e21,1e19,1e20"])
        #expect(sweep.status == 0)
        let lines = sweep.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        for (i, budget) in ["1e21", "1e19", "1e20"].enumerated() {
            let single = try runDS3(base + ["--compute", budget]).stdout.split(separator: "\n")
            #expect(single.first == lines.first)
            #expect(single.last == lines[i + 1], "row \(i)")
        }
        let bad = try runDS3(base + ["--compute", "1e21,0"])
        #expect(bad.status != 0 && bad.stdout.isEmpty)
    }
}

extension SweepCommandTests {
    @Test("chinchilla and inference-aware sweep --compute and --loss: each row equals the single-value run")
    func otherOptima() throws {
        for (base, values) in [
            (["optimum", "chinchilla", "--format", "csv"], ["--compute", "1e24,1e21,1e23"]),
            (
                ["optimum", "inference-aware", "--inference-tokens", "1e12", "--format", "csv"],
                ["--compute", "1e23,1e22"]
            ),
            (["optimum", "inference-aware", "--inference-tokens", "1e12", "--format", "csv"], ["--loss", "2.1,2.0"]),
        ] {
            let sweep = try runDS3(base + values)
            #expect(sweep.status == 0, "\(sweep.stderr)")
            let lines = sweep.stdout.split(separator: "\n")
            let points = values[1].split(separator: ",")
            #expect(lines.count == points.count + 1)
            for (i, point) in points.enumerated() {
                let single = try runDS3(base + [values[0], String(point)]).stdout.split(separator: "\n")
                #expect(single.first == lines.first)
                #expect(single.last == lines.dropFirst(i + 1).first, "\(values[0]) \(point)")
            }
        }
        // A single value in table or JSON form prints one record that echoes its input (issue 17: every JSON
        // output echoes its inputs), as a sweep row starts with it.
        let json = try runDS3JSON(["optimum", "chinchilla", "--compute", "1e24"])
        #expect(json["compute"] as? Double == 1e24 && json["N"] != nil)
    }
}

extension SweepCommandTests {
    /// Issue 20 item 4: every numeric decision input of the optimum commands takes a list or a range. Several lists
    /// give their Cartesian product, the first option given in the command's order outermost.
    static let productCases: [(base: [String], axes: [(String, [String])])] = [
        (["optimum", "chinchilla"], [("--compute", ["1e22", "1e23"]), ("--unique-tokens", ["1e10", "1e12"])]),
        (["optimum", "inference-aware", "--compute", "1e23"], [("--inference-tokens", ["1e11", "1e12", "1e13"])]),
        (
            ["optimum", "inference-aware"],
            [("--loss", ["2.1"]), ("--inference-tokens", ["1e11", "1e12"]), ("--unique-tokens", ["1e11", "1e12"])]
        ),
        (
            ["optimum", "joint", "--m-max", "3", "--l0-count", "3"],
            [("--compute", ["1e21", "1e22"]), ("--queries", ["1e8", "1e9"])]
        ),
    ]

    @Test(
        "Lists of --queries, --inference-tokens and --unique-tokens sweep their product; each row equals the single run",
        arguments: 0..<4)
    func productSweeps(index: Int) throws {
        let (base, axes) = Self.productCases[index]
        var arguments = base + ["--format", "csv"]
        for (option, values) in axes { arguments += [option, values.joined(separator: ",")] }
        let sweep = try runDS3(arguments)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let lines = sweep.stdout.split(separator: "\n")
        // The points in product order, the first axis outermost.
        var points: [[String]] = [[]]
        for (_, values) in axes { points = points.flatMap { p in values.map { p + [$0] } } }
        #expect(lines.count == points.count + 1)
        for (i, point) in points.enumerated() {
            var single = base + ["--format", "csv"]
            for ((option, _), value) in zip(axes, point) { single += [option, value] }
            let one = try runDS3(single).stdout.split(separator: "\n")
            #expect(one.first == lines.first)
            #expect(one.last == lines.dropFirst(i + 1).first, "\(point)")
        }
    }

    /// `optimum dynamic` sweeps L and the average budget: a row is the summary a single run prints before its
    /// per-task plans, digit for digit.
    @Test("optimum dynamic sweeps --loss x --average-tokens; each row is the single run's summary")
    func dynamicSweep() throws {
        let base = ["optimum", "dynamic", "--m-max", "3", "--l0-count", "2", "--format", "json"]
        let sweep = try runDS3(base + ["--loss", "2.1,2.3", "--average-tokens", "100,1000"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let rows = sweep.stdout.split(separator: "\n").map { line in
            String(line.drop { $0 == "[" }.dropLast(line.hasSuffix("]") || line.hasSuffix(",") ? 1 : 0))
        }
        #expect(rows.count == 4)
        for (i, (loss, average)) in [("2.1", "100"), ("2.1", "1000"), ("2.3", "100"), ("2.3", "1000")].enumerated() {
            let one = try runDS3(base + ["--loss", loss, "--average-tokens", average]).stdout
            let summary = try #require(one.range(of: ", \"tasks\": ["))
            #expect(String(one[..<summary.lowerBound]) + "}" == rows[i], "\(loss) \(average)")
        }
    }
}

extension SweepCommandTests {
    /// Issue 20 item 4 for the strategy commands: `strategy evaluate` sweeps r, the budget (--steps or --tokens)
    /// and N; the commands whose output is already a table of strategies or a simulation take one value and say so.
    @Test("strategy evaluate sweeps --r x --steps x --params, each row the single run; compare refuses a list")
    func strategySweeps() throws {
        let base = ["strategy", "evaluate", "--strategy", "mv", "--m", "3", "--format", "csv"]
        let axes = [("--r", ["0.1", "0.3"]), ("--steps", ["10", "40"]), ("--params", ["1e9", "1e10"])]
        var arguments = base
        for (option, values) in axes { arguments += [option, values.joined(separator: ",")] }
        let sweep = try runDS3(arguments)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let lines = sweep.stdout.split(separator: "\n")
        #expect(lines.count == 9)
        var i = 1
        for r in axes[0].1 {
            for steps in axes[1].1 {
                for params in axes[2].1 {
                    let one = try runDS3(base + ["--r", r, "--steps", steps, "--params", params]).stdout
                        .split(separator: "\n")
                    #expect(one.first == lines.first)
                    #expect(one.last == lines[i], "r \(r), steps \(steps), params \(params)")
                    i += 1
                }
            }
        }
        for command in [["strategy", "compare"], ["strategy", "simulate", "--strategy", "cot"]] {
            let failure = try #require(
                FitCommandTests.inProcessFailure(command + ["--m", "3", "--r", "0.1,0.2", "--steps", "10"]))
            #expect(failure.status == 2)
            #expect(
                failure.message.contains("--r takes one value in \(command[0]) \(command[1])"), "\(failure.message)")
        }
    }
}

/// Issue 18 item 3 ("the strategy map names its resolution") and issue 17 item 5 (snake_case keys, inputs echoed).
@Suite("strategy map: resolution and echo")
struct StrategyMapEchoTests {
    @Test("strategy map echoes its budget grid, names its resolution, and prints the saved fit's keys in snake_case")
    func resolutionAndKeys() throws {
        let r = try runDS3([
            "strategy", "map", "--population", packageRoot() + "/fixtures/fit/synthetic-budget-fit.json", "--count",
            "3", "--format", "json",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"tokens_per_step\": 25"), "\(r.stdout)")
        #expect(!r.stdout.contains("tokensPerStep"))
        #expect(r.stdout.contains("\"min_steps\": 1, \"max_steps\": 4096, \"count\": 3, \"resolution\": \"3 budgets"))
        #expect(SavedFitOptions.snakeCase("tokensPerStep") == "tokens_per_step")
        #expect(SavedFitOptions.snakeCase("A") == "A" && SavedFitOptions.snakeCase("L0") == "L0")
    }
}
