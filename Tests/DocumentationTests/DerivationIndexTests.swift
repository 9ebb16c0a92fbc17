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

    /// The modules under `Sources/` whose names a symbol may start with.
    static let modules = ["GSL", "ScalingCore", "Tripartite", "DS3", "ComputeOptimal", "Figures", "ds3"]

    /// A code symbol as a derivation names it: `Module.Outer.Inner.member(label:)`. The module is optional (then
    /// any module may declare it); the types are the leading capitalised components, the member (if any) the last,
    /// lower-case one (`init` included).
    struct SymbolPath: Equatable {
        let module: String?
        let types: [String]
        let member: String?

        init(_ symbol: String) {
            let bare = symbol.components(separatedBy: "(").first ?? symbol
            var parts = bare.split(separator: ".").map(String.init)
            module = parts.count > 1 && DerivationIndexTests.modules.contains(parts[0]) ? parts.removeFirst() : nil
            if let last = parts.last, !(last.first?.isUppercase ?? false) {
                member = parts.removeLast()
            } else {
                member = nil
            }
            types = parts
        }
    }

    /// Swift source as UTF-16 code units (every delimiter that matters is ASCII, one unit each) with the contents
    /// of string literals and comments blanked out (newlines kept), so braces and keywords inside them do not count.
    struct Code {
        let units: [UInt16]
        let string: NSString

        init(units: [UInt16]) {
            self.units = units
            string = String(decoding: units, as: UTF16.self) as NSString
        }

        init(source: String) {
            var out = Array(source.utf16)
            let (slash, star, quote, backslash, newline, space): (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (
                47, 42, 34, 92, 10, 32
            )
            func at(_ k: Int) -> UInt16 { k < out.count ? out[k] : 0 }
            func blank(_ k: Int) { if k < out.count, out[k] != newline { out[k] = space } }
            var i = 0
            while i < out.count {
                if out[i] == slash, at(i + 1) == slash {
                    while i < out.count, out[i] != newline {
                        blank(i)
                        i += 1
                    }
                } else if out[i] == slash, at(i + 1) == star {
                    while i < out.count, !(out[i] == star && at(i + 1) == slash) {
                        blank(i)
                        i += 1
                    }
                    blank(i)
                    blank(i + 1)
                    i += 2
                } else if out[i] == quote {
                    let triple = at(i + 1) == quote && at(i + 2) == quote
                    i += triple ? 3 : 1
                    while i < out.count {
                        if out[i] == backslash {
                            blank(i)
                            blank(i + 1)
                            i += 2
                        } else if out[i] == quote, !triple || (at(i + 1) == quote && at(i + 2) == quote) {
                            i += triple ? 3 : 1
                            break
                        } else if !triple, out[i] == newline {
                            break
                        } else {
                            blank(i)
                            i += 1
                        }
                    }
                } else {
                    i += 1
                }
            }
            self.init(units: out)
        }
    }

    /// The declarations in `texts`, found in one pass: the bodies (code between the braces) of every `struct`,
    /// `enum`, `class`, `protocol`, `actor` and `extension`, keyed by the name as written (an extension's may be
    /// qualified, `Outer.Inner`), and the names that are declared as types (not merely extended) or aliased.
    struct Declarations {
        var bodies: [String: [Code]] = [:]
        var types: Set<String> = []

        static let head = try! NSRegularExpression(
            pattern:
                "(^|[^A-Za-z0-9_.])(struct|enum|class|protocol|actor|extension|typealias)\\s+([A-Za-z_][A-Za-z0-9_.]*)")

        init(_ texts: [Code]) {
            let (openBrace, closeBrace): (UInt16, UInt16) = (123, 125)
            for text in texts {
                let range = NSRange(location: 0, length: text.string.length)
                for match in Self.head.matches(in: text.string as String, range: range) {
                    let kind = text.string.substring(with: match.range(at: 2))
                    let name = text.string.substring(with: match.range(at: 3))
                    if kind != "extension" { types.insert(name) }
                    if kind == "typealias" { continue }
                    var open = match.range.location + match.range.length
                    while open < text.units.count, text.units[open] != openBrace { open += 1 }
                    var depth = 0
                    var close = open
                    while close < text.units.count {
                        if text.units[close] == openBrace { depth += 1 }
                        if text.units[close] == closeBrace {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        close += 1
                    }
                    if open < close {
                        bodies[name, default: []].append(Code(units: Array(text.units[(open + 1)..<close])))
                    }
                }
            }
        }
    }

    /// A module's blanked files and their declarations.
    struct Module {
        let files: [Code]
        let declarations: Declarations
    }

    /// True when `texts` declare `member` (a function, property, enum case, nested type or initialiser).
    static func declaresMember(_ member: String, in texts: [Code]) -> Bool {
        let escaped = NSRegularExpression.escapedPattern(for: member)
        let patterns =
            member == "init"
            ? ["(^|[^A-Za-z0-9_.])init\\s*[(<?!]"]
            : [
                "(^|[^A-Za-z0-9_.])(func|var|let|typealias|struct|enum|class|protocol|actor)\\s+" + escaped
                    + "(?![A-Za-z0-9_])",
                "(^|[^A-Za-z0-9_.])case\\s+([A-Za-z0-9_]+(\\([^)]*\\))?\\s*,\\s*)*" + escaped + "(?![A-Za-z0-9_])",
            ]
        let regexes = patterns.compactMap { try? NSRegularExpression(pattern: $0, options: [.anchorsMatchLines]) }
        return texts.contains { text in
            let range = NSRange(location: 0, length: text.string.length)
            return regexes.contains { $0.firstMatch(in: text.string as String, range: range) != nil }
        }
    }

    /// Whether `symbol` is declared where it says: each type inside the previous one (a nested declaration or an
    /// `extension Outer.Inner`), the member inside the innermost type, all in the named module (any module when
    /// none is named); if not, the modules that do declare it, for the message.
    static func resolve(_ symbol: String, sources: [String: Module]) -> (found: Bool, elsewhere: [String]) {
        let path = SymbolPath(symbol)
        func declared(in module: Module) -> Bool {
            guard let first = path.types.first else {
                return path.member.map { declaresMember($0, in: module.files) } ?? false
            }
            // A type named alone must be declared (an extension does not define it) or aliased.
            if path.types.count == 1, path.member == nil { return module.declarations.types.contains(first) }
            var scopes = module.declarations.bodies[first] ?? []
            var qualified = first
            for inner in path.types.dropFirst() {
                qualified += "." + inner
                scopes = (Declarations(scopes).bodies[inner] ?? []) + (module.declarations.bodies[qualified] ?? [])
            }
            guard let member = path.member else { return !scopes.isEmpty }
            return declaresMember(member, in: scopes)
        }
        let candidates = path.module.map { [$0] } ?? modules
        let found = candidates.contains { sources[$0].map(declared) ?? false }
        let elsewhere = found ? [] : modules.filter { sources[$0].map(declared) ?? false }
        return (found, elsewhere)
    }

    /// Every module's blanked sources and declarations.
    static func moduleSources() -> [String: Module] {
        var out: [String: Module] = [:]
        for module in modules {
            let files = sources(under: "Sources/" + module).values.map { Code(source: $0) }
            out[module] = Module(files: files, declarations: Declarations(files))
        }
        return out
    }

    @Test("Every derivation names code symbols and tests that exist")
    func symbolsAndTestsExist() throws {
        let derivations = try Self.derivations()
        let sources = Self.moduleSources()
        let tests = Self.sources(under: "Tests")
        for d in derivations {
            #expect(!d.symbols.isEmpty, "\(d.file): no code symbol under a **Code.** heading")
            #expect(!d.tests.isEmpty, "\(d.file): no test (Target/Suite/test) under a **Tests.** heading")
            for symbol in d.symbols {
                let (found, elsewhere) = Self.resolve(symbol, sources: sources)
                let hint = elsewhere.isEmpty ? "" : " (declared in \(elsewhere.joined(separator: ", ")))"
                #expect(found, "\(d.file): code symbol `\(symbol)` not declared in that module and type\(hint)")
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
