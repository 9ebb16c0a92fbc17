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
/// A symbolic link is written through (its target is replaced, the link kept). The temporary file is removed on
/// every exit path: errors, SIGINT/SIGTERM (`ProcessCleanup`), and after a SIGKILL by the next write into the same
/// folder (`removeStaleTemporaries`).
public enum AtomicFile {
    /// The folder of a path: the text before its last "/" ("/" for a file at the root, "" for a bare name).
    /// Foundation's `deletingLastPathComponent` traps on a one-character path such as "0" on Linux.
    public static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? ""
    }

    public static func write(_ text: String, to path: String) throws {
        try write(to: path) { emit in try emit(text) }
    }

    /// Writes the pieces of text that `produce` hands to `emit`, in order, as one file: large outputs (a CSV of a
    /// million rows) are written piece by piece and never held whole in memory. Same guarantees as
    /// `write(_:to:)`: on any error (thrown by `produce` too) the destination is left as it was.
    public static func write(to path: String, _ produce: (_ emit: (String) throws -> Void) throws -> Void) throws {
        // A symbolic link is written through: the file it points to is replaced, the link stays.
        let path = try resolvingLinks(path)
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
        guard stat(directory, &dirInfo) == 0 else {
            let reason = errno == ENOENT ? "does not exist" : String(cString: strerror(errno))
            throw OutputFileError(path: path, reason: "directory \(directory) \(reason)")
        }
        guard dirInfo.st_mode & S_IFMT == S_IFDIR else {
            throw OutputFileError(path: path, reason: "\(directory) is not a directory")
        }
        removeStaleTemporaries(in: directory)
        let temporary = directory + "/" + temporaryName(for: url.lastPathComponent)
        ProcessCleanup.register(temporary: temporary)
        defer { ProcessCleanup.unregister(temporary: temporary) }
        do {
            try writeAll(produce, path: temporary, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644)
        } catch let error as OutputFileError {
            unlink(temporary)
            // Name the user's file, not the hidden temporary one.
            throw OutputFileError(path: path, reason: error.reason)
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

    /// `.NAME.tmp-PID-RANDOM`: hidden, next to the destination, naming the writing process.
    static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// The file a path names after following symbolic links (relative targets are relative to the link's
    /// folder); the path itself when it is not a link or does not exist.
    static func resolvingLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { return current }
            let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") {
                current = target
            } else {
                let folder = AtomicFile.folder(of: current)
                current = folder.isEmpty ? target : folder + "/" + target
            }
        }
        throw OutputFileError(path: path, reason: "too many levels of symbolic links")
    }

    /// Removes temporary files that earlier runs, killed while writing, left in `directory`: names made by
    /// `temporaryName` (`.NAME.tmp-PID-RANDOM`) or by the plot renderer (`.plot-PID-RANDOM.EXT`) whose process
    /// no longer exists, or that nobody has written to for 10 minutes. Files of other names are never touched.
    public static func removeStaleTemporaries(in directory: String, now: Date = Date()) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            guard let pid = writerPid(ofTemporary: name) else { continue }
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            let alive = pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
            let idle = now.timeIntervalSince1970 - Double(info.st_mtim.tv_sec) > 600
            if !alive || (pid != getpid() && idle) { unlink(path) }
        }
    }

    /// The writer's pid of a temporary file name (`.NAME.tmp-PID-RANDOM` or `.plot-PID-RANDOM.EXT`), nil for
    /// any other name.
    static func writerPid(ofTemporary name: String) -> pid_t? {
        guard name.hasPrefix(".") else { return nil }
        let pieces: [Substring]
        if name.hasPrefix(".plot-") {
            // .plot-PID-RANDOM.EXT
            let rest = name.dropFirst(6)
            guard let dot = rest.firstIndex(of: "."),
                ["dat", "gp", "svg", "png"].contains(rest[rest.index(after: dot)...])
            else { return nil }
            pieces = rest[..<dot].split(separator: "-", omittingEmptySubsequences: false)
        } else {
            guard let marker = name.range(of: ".tmp-", options: .backwards),
                marker.lowerBound > name.index(after: name.startIndex)
            else { return nil }
            pieces = name[marker.upperBound...].split(separator: "-", omittingEmptySubsequences: false)
        }
        guard pieces.count == 2,
            pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let pid = pid_t(pieces[0]), pid > 0, UInt32(pieces[1]) != nil
        else { return nil }
        return pid
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
