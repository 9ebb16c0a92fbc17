import ComputeOptimal
import Testing

@Suite("Fit data files: CRLF, CR and a byte-order mark read like LF")
struct FitDataLineEndTests {
    static let required: [(name: String, domain: FitData.Domain)] = [("N", .positive), ("coverage", .probability)]
    static let plain = "# source: x\nN,coverage\n1,0.1\n\n2,0.2\n"

    @Test("CRLF, CR and a leading BOM give the same columns and line numbers as LF")
    func sameAsLF() throws {
        let expected = try FitData.read(Self.plain, source: "d.csv", required: Self.required)
        let crlf = Self.plain.replacingOccurrences(of: "\n", with: "\r\n")
        let cr = Self.plain.replacingOccurrences(of: "\n", with: "\r")
        for text in [crlf, cr, "\u{FEFF}" + Self.plain, "\u{FEFF}" + crlf] {
            let read = try FitData.read(text, source: "d.csv", required: Self.required)
            #expect(read == expected)
        }
        #expect(expected.lines == [3, 5])
    }

    @Test("An error in a CRLF file names the physical line")
    func crlfErrorLine() throws {
        let text = "N,coverage\r\n1,0.1\r\n-2,0.2\r\n"
        #expect(
            throws: FitDataError(source: "d.csv", line: 3, column: "N", reason: "value -2.0 is not a finite number > 0")
        ) {
            try FitData.read(text, source: "d.csv", required: Self.required)
        }
    }
}
