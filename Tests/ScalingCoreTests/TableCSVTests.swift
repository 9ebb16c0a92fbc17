import Testing

@testable import ScalingCore

@Suite("Table and CSV")
struct TableCSVTests {
    @Test("A leading UTF-8 byte-order mark and CRLF line ends read like a plain LF file")
    func byteOrderMarkAndCRLF() throws {
        let plain = "# key: value\nN,loss\n1000000000,3.5\n2e9,3.25\n"
        let expected = try Table.parseCSV(plain)
        let crlf = plain.replacingOccurrences(of: "\n", with: "\r\n")
        for text in ["\u{FEFF}" + plain, crlf, "\u{FEFF}" + crlf] {
            let table = try Table.parseCSV(text)
            #expect(table == expected)
            #expect(table.columnNames == ["N", "loss"])
        }
    }

    @Test("CSV round trip gives back identical doubles, texts and metadata")
    func roundTrip() throws {
        // −leastNormalMagnitude / 7 is a subnormal.
        let values = [0.1, 1.0 / 3, 6.02214076e23, -Double.leastNormalMagnitude / 7, 1e15, 123456789.0, 0]
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

    @Test("Text cells holding newlines, carriage returns, quotes and commas round-trip; line numbers stay right")
    func multiLineTextCells() throws {
        let texts = ["two\nlines", "quote \"q\",\nthen, comma", "\r\nwindows\r\n", "\n", "\"\n\"", "plain"]
        let table = try Table(
            columns: [Table.Column("i", [1, 2, 3, 4, 5, 6]), Table.Column("note", texts: texts)],
            metadata: [Table.Metadata("figure", "demo")])
        let back = try Table.parseCSV(try table.csv())
        #expect(back.columns == table.columns)
        // An error after a multi-line record names the physical line where its record starts.
        do {
            _ = try Table.parseCSV("a,b\n1,\"x\ny\"\n3\n", source: "runs.csv")
            Issue.record("ragged row accepted")
        } catch {
            #expect(error.description == "runs.csv:4: expected 2 fields, found 1")
        }
        #expect(throws: Table.CSVError.self) { try Table.parseCSV("a,b\n1,\"open\n2,3\n") }
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

@Suite("Table CSV round trip of awkward text cells")
struct TableCSVRoundTripTests {
    /// Text cells that need quoting (newline, CR, CRLF, quotes, commas, a leading `#` that would read back as a
    /// metadata line, an empty cell alone on its line) and one that must not be split (a quote followed by a
    /// combining accent, one `Character` in Swift): parse(write(table)) == table, cell for cell.
    @Test(
        "parse(write(table)) == table for text cells with line breaks, quotes, commas and a leading #",
        arguments: [
            ["line one\nline two", "plain"],
            ["cr\ronly", "crlf\r\nkept", "ends with newline\n"],
            ["say \"hi\", then\nleave", "\"", "\"\""],
            ["#not metadata", "# key: value"],
            ["\"\u{301}accent", ",", ""],
        ])
    func textCellsRoundTrip(cells: [String]) throws {
        let table = try Table(
            columns: [
                Table.Column("x", (0..<cells.count).map(Double.init)),
                Table.Column("label", texts: cells),
            ],
            metadata: [Table.Metadata("note", "two\nlines")])
        let back = try Table.parseCSV(try table.csv())
        #expect(back.columns == table.columns)
        // Metadata lines cannot hold a line break: it is written as a space.
        #expect(back.metadataValue("note") == "two lines")
    }

    @Test("A one-column table keeps its empty cells and a #-led column name")
    func singleColumnEmptyCells() throws {
        for name in ["#label", "label"] {
            let table = try Table(columns: [Table.Column(name, texts: ["", "a", ""])])
            #expect(try Table.parseCSV(try table.csv()) == table, "column name \(name.debugDescription)")
        }
    }

    /// The reader, independently of the writer: RFC 4180 quoted fields spanning lines, CRLF and CR line ends,
    /// and error line numbers that count physical lines.
    @Test("parseCSV reads quoted multi-line fields and CRLF/CR line ends; errors name the physical line")
    func readerLineBreaks() throws {
        let table = try Table.parseCSV("# k: v\r\nname,n\r\n\"a\nb\",1\r\n\"c,\"\"d\"\"\",2\re,3")
        #expect(table.metadataValue("k") == "v")
        #expect(try table.numbers("n") == [1, 2, 3])
        #expect(table.columns[0] == Table.Column("name", texts: ["a\nb", "c,\"d\"", "e"]))
        #expect(throws: Table.CSVError(source: "f.csv", line: 4, column: nil, reason: "expected 2 fields, found 1")) {
            try Table.parseCSV("a,b\n\"1\n2\",3\n4", source: "f.csv")
        }
        #expect(throws: Table.CSVError(source: "f.csv", line: 2, column: nil, reason: "unterminated quoted field")) {
            try Table.parseCSV("a\n\"open\n", source: "f.csv")
        }
    }
}
