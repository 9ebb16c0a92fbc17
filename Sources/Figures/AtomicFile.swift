import Foundation

/// Error writing an output file.
public struct OutputFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes files so that an error never leaves a half-written result: data go to a temporary file in the
/// destination's directory, are flushed to disk, and the temporary file is renamed over the destination.
/// Character devices (e.g. `/dev/stdout`, `/dev/full`) are written directly; a write error is reported.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws {
        try write(to: path) { emit in try emit(text) }
    }

    /// Writes the pieces of text that `produce` hands to `emit`, in order, as one file: large outputs (a CSV of a
    /// million rows) are written piece by piece and never held whole in memory. Same guarantees as
    /// `write(_:to:)`: on any error (thrown by `produce` too) the destination is left as it was.
    public static func write(to path: String, _ produce: (_ emit: (String) throws -> Void) throws -> Void) throws {
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw OutputFileError(path: path, reason: "is a directory") }
            if type != S_IFREG {
                try writeAll(produce, path: path, flags: O_WRONLY | O_TRUNC, mode: 0)
                return
            }
        }
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var dirInfo = stat()
        guard stat(directory, &dirInfo) == 0, dirInfo.st_mode & S_IFMT == S_IFDIR else {
            throw OutputFileError(path: path, reason: "directory \(directory) does not exist")
        }
        let temporary =
            directory + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try writeAll(produce, path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        } catch {
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputFileError(path: path, reason: reason)
        }
    }

    private static func writeAll(
        _ produce: (_ emit: (String) throws -> Void) throws -> Void, path: String, flags: Int32, mode: mode_t
    ) throws {
        let fd = open(path, flags, mode)
        guard fd >= 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        var failure: String? = nil
        do {
            try produce { text in
                var text = text
                // A native string's UTF-8 bytes, written in place (no copy of the text).
                text.withUTF8 { buffer in
                    var offset = 0
                    while offset < buffer.count, let base = buffer.baseAddress {
                        let n = Foundation.write(fd, base + offset, buffer.count - offset)
                        if n < 0 {
                            if errno == EINTR { continue }
                            failure = String(cString: strerror(errno))
                            return
                        }
                        offset += n
                    }
                }
                if let failure { throw OutputFileError(path: path, reason: failure) }
            }
        } catch {
            close(fd)
            throw error
        }
        if fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            failure = String(cString: strerror(errno))
        }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure { throw OutputFileError(path: path, reason: failure) }
    }
}
