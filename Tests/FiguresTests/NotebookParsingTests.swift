import Figures
import Testing

@Suite("Notebook parsing: line ends, byte-order mark and cells that cannot be parsed")
struct NotebookParsingTests {
    static let plain = "# T\n\n```sh\n$ ds3 figures list\n```\n\n```text\nout\n```\n"

    @Test("CRLF, CR and a leading byte-order mark give the same cells as LF")
    func lineEnds() throws {
        let expected = try Notebook(name: "n", text: Self.plain)
        #expect(expected.cells.count == 1)
        let crlf = Self.plain.replacingOccurrences(of: "\n", with: "\r\n")
        for text in [crlf, Self.plain.replacingOccurrences(of: "\n", with: "\r"), "\u{FEFF}" + crlf] {
            #expect(try Notebook(name: "n", text: text).cells == expected.cells)
        }
    }

    @Test("A sh block with a '$ ds3' line that is not a one-line cell is an error naming file and line")
    func multiLineCommandBlock() throws {
        let text = "intro\n\n```sh\n$ ds3 figures list\n$ ds3 help\n```\n"
        #expect(throws: Notebook.ParseError.self) { try Notebook(name: "n", text: text, source: "dir/n.md") }
        do {
            _ = try Notebook(name: "n", text: text, source: "dir/n.md")
        } catch {
            #expect("\(error)".hasPrefix("dir/n.md:3: "))
        }
        // An ordinary shell snippet stays prose.
        #expect(try Notebook(name: "n", text: "```sh\nmake setup\ncd x\n```\n").cells.isEmpty)
    }

    @Test("A command cell with an unclosed quote is an error at its line")
    func unclosedQuote() throws {
        do {
            _ = try Notebook(name: "n", text: "```sh\n$ ds3 figures run 'a b\n```\n")
            Issue.record("an unclosed quote must be refused")
        } catch {
            #expect("\(error)".hasPrefix("n.md:2: unclosed quote"))
        }
    }
}
