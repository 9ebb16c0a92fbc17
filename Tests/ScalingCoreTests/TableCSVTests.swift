import ScalingCore
import Testing

@Suite("Table and CSV")
struct TableCSVTests {
    @Test("CSV round trip gives back identical doubles, texts and metadata")
    func roundTrip() throws {
        let values = [0.1, 1.0 / 3, 6.02214076e23, -Double.leastNormalMagnitude / 7, 1e15, 123456789.0, 0]  // a subnormal
        let table = try Table(
            columns: [
                Table.Column("x", values),
                Table.Column("label", texts: ["a", "b,c", "quote \"q\"", "", "e", "f", "g"]),
            ],
            metadata: [Table.Metadata("figure", "demo"), Table.Metadata("seed", "42")])
        let text = try table.csv()
        #expect(text.hasPrefix("# figure: demo\n# seed: 42\nx,label\n"))
        let back = try Table.parseCSV(text)
        #expect(try back.numbers("x") == values)
        #expect(back.metadataValue("seed") == "42")
        #expect(back.columns[1] == table.columns[1])
    }

    @Test("Non-finite numbers are refused by the encoder")
    func refusesNaN() throws {
        let table = try Table(names: ["a"], rows: [[1], [.nan]])
        #expect(throws: ParameterError.self) { try table.csv() }
        #expect(table.nonFiniteCells.count == 1)
    }

    @Test("Ragged columns, duplicate names and malformed CSV are errors naming the problem")
    func malformed() {
        #expect(throws: ParameterError.self) {
            try Table(columns: [Table.Column("a", [1]), Table.Column("b", [1, 2])])
        }
        #expect(throws: ParameterError.self) { try Table(columns: [Table.Column("a", [1]), Table.Column("a", [2])]) }
        #expect(throws: Table.CSVError.self) { try Table.parseCSV("a,b\n1,2\n3\n", source: "runs.csv") }
        do {
            _ = try Table.parseCSV("a,b\n1,2\n3\n", source: "runs.csv")
        } catch {
            #expect(error.description == "runs.csv:3: expected 2 fields, found 1")
        }
    }
}
