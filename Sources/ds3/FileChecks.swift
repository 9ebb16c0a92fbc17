import Figures
import Foundation

/// Checks of file paths given on the command line, with the reason the system reports (a folder that cannot be
/// searched is "permission denied", not "no such file").
enum FileChecks {
    /// Why `path` cannot be read as a regular file, nil when it can.
    static func unreadableReason(_ path: String) -> String? {
        guard !path.isEmpty else { return "no such file" }
        var info = stat()
        guard stat(path, &info) == 0 else { return errno == ENOENT ? "no such file" : String(cString: strerror(errno)) }
        if info.st_mode & S_IFMT == S_IFDIR { return "is a folder, not a file" }
        if access(path, R_OK) != 0 { return String(cString: strerror(errno)).lowercased() }
        return nil
    }

    /// Why a file could not be written at `path` (the writer reported `systemReason`), by the same rule: a folder
    /// that exists but refuses new files is "permission denied" even when the kernel says ENOENT (as /proc does,
    /// even for root), a folder that is missing is named.
    static func unwritableReason(_ path: String, systemReason: String) -> String {
        let folder = AtomicFile.folder(of: path)
        let directory = folder.isEmpty ? "." : folder
        var info = stat()
        guard stat(directory, &info) == 0 else {
            return errno == ENOENT
                ? "folder '\(directory)' does not exist" : String(cString: strerror(errno)).lowercased()
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { return "'\(directory)' is not a folder" }
        if access(directory, W_OK | X_OK) != 0 { return String(cString: strerror(errno)).lowercased() }
        let reason = systemReason.lowercased()
        return reason == "no such file or directory" ? "permission denied" : reason
    }

    /// Runs `write`, turning a failed write into one message naming the option and the path:
    /// "--out '/proc/x.csv': cannot write: permission denied".
    static func writing(_ flag: String, _ path: String, _ write: () throws -> Void) throws {
        do {
            try write()
        } catch let error as OutputFileError {
            throw OutputWriteError(
                description: "\(flag) '\(path)': cannot write: "
                    + unwritableReason(error.path, systemReason: error.reason))
        }
    }
}

/// An output file named by an option could not be written (an I/O failure: exit status 1).
struct OutputWriteError: Error, CustomStringConvertible {
    let description: String
}
