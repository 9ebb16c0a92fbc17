import Figures
import ScalingCore
import TestSupport

/// Each figure's table at test resolution, computed once per test process and shared by the golden, headline,
/// thread-invariance and full-resolution tests (`TestMemo`).
enum FigureTables {
    static func test(_ id: String) throws -> Table {
        try TestMemo.shared.value("figure-test-\(id)") {
            try FigureRegistry.table(for: try FigureRegistry.figure(id: id), resolution: .test)
        }
    }
}
