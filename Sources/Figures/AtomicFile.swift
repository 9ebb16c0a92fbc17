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
        let data = Array(text.utf8)
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw OutputFileError(path: path, reason: "is a directory") }
            if type != S_IFREG {
                try writeAll(data, path: path, flags: O_WRONLY | O_TRUNC, mode: 0)
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
            try writeAll(data, path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
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

    private static func writeAll(_ data: [UInt8], path: String, flags: Int32, mode: mode_t) throws {
        let fd = open(path, flags, mode)
        guard fd >= 0 else { throw OutputFileError(path: path, reason: String(cString: strerror(errno))) }
        var offset = 0
        var failure: String? = nil
        data.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0, errno != EINVAL, errno != EROFS {
            failure = String(cString: strerror(errno))
        }
        if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure { throw OutputFileError(path: path, reason: failure) }
    }
}
