import Foundation

/// Runs a command as a child process and reports its own peak memory (`wait4`'s `ru_maxrss`), so a benchmark of
/// `ds3 figures all` is not mixed with the memory of the process that measures it.
public enum BenchChildProcess {
    /// Failure to start the child or a non-zero exit.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Runs `executable arguments…` with stdout and stderr sent to /dev/null; returns the child's peak resident
    /// memory in bytes and its CPU time (user + system) in seconds.
    ///
    /// - Throws: `Failure` when the child cannot start, is killed by a signal or exits with a non-zero status.
    public static func run(_ executable: String, _ arguments: [String]) throws
        -> (peakBytes: Double, cpuSeconds: Double)
    {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        // Own process group, killed with ds3 (see ProcessCleanup).
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildProcess.ownGroup(&attributes)
        var pid = pid_t()
        var status: Int32 = 0
        ProcessCleanup.registerGroup {
            status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
            return status == 0 ? pid : nil
        }
        defer { ProcessCleanup.unregister(group: pid) }
        guard status == 0 else {
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        var waitStatus: Int32 = 0
        var usage = rusage()
        while wait4(pid, &waitStatus, 0, &usage) < 0 {
            guard errno == EINTR else {
                throw Failure(description: "wait4 failed: \(String(cString: strerror(errno)))")
            }
        }
        // WIFEXITED / WEXITSTATUS by hand (the C macros are not imported).
        let signal = waitStatus & 0x7f
        let exitStatus = (waitStatus >> 8) & 0xff
        guard signal == 0, exitStatus == 0 else {
            throw Failure(
                description: "\(executable) \(arguments.joined(separator: " ")) ended with status \(exitStatus)"
                    + (signal != 0 ? " (signal \(signal))" : ""))
        }
        let cpu = BenchRunner.seconds(usage.ru_utime) + BenchRunner.seconds(usage.ru_stime)
        return (Double(usage.ru_maxrss) * 1024, cpu)
    }

    /// Path of the running executable (/proc/self/exe), else argv[0].
    public static var currentExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first ?? "ds3"
    }
}
