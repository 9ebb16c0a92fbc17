import Foundation
import TestSupport
import Testing

/// Feeds every leaf subcommand of `ds3` a corpus of bad arguments and checks that each run ends cleanly:
/// an exit status (never a signal), status ∈ {0, 1, 2}, no stack trace, exactly one line on stderr when it
/// fails, and no file left behind in the working directory by a failed run.
///
/// The command tree is read from `ds3 --experimental-dump-help`, so a new subcommand is covered as soon as it
/// exists — and the test fails until it has a valid baseline invocation in `baselines`.
@Suite("Bad-argument corpus for every subcommand", .serialized)
struct BadArgumentCorpusTests {
    /// A valid invocation of each leaf command (path → arguments). Bad values replace one option at a time.
    static let baselines: [String: [String]] = [
        "figures list": [],
        "figures run": ["__first_figure__"],
        "figures all": ["--out", "figs"],
        "strategy evaluate": ["--strategy", "mv", "--m", "5", "--r", "0.2", "--steps", "25"],
        "strategy compare": ["--m", "5", "--r", "0.2", "--steps", "25"],
        "strategy simulate": ["--strategy", "bon", "--m", "5", "--r", "0.2", "--steps", "25", "--trials", "200"],
        "tripartite optimum": ["--compute", "5.76e23"],
        "tripartite simulate": ["--concepts", "200", "--texts", "800", "--repeats", "4"],
        "optimum chinchilla": ["--compute", "1e24"],
        "optimum inference-aware": ["--loss", "2.0", "--inference-tokens", "1e12"],
        "optimum joint": ["--compute", "1e21", "--queries", "1e9", "--m-max", "5", "--l0-count", "3"],
        "optimum dynamic": ["--loss", "2.0", "--average-tokens", "1000", "--m-max", "5", "--l0-count", "3"],
        "fit loss": ["--runs", packageRoot + "/fixtures/fit/synthetic-runs.csv", "--bootstrap", "4"],
        "fit passk": ["--data", packageRoot + "/fixtures/fit/synthetic-coverage.csv"],
        "fit mv": [
            "--data", packageRoot + "/fixtures/fit/brown2024-majority-vote.csv", "--alpha", "0.38", "--beta", "1.13",
            "--plateau-above", "64", "--max-answers", "5",
        ],
        "fit directionality": ["--data", packageRoot + "/fixtures/fit/ds3-beta-populations.csv", "--starts", "1"],
        "notebook check": [packageRoot + "/notebooks-md/getting-started.md"],
        "notebook run": [packageRoot + "/notebooks-md/getting-started.md", "--commands-only"],
        "notebook sync": ["--notebooks", packageRoot + "/notebooks-md", "--generated", "generated"],
        "bench": ["--repeats", "1", "--only", "a"],
    ]

    static var packageRoot: String { TestSupport.packageRoot() }

    /// Values that no numeric option, enumerated option or identifier may accept.
    static let alwaysBad = ["abc", "", "nan", "NaN", "inf", "-inf", "1e400", "--"]
    /// Values that may be valid for some options (a seed of 0) but must never crash.
    static let edgeValues = ["-1", "0", "1e-400", "-0", "1e308", "99999999999999999999999"]
    /// Output-path values that must fail without leaving a partial file.
    static let badPaths = ["/dev/full", "/proc/ds3kit-cannot-create/out", "/etc/hostname/below-a-file"]

    struct Leaf {
        let path: [String]
        let options: [(name: String, takesValue: Bool)]
        let positionals: Int
    }

    static func leaves() throws -> [Leaf] {
        let dump = try runDS3(["--experimental-dump-help"])
        guard let data = dump.stdout.data(using: .utf8),
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let root = json["command"] as? [String: Any]
        else { throw CorpusError("cannot parse --experimental-dump-help output") }
        var out: [Leaf] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            let subcommands = (command["subcommands"] as? [[String: Any]]) ?? []
            let visible = subcommands.filter { ($0["commandName"] as? String) != "help" }
            if visible.isEmpty, !path.isEmpty {
                let arguments = (command["arguments"] as? [[String: Any]]) ?? []
                var options: [(String, Bool)] = []
                var positionals = 0
                for argument in arguments {
                    let kind = argument["kind"] as? String
                    let name = (argument["preferredName"] as? [String: Any])?["name"] as? String ?? ""
                    if kind == "positional" { positionals += 1 }
                    if kind == "option", name != "help" { options.append(("--" + name, true)) }
                }
                out.append(Leaf(path: path, options: options, positionals: positionals))
            }
            for sub in visible {
                if let name = sub["commandName"] as? String { walk(sub, path + [name]) }
            }
        }
        walk(root, [])
        return out
    }

    struct CorpusError: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func isPathOption(_ name: String) -> Bool {
        [
            "--out", "--runs", "--data", "--file", "--output", "--dir", "--input", "--notebooks", "--generated",
            "--passk",
        ].contains(name)
    }

    /// Replaces (or appends) `option value` in a baseline.
    static func substitute(_ baseline: [String], option: String, value: String) -> [String] {
        var args = baseline
        if let i = args.firstIndex(of: option), i + 1 < args.count {
            args[i + 1] = value
        } else {
            args += [option, value]
        }
        return args
    }

    /// Runs one case in a fresh working directory and returns the problems found (empty when it ended cleanly).
    static func problems(_ args: [String], mustFail: Bool) -> [String] {
        let dir = NSTemporaryDirectory() + "ds3kit-corpus-\(UUID().uuidString)"
        let shown = "ds3 " + args.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let r = try runDS3(args, in: dir)
            var found: [String] = []
            if ![0, 1, 2].contains(r.status) { found.append("\(shown): exit status \(r.status)") }
            for marker in ["Fatal error", "Stack dump", "backtrace", "Crash", "Illegal instruction", "Segmentation"]
            where r.stderr.contains(marker) {
                found.append("\(shown): stack trace on stderr")
            }
            if mustFail, r.status == 0 { found.append("\(shown): accepted a bad value") }
            if r.status != 0 {
                let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
                if lines.count != 1 { found.append("\(shown): \(lines.count) lines on stderr: \(r.stderr)") }
                let left = (try? FileManager.default.subpathsOfDirectory(atPath: dir)) ?? []
                let files = left.filter { path in
                    var isDirectory: ObjCBool = false
                    _ = FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory)
                    return !isDirectory.boolValue
                }
                if !files.isEmpty { found.append("\(shown): left files behind: \(files)") }
            }
            return found
        } catch {
            return ["\(shown): could not run: \(error)"]
        }
    }

    @Test("Every leaf subcommand has a baseline and survives the corpus")
    func corpus() throws {
        let leaves = try Self.leaves()
        #expect(!leaves.isEmpty)
        let firstFigure =
            try runDS3(["figures", "list"]).stdout.split(separator: "\n").first
            .map { String($0.split(separator: "\t").first ?? "") } ?? ""
        var cases: [(args: [String], mustFail: Bool)] = []
        for leaf in leaves {
            let key = leaf.path.joined(separator: " ")
            guard var baseline = Self.baselines[key] else {
                Issue.record("no baseline for 'ds3 \(key)': add a valid invocation to BadArgumentCorpusTests.baselines")
                continue
            }
            baseline = baseline.map { $0 == "__first_figure__" ? (firstFigure.contains(" ") ? "x" : firstFigure) : $0 }
            let base = leaf.path + baseline
            // Unknown flags and stray positionals.
            cases.append((base + ["--no-such-flag"], true))
            cases.append((base + ["--no-such-option", "3"], true))
            if leaf.positionals == 0 { cases.append((base + ["stray"], true)) }
            for option in leaf.options {
                if Self.isPathOption(option.name) {
                    for value in Self.badPaths + [""] {
                        cases.append((leaf.path + Self.substitute(baseline, option: option.name, value: value), true))
                    }
                    continue
                }
                for value in Self.alwaysBad {
                    cases.append((leaf.path + Self.substitute(baseline, option: option.name, value: value), true))
                }
                for value in Self.edgeValues {
                    cases.append((leaf.path + Self.substitute(baseline, option: option.name, value: value), false))
                }
                // Option given without its value.
                cases.append((leaf.path + baseline.filter { $0 != option.name } + [option.name], true))
            }
            if leaf.positionals > 0 {
                for value in Self.alwaysBad {
                    cases.append((leaf.path + [value] + baseline.dropFirst(leaf.positionals), true))
                }
            }
        }
        // Cases are independent processes: run them two at a time; report in case order.
        let all = cases
        let found = UnsafeMutableBufferPointer<[String]>.allocate(capacity: all.count)
        found.initialize(repeating: [])
        defer { found.deallocate() }
        nonisolated(unsafe) let results = found
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in stride(from: worker, to: all.count, by: 2) {
                results[i] = Self.problems(all[i].args, mustFail: all[i].mustFail)
            }
        }
        for problems in found {
            for problem in problems { Issue.record(Comment(rawValue: problem)) }
        }
        print("bad-argument corpus: \(cases.count) cases over \(leaves.count) subcommands")
        #expect(!cases.isEmpty)
    }
}
