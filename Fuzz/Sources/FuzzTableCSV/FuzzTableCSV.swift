import FuzzSupport
import ScalingCore

/// libFuzzer target: any byte string must parse to a table or to a `Table.CSVError` — never crash — and a parsed
/// table must survive a CSV round trip.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let text = fuzzText(data, size) else { return 0 }
    guard let table = try? Table.parseCSV(text, source: "fuzz") else { return 0 }
    if table.nonFiniteCells.isEmpty, let again = try? table.csv() {
        _ = try? Table.parseCSV(again, source: "fuzz-roundtrip")
    }
    return 0
}

/// SwiftPM links executables through `<module>_main`; hand control to libFuzzer's driver from there.
@_cdecl("FuzzTableCSV_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzOne(data, size) }
}

/// The entry point libFuzzer's own `main` calls.
@_cdecl("LLVMFuzzerTestOneInput")
func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzOne(data, size) }
