import ComputeOptimal
import Foundation
import ScalingCore
import TestSupport
import Testing

/// Saved fits (`--save`, docs/fit-schema.md) read by the solvers in place of built-in parameters.
@Suite("Saved fits feed the solvers")
struct SavedFitCommandTests {
    static func write(_ file: SavedFitFile, name: String) throws -> String {
        let path = NSTemporaryDirectory() + "ds3-saved-\(getpid())-\(UUID().uuidString)-\(name)"
        try file.json().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func number(_ object: [String: Any], _ key: String) -> Double {
        (object[key] as? NSNumber)?.doubleValue ?? .nan
    }

    /// N, D, Ω and accuracy of two `optimum joint` results agree to 1e-12 relative.
    static func expectSameOptimum(_ builtIn: [String: Any], _ saved: [String: Any]) {
        for key in ["N", "D", "tokens_per_query", "accuracy"] {
            let a = number(builtIn, key)
            let b = number(saved, key)
            #expect(abs(a - b) <= 1e-12 * abs(a), "\(key): built-in \(a), saved \(b)")
        }
    }

    /// The saved JSON holds each constant in shortest round-trip form, so the solver sees the same doubles and
    /// the joint optimum is the same computation: 1e-12 relative is the bound (JSONSerialization, used here
    /// to read the printed result, may misread the last digit of a double on Linux: ~1e-16).
    @Test("optimum joint --law FILE.json with Chinchilla's constants gives the built-in --law chinchilla optimum")
    func savedLawEqualsBuiltIn() throws {
        let path = try Self.write(SavedFitFile(fits: [SavedFit(lossLaw: .chinchilla)]), name: "law.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let common = ["optimum", "joint", "--compute", "1e22", "--queries", "1e9", "--m-max", "4", "--l0-count", "3"]
        let builtIn = try runDS3JSON(common + ["--law", "chinchilla"])
        Self.expectSameOptimum(builtIn, try runDS3JSON(common + ["--law", path]))
    }

    /// A saved task (m, r) at reference loss L is the bridge task class L0 = L + logit(r)/b: the built-in grid with
    /// that single class must give the same joint optimum (1e-12, as above).
    @Test("optimum joint --population FILE.json --reference-loss L equals the built-in task class L0 = L + logit(r)/b")
    func savedTaskEqualsBuiltInClass() throws {
        let (m, r, L, b) = (3, 0.4, 2.1, 5.0)
        let fit = SavedFit(kind: .budgetTask, parameters: ["m": Double(m), "r": r, "tokensPerStep": 25])
        let path = try Self.write(SavedFitFile(fits: [fit]), name: "task.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let L0 = try #require(try fit.bridgeTasks(referenceLoss: L, slope: b).first).L0
        #expect(abs(L0 - (L + (log(r) - log1p(-r)) / b)) <= 1e-15 * L0)
        let common = ["optimum", "joint", "--compute", "1e22", "--queries", "1e9"]
        let builtIn = try runDS3JSON(
            common + [
                "--m-min", "\(m)", "--m-max", "\(m)", "--l0-min", Table.format(L0), "--l0-max", Table.format(L0),
                "--l0-count", "1",
            ])
        Self.expectSameOptimum(builtIn, try runDS3JSON(common + ["--population", path, "--reference-loss", "\(L)"]))
    }

    @Test("strategy compare --population FILE.json with a saved task equals --m --r, and reports replicate wins")
    func compareSavedTask() throws {
        let fit = SavedFit(
            kind: .budgetTask, parameters: ["m": 5, "r": 0.2, "tokensPerStep": 25],
            replicates: [
                ["m": 5, "r": 0.19, "tokensPerStep": 25], ["m": 6, "r": 0.24, "tokensPerStep": 25],
                ["m": 4, "r": 0.17, "tokensPerStep": 25],
            ])
        let path = try Self.write(SavedFitFile(fits: [fit]), name: "task.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let direct = try runDS3JSON(["strategy", "compare", "--m", "5", "--r", "0.2", "--steps", "40"])
        let saved = try runDS3JSON(["strategy", "compare", "--population", path, "--steps", "40", "--replicates", "3"])
        let a = try #require(direct["strategies"] as? [[String: Any]])
        let b = try #require(saved["strategies"] as? [[String: Any]])
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) {
            // The population of one task with weight 1: the same closed forms, times 1.
            #expect(abs(Self.number(x, "success") - Self.number(y, "success")) <= 1e-15)
        }
        #expect(direct["best_success"] as? String == saved["best_success"] as? String)
        let shares = try #require(saved["best_success_share"] as? [String: Any])
        let total = shares.values.compactMap { ($0 as? NSNumber)?.doubleValue }.reduce(0, +)
        #expect(abs(total - 1) <= 1e-12)
    }

    @Test("A saved file of the wrong schema, version or kind is refused with one line naming the file")
    func badSavedFiles() throws {
        let cases: [(String, String)] = [
            ("{\"schema\": \"other\", \"version\": 1, \"fits\": []}", "schema is 'other'"),
            ("{\"schema\": \"ds3kit-fit\", \"version\": 9, \"fits\": []}", "version 9"),
            ("not json", "not a DS3Kit saved fit"),
            (try SavedFitFile(fits: [SavedFit(lossLaw: .chinchilla)]).json(), "no budget-task or budget-population"),
        ]
        for (text, expected) in cases {
            let path = NSTemporaryDirectory() + "ds3-saved-bad-\(UUID().uuidString).json"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try runDS3(["strategy", "compare", "--population", path, "--steps", "10"])
            #expect(r.status == 2)
            #expect(r.stderr.contains(path) && r.stderr.contains(expected), "\(r.stderr)")
            #expect(r.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(r.stderr)")
        }
    }

    /// `--replicates` re-solves for each saved replicate law: the interval must be the 2.5 % and 97.5 % quantiles
    /// (type 7) of the replicate optima, computed here from the same laws (1e-12: the same closed form).
    @Test("optimum chinchilla --law FILE.json --replicates gives the quantiles of the replicate laws' optima")
    func trainingIntervals() throws {
        // A moves the optimum (E does not: it drops out of the closed form).
        let laws = try [380.0, 406.4, 430].map {
            try ChinchillaLossLaw(E: 1.69, A: $0, B: 410.7, alpha: 0.34, beta: 0.28)
        }
        var fit = SavedFit(lossLaw: .chinchilla)
        fit.replicates = laws.map { ["E": $0.E, "A": $0.A, "B": $0.B, "alpha": $0.alpha, "beta": $0.beta] }
        let path = try Self.write(SavedFitFile(fits: [fit]), name: "law.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try runDS3JSON(["optimum", "chinchilla", "--compute", "1e24", "--law", path, "--replicates", "3"])
        let intervals = try #require(r["intervals"] as? [String: Any])
        let n = try #require(intervals["N"] as? [String: Any])
        let optima = try laws.map { try $0.computeOptimal(compute: 1e24).parameters }
        let lower = try FitStatistics.quantile(optima, 0.025)
        let upper = try FitStatistics.quantile(optima, 0.975)
        #expect(abs(Self.number(n, "lower") - lower) <= 1e-12 * lower)
        #expect(abs(Self.number(n, "upper") - upper) <= 1e-12 * upper)
        #expect(lower < upper)
    }

    /// Replicates identical to the point fit must give intervals of zero width at the point optimum (the same
    /// solver on the same model), and different replicates an interval around it. At 1e21 FLOPs the point task
    /// (m = 3, r = 0.4 at L = 2.1) reaches accuracy 0.88, away from 0 and 1.
    @Test("optimum joint --population FILE.json --replicates: intervals of N, D, tokens and accuracy")
    func jointIntervals() throws {
        let point: [String: Double] = ["m": 3, "r": 0.4, "tokensPerStep": 25]
        let common = [
            "optimum", "joint", "--compute", "1e21", "--queries", "1e9", "--reference-loss", "2.1", "--replicates", "2",
        ]
        for (replicates, collapsed) in [
            ([point, point], true),
            ([["m": 3, "r": 0.35, "tokensPerStep": 25], ["m": 3, "r": 0.45, "tokensPerStep": 25]], false),
        ] {
            let path = try Self.write(
                SavedFitFile(fits: [SavedFit(kind: .budgetTask, parameters: point, replicates: replicates)]),
                name: "task.json")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try runDS3JSON(common + ["--population", path])
            let intervals = try #require(r["intervals"] as? [String: Any])
            let accuracy = try #require(intervals["accuracy"] as? [String: Any])
            let (lo, hi, best) = (
                Self.number(accuracy, "lower"), Self.number(accuracy, "upper"), Self.number(r, "accuracy")
            )
            if collapsed {
                // The same deterministic solve: equal to the point optimum (1e-12 for JSON reading).
                #expect(abs(lo - best) <= 1e-12 * best && abs(hi - best) <= 1e-12 * best, "\(lo) \(hi) \(best)")
            } else {
                // Harder and easier steps bracket the point fit's accuracy.
                #expect(lo < best && best < hi, "\(lo) \(best) \(hi)")
            }
            for key in ["N", "D", "tokens_per_query"] { #expect(intervals[key] != nil) }
        }
    }

    /// At --loss equal to the reference loss the bridge gives back the fitted r, so `optimum dynamic` on a saved
    /// task is the built-in single class (m, L0 = L + logit(r)/b): the same plan, to 1e-12.
    @Test("optimum dynamic --population FILE.json equals the built-in task class L0 = L + logit(r)/b")
    func dynamicSavedTask() throws {
        let fit = SavedFit(kind: .budgetTask, parameters: ["m": 4, "r": 0.3, "tokensPerStep": 25])
        let path = try Self.write(SavedFitFile(fits: [fit]), name: "task.json")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let L0 = try #require(try fit.bridgeTasks(referenceLoss: 2.0, slope: 5).first).L0
        let common = ["optimum", "dynamic", "--loss", "2.0", "--average-tokens", "300"]
        let builtIn = try runDS3JSON(
            common + [
                "--m-min", "4", "--m-max", "4", "--l0-min", Table.format(L0), "--l0-max", Table.format(L0),
                "--l0-count", "1",
            ])
        let saved = try runDS3JSON(common + ["--population", path])
        for key in ["accuracy", "uniform_accuracy"] {
            let a = Self.number(builtIn, key)
            let b = Self.number(saved, key)
            #expect(abs(a - b) <= 1e-12 * abs(a), "\(key): built-in \(a), saved \(b)")
        }
        let tasks = try #require(saved["tasks"] as? [[String: Any]])
        #expect(abs(Self.number(tasks[0], "r") - 0.3) <= 1e-15)
    }

    /// The map's row at K steps is `strategy compare --population FILE --steps K`: same best strategy and success.
    @Test("strategy map --population FILE.json agrees with strategy compare at each budget")
    func mapAgreesWithCompare() throws {
        let path = TestSupport.packageRoot() + "/fixtures/fit/synthetic-budget-fit.json"
        let map = try runDS3JSON([
            "strategy", "map", "--population", path, "--min-steps", "8", "--max-steps", "64", "--count", "4",
        ])
        let rows = try #require(map["map"] as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows {
            let steps = Self.number(row, "steps")
            let compare = try runDS3JSON(["strategy", "compare", "--population", path, "--steps", Table.format(steps)])
            #expect(row["best"] as? String == compare["best_success"] as? String)
            let strategies = try #require(compare["strategies"] as? [[String: Any]])
            let cot = try #require(strategies.first { $0["strategy"] as? String == "cot" })
            #expect(abs(Self.number(row, "cot_success") - Self.number(cot, "success")) <= 1e-15)
        }
    }
}
