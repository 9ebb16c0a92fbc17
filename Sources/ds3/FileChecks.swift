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
}
