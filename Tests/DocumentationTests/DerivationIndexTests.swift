import Foundation
import TestSupport
import Testing

/// Keeps `derivations/` honest: every derivation names at least one code symbol (under a `**Code.**` heading)
/// and one verifying test (under `**Tests.**`, as `Target/Suite/test`); each named symbol must be declared in
/// `Sources/` and each named test must exist in `Tests/`. `derivations/INDEX.md` maps every derivation to its
/// symbols and tests; it is regenerated with `DS3KIT_RECORD_DERIVATIONS_INDEX=1 swift test --filter DerivationIndex`.
@Suite("Derivations and their index")
struct DerivationIndexTests {
    static var root: String { packageRoot() }

    struct Derivation {
        let file: String
        let title: String
        let symbols: [String]
        let tests: [String]
    }

    static func sources(under folder: String) -> [String: String] {
        var out: [String: String] = [:]
        let base = root + "/" + folder
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return out }
        for case let path as String in enumerator where path.hasSuffix(".swift") && !path.contains("/Generated/") {
            out[path] = try? String(contentsOfFile: base + "/" + path, encoding: .utf8)
        }
        return out
    }

    /// Backticked tokens in the part of `text` that follows a heading line starting with one of `headings`,
    /// up to the next bold heading.
    static func tokens(after headings: [String], in text: String) -> [String] {
        var collecting = false
        var out: [String] = []
        for line in text.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if headings.contains(where: { trimmed.hasPrefix($0) }) {
                collecting = true
            } else if collecting, trimmed.hasPrefix("**") || trimmed.hasPrefix("#") {
                collecting = false
            }
            guard collecting else { continue }
            let parts = line.components(separatedBy: "`")
            for i in stride(from: 1, to: parts.count, by: 2) { out.append(parts[i]) }
        }
        return out
    }

    static func derivations() throws -> [Derivation] {
        let folder = root + "/derivations"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" && $0 != "INDEX.md" }.sorted()
        return try files.map { file in
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            let title =
                text.components(separatedBy: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
                ?? file
            let symbols = tokens(after: ["**Code", "Code:"], in: text).filter { !$0.contains("/") && !$0.contains(" ") }
            let testHeadings = ["**Test", "**Verified", "Tests:", "Test:", "Verified by:", "**Code", "Code:"]
            let tests = tokens(after: testHeadings, in: text).filter { $0.split(separator: "/").count == 3 }
            return Derivation(file: file, title: title, symbols: symbols, tests: tests)
        }
    }

    /// `Type.member(label:)` → ("Type", "member"); `Type` → ("Type", nil).
    static func split(symbol: String) -> (type: String, member: String?) {
        let bare = symbol.components(separatedBy: "(").first ?? symbol
        var parts = bare.split(separator: ".").map(String.init)
        let modules: Set<String> = ["GSL", "ScalingCore", "Tripartite", "DS3", "ComputeOptimal", "Figures"]
        if parts.count > 1, modules.contains(parts[0]) { parts.removeFirst() }
        if parts.count == 1 { return (parts[0], nil) }
        return (parts[parts.count - 2], parts.last)
    }

    static func declares(_ sources: [String: String], type: String?, member: String?) -> Bool {
        let all = sources.values.joined(separator: "\n")
        if let type {
            let kinds = ["struct", "enum", "class", "protocol", "typealias", "extension", "actor"]
            guard kinds.contains(where: { all.contains("\($0) \(type)") }) else { return false }
        }
        guard let member else { return true }
        if member == "init" { return all.contains("init(") }
        let kinds = ["func", "var", "let", "case", "static func", "struct", "enum", "class"]
        return kinds.contains { kind in
            all.contains("\(kind) \(member)(") || all.contains("\(kind) \(member):")
                || all.contains("\(kind) \(member) ")
                || all.contains("\(kind) \(member)<") || all.contains("\(kind) \(member) =")
                || all.contains("\(kind) \(member),")
        } || all.contains("case \(member)\n") || all.contains(", \(member)\n") || all.contains(", \(member),")
    }

    @Test("Every derivation names code symbols and tests that exist")
    func symbolsAndTestsExist() throws {
        let derivations = try Self.derivations()
        let sources = Self.sources(under: "Sources")
        let tests = Self.sources(under: "Tests")
        for d in derivations {
            #expect(!d.symbols.isEmpty, "\(d.file): no code symbol under a **Code.** heading")
            #expect(!d.tests.isEmpty, "\(d.file): no test (Target/Suite/test) under a **Tests.** heading")
            for symbol in d.symbols {
                let (type, member) = Self.split(symbol: symbol)
                let typeIsTypeName = type.first?.isUppercase ?? false
                let found = Self.declares(
                    sources, type: typeIsTypeName ? type : nil, member: member ?? (typeIsTypeName ? nil : type))
                #expect(found, "\(d.file): code symbol `\(symbol)` not found in Sources/")
            }
            for test in d.tests {
                let parts = test.split(separator: "/").map(String.init)
                let target = tests.filter { $0.key.hasPrefix(parts[0] + "/") }
                #expect(!target.isEmpty, "\(d.file): test target \(parts[0]) not found")
                let suiteFound = target.contains {
                    $0.key.hasSuffix("/\(parts[1]).swift") || $0.value.contains(" \(parts[1])")
                }
                #expect(suiteFound, "\(d.file): suite \(parts[1]) not found in Tests/\(parts[0])")
                let name = parts[2].components(separatedBy: "(").first ?? parts[2]
                if name == "*" { continue }  // the whole suite verifies it
                let testFound = target.values.contains { $0.contains("func \(name)(") }
                #expect(testFound, "\(d.file): test \(test) not found")
            }
        }
    }

    static func index(_ derivations: [Derivation]) -> String {
        var text = "# Index of derivations\n\n"
        text += "Generated from the derivations' **Code.** and **Tests.** sections by `DerivationIndexTests` "
        text +=
            "(`DS3KIT_RECORD_DERIVATIONS_INDEX=1 swift test --filter DerivationIndex`); the test suite fails when it is stale.\n\n"
        text += "| derivation | code symbols | verifying tests |\n| --- | --- | --- |\n"
        for d in derivations {
            let symbols = d.symbols.map { "`\($0)`" }.joined(separator: "<br>")
            let tests = d.tests.map { "`\($0)`" }.joined(separator: "<br>")
            text += "| [\(d.title)](\(d.file)) | \(symbols) | \(tests) |\n"
        }
        return text
    }

    @Test("derivations/INDEX.md lists every derivation with its symbols and tests")
    func indexUpToDate() throws {
        let expected = Self.index(try Self.derivations())
        let path = Self.root + "/derivations/INDEX.md"
        if ProcessInfo.processInfo.environment["DS3KIT_RECORD_DERIVATIONS_INDEX"] != nil {
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let committed = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == expected, "derivations/INDEX.md is stale: regenerate it (see the test's doc comment)")
    }
}
