import Foundation
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
        "tripartite optimum": ["--compute", "5.76e23"],
        "tripartite simulate": ["--concepts", "200", "--texts", "800", "--repeats", "4"],
        "notebook check": [packageRoot + "/notebooks-md/getting-started.md"],
        "notebook run": [packageRoot + "/notebooks-md/getting-started.md", "--commands-only"],
        "notebook sync": ["--notebooks", packageRoot + "/notebooks-md", "--generated", "generated"],
        "bench": ["--repeats", "1", "--only", "a"],
    ]

    static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.path
            }
        }
        return "."
    }

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
        ["--out", "--runs", "--data", "--file", "--output", "--dir", "--input", "--notebooks", "--generated"].contains(name)
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

    func check(_ args: [String], mustFail: Bool, cases: inout Int) throws {
        let dir = NSTemporaryDirectory() + "ds3kit-corpus-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runDS3(args, in: dir)
        cases += 1
        let shown = "ds3 " + args.map { $0.isEmpty ? "''" : $0 }.joined(separator: " ")
        #expect([0, 1, 2].contains(r.status), "\(shown): exit status \(r.status)")
        for marker in ["Fatal error", "Stack dump", "backtrace", "Crash", "Illegal instruction", "Segmentation"] {
            #expect(!r.stderr.contains(marker), "\(shown): stack trace on stderr")
        }
        if mustFail { #expect(r.status != 0, "\(shown): accepted a bad value") }
        if r.status != 0 {
            let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: true)
            #expect(lines.count == 1, "\(shown): \(lines.count) lines on stderr: \(r.stderr)")
            let left = try FileManager.default.subpathsOfDirectory(atPath: dir).filter { !$0.hasSuffix("/") }
            let files = left.filter { path in
                var isDirectory: ObjCBool = false
                FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDirectory)
                return !isDirectory.boolValue
            }
            #expect(files.isEmpty, "\(shown): left files behind: \(files)")
        }
    }

    @Test("Every leaf subcommand has a baseline and survives the corpus")
    func corpus() throws {
        let leaves = try Self.leaves()
        #expect(!leaves.isEmpty)
        let firstFigure =
            try runDS3(["figures", "list"]).stdout.split(separator: "\n").first
            .map { String($0.split(separator: "\t").first ?? "") } ?? ""
        var cases = 0
        for leaf in leaves {
            let key = leaf.path.joined(separator: " ")
            guard var baseline = Self.baselines[key] else {
                Issue.record("no baseline for 'ds3 \(key)': add a valid invocation to BadArgumentCorpusTests.baselines")
                continue
            }
            baseline = baseline.map { $0 == "__first_figure__" ? (firstFigure.contains(" ") ? "x" : firstFigure) : $0 }
            let base = leaf.path + baseline
            // Unknown flags and stray positionals.
            try check(base + ["--no-such-flag"], mustFail: true, cases: &cases)
            try check(base + ["--no-such-option", "3"], mustFail: true, cases: &cases)
            if leaf.positionals == 0 { try check(base + ["stray"], mustFail: true, cases: &cases) }
            for option in leaf.options {
                if Self.isPathOption(option.name) {
                    for value in Self.badPaths + [""] {
                        try check(
                            leaf.path + Self.substitute(baseline, option: option.name, value: value), mustFail: true,
                            cases: &cases)
                    }
                    continue
                }
                for value in Self.alwaysBad {
                    try check(
                        leaf.path + Self.substitute(baseline, option: option.name, value: value), mustFail: true,
                        cases: &cases)
                }
                for value in Self.edgeValues {
                    try check(
                        leaf.path + Self.substitute(baseline, option: option.name, value: value), mustFail: false,
                        cases: &cases)
                }
                // Option given without its value.
                try check(
                    leaf.path + baseline.filter { $0 != option.name } + [option.name], mustFail: true, cases: &cases)
            }
            if leaf.positionals > 0 {
                for value in Self.alwaysBad {
                    try check(leaf.path + [value] + baseline.dropFirst(leaf.positionals), mustFail: true, cases: &cases)
                }
            }
        }
        print("bad-argument corpus: \(cases) cases over \(leaves.count) subcommands")
        #expect(cases > 0)
    }
}
