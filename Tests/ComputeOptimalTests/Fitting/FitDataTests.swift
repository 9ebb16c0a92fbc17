import ComputeOptimal
import Testing

@Suite("Fit data files: malformed input names file, line and column")
struct FitDataTests {
    static let required: [(name: String, domain: FitData.Domain)] = [("N", .positive), ("coverage", .probability)]

    func error(_ text: String) -> FitDataError? {
        do {
            _ = try FitData.read(text, source: "data.csv", required: Self.required)
            return nil
        } catch {
            return error
        }
    }

    @Test("A missing column is reported at the header line with the column name")
    func missingColumn() throws {
        let e = try #require(error("# comment\nN,cover\n1,0.1\n"))
        #expect(e.source == "data.csv")
        #expect(e.line == 2)
        #expect(e.column == "coverage")
        #expect(e.description.hasPrefix("data.csv:2 column coverage: missing column"))
    }

    @Test("Text in a number field is reported at its line (comments and blank lines counted)")
    func textInNumber() throws {
        let e = try #require(error("# source: x\nN,coverage\n1,0.1\n\n2,abc\n3,0.3\n"))
        #expect(e.line == 5)
        #expect(e.column == "coverage")
        #expect(e.reason.contains("abc"))
    }

    @Test("A negative N is reported with line and column")
    func negativeN() throws {
        let e = try #require(error("N,coverage\n1,0.1\n-2,0.2\n"))
        #expect(e.line == 3)
        #expect(e.column == "N")
    }

    @Test("NaN and infinity are not numbers a fit accepts")
    func nonFinite() throws {
        #expect(try #require(error("N,coverage\nnan,0.1\n")).line == 2)
        #expect(try #require(error("N,coverage\n1,inf\n")).column == "coverage")
    }

    @Test("An empty file and a header-only file are one clear error each")
    func emptyFile() throws {
        let empty = try #require(error(""))
        #expect(empty.line == 1)
        #expect(empty.reason.contains("no header"))
        let headerOnly = try #require(error("N,coverage\n"))
        #expect(headerOnly.reason.contains("at least 1 data row"))
    }

    @Test("A row with the wrong number of fields is reported at its line")
    func raggedRow() throws {
        let e = try #require(error("N,coverage\n1,0.1\n2,0.2,9\n"))
        #expect(e.line == 3)
    }

    @Test("Well-formed data with a model column is grouped in order of first appearance")
    func grouping() throws {
        let data = try FitData.read(
            "model,N,coverage\nb,1,0.1\na,2,0.2\nb,3,0.3\n", source: "d", required: Self.required,
            optionalText: ["model"])
        let groups = FitData.groups(data, by: "model")
        #expect(groups.map(\.name) == ["b", "a"])
        #expect(groups[0].rows == [0, 2])
        #expect(data("N") == [1, 2, 3])
        #expect(data.lines == [2, 3, 4])
    }
}
