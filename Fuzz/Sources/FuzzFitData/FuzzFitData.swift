import ComputeOptimal
import FuzzSupport

/// libFuzzer target for the fit-input readers: any byte string must give validated columns or a
/// `FitDataError` naming file, line and column — never a crash — for each of the four file kinds `ds3 fit` reads.
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let text = fuzzText(data, size) else { return 0 }
    _ = try? TrainingRun.runs(csv: text, source: "fuzz-runs.csv")
    _ = try? FitData.read(
        text, source: "fuzz-passk.csv", required: [("N", .positive), ("coverage", .probability)],
        optionalText: ["model"])
    _ = try? FitData.read(
        text, source: "fuzz-mv.csv", required: [("N", .positive), ("accuracy", .probability)],
        optionalText: ["model"])
    if let columns = try? FitData.read(
        text, source: "fuzz-groups.csv", required: [("N", .finite)], optionalText: ["model"])
    {
        _ = FitData.groups(columns, by: "model")
    }
    return 0
}

/// SwiftPM links executables through `<module>_main`; hand control to libFuzzer's driver from there.
@_cdecl("FuzzFitData_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv) { data, size in fuzzOne(data, size) }
}

/// The entry point libFuzzer's own `main` calls.
@_cdecl("LLVMFuzzerTestOneInput")
func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt { fuzzOne(data, size) }
