import FuzzSupport
import ScalingCore

/// libFuzzer target for the `Table` CSV reader and writer. Any byte string must parse to a table or to a
/// `Table.CSVError` — never crash — and the round trip must be exact (a mismatch traps, which libFuzzer reports
/// with the input that caused it):
/// 1. a parsed table without non-finite cells: parse(write(table)) == table;
/// 2. a table built from the raw input, whose text cells hold anything the input does (line breaks, quotes,
///    commas, a leading `#`, empty cells): the input is cut into cells at the byte 0x1F, one text column plus a
///    numeric column of row numbers, and parse(write(table)) == table.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let text = fuzzText(data, size) else { return 0 }
    if let table = try? Table.parseCSV(text, source: "fuzz"), table.nonFiniteCells.isEmpty {
        checkRoundTrip(table, "parsed table")
    }
    // A text column stays text after parsing only if some cell is not a number: the last cell "x" sees to that.
    let cells = text.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init) + ["x"]
    if let built = try? Table(
        columns: [
            Table.Column("row", cells.indices.map(Double.init)), Table.Column("#text, \"cells\"", texts: cells),
        ], metadata: [Table.Metadata("input bytes", "\(size)")])
    {
        checkRoundTrip(built, "table built from the input")
    }
    return 0
}

/// Traps unless the table survives a CSV round trip unchanged.
func checkRoundTrip(_ table: Table, _ what: String) {
    guard let written = try? table.csv() else { fatalError("\(what): the writer refused a finite table") }
    let back: Table
    do {
        back = try Table.parseCSV(written, source: "fuzz-roundtrip")
    } catch {
        fatalError("\(what): the writer's CSV does not parse: \(error)\n\(written.debugDescription)")
    }
    if back != table {
        fatalError("\(what): round trip changed the table\nwritten: \(written.debugDescription)")
    }
}

/// SwiftPM links executables through `<module>_main`; hand control to libFuzzer's driver from there.
@_cdecl("FuzzTableCSV_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzOne(data, size) }
}

/// The entry point libFuzzer's own `main` calls.
@_cdecl("LLVMFuzzerTestOneInput")
func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzOne(data, size) }
