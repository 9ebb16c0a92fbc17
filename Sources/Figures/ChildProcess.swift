import Foundation

/// Runs a child process in its own process group, so that the group can be killed whole when `ds3` is stopped
/// (see `ProcessCleanup`), with its output captured and an optional time limit.
public enum ChildProcess {
    /// What a finished child did.
    public struct Outcome: Sendable, Equatable {
        public let stdout: String
        public let stderr: String
        /// Exit status when the child exited, nil when a signal ended it.
        public let status: Int32?
        /// The signal that ended the child, nil when it exited.
        public let signal: Int32?
        /// The child was killed because it ran past its time limit.
        public let timedOut: Bool

        /// Exited with status 0.
        public var succeeded: Bool { status == 0 }

        /// "status 3", "signal 11 (crashed)", "killed after the 60 s time limit".
        public func describe(limit: Double? = nil) -> String {
            if timedOut { return "killed after the \(limit.map { Self.seconds($0) } ?? "") time limit" }
            if let signal { return "ended by signal \(signal)" }
            return "exit status \(status ?? -1)"
        }

        static func seconds(_ s: Double) -> String {
            s == s.rounded() ? "\(Int(s)) s" : "\(s) s"
        }
    }

    /// Failure to start the child.
    public struct StartError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Environment variable naming the parent's pid for a `ds3` child: such a child asks the kernel for SIGTERM
    /// when its parent dies (even by SIGKILL), see `stopWithParent()`.
    public static let parentVariable = "DS3KIT_PARENT_PID"

    /// Runs `executable` (an absolute path) with `arguments` in `directory`, stdin from /dev/null, stdout and
    /// stderr captured (or, with `captureOutput` false, shared with this process's). `timeLimit` (seconds): the
    /// group is killed with SIGKILL when it runs longer. `environment`: added to (or replacing entries of) this
    /// process's environment. `parentDeathSignal`: the signal the kernel sends the child when this process dies,
    /// even by SIGKILL (no handler runs then to kill the group): the child is started through util-linux
    /// `setpriv --pdeathsig` (which keeps the setting across its exec of `executable`); without setpriv on `PATH`
    /// the child is started directly. nil: none.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil,
        environment: [String: String] = [:], timeLimit: Double? = nil, captureOutput: Bool = true,
        parentDeathSignal: Int32? = SIGKILL
    ) throws -> Outcome {
        var program = executable
        var arguments = arguments
        if let signal = parentDeathSignal, let setpriv = which("setpriv") {
            // setpriv reports a missing program only by its exit status: the caller's start error comes first.
            guard access(executable, X_OK) == 0 else {
                throw StartError(description: "cannot start \(executable): \(String(cString: strerror(errno)))")
            }
            arguments = ["--pdeathsig", signalName(signal), "--", executable] + arguments
            program = setpriv
        }
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0 else { throw StartError(description: "cannot create a pipe") }
        guard pipe(&errPipe) == 0 else {
            close(outPipe[0])
            close(outPipe[1])
            throw StartError(description: "cannot create a pipe")
        }
        var readEnds = [outPipe[0], errPipe[0]]
        defer { for fd in readEnds where fd >= 0 { close(fd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if captureOutput {
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        }
        for fd in [outPipe[0], outPipe[1], errPipe[0], errPipe[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        if let directory {
            guard let addChdir = LibC.spawnAddChdir else {
                throw StartError(description: "cannot start \(executable) in \(directory): no posix_spawn chdir")
            }
            _ = addChdir(&actions, directory)
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ownGroup(&attributes)

        var variables = ProcessInfo.processInfo.environment
        for (key, value) in environment { variables[key] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in argv + envp { free(p) } }

        var pid = pid_t()
        var spawnStatus: Int32 = 0
        ProcessCleanup.registerGroup {
            spawnStatus = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
            return spawnStatus == 0 ? pid : nil
        }
        close(outPipe[1])
        close(errPipe[1])
        guard spawnStatus == 0 else {
            throw StartError(description: "cannot start \(executable): \(String(cString: strerror(spawnStatus)))")
        }
        defer { ProcessCleanup.unregister(group: pid) }

        // Read both pipes until they close (or the time limit passes).
        var output = [[UInt8](), [UInt8]()]
        let deadline = timeLimit.map { Date().addingTimeInterval($0) }
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while readEnds.contains(where: { $0 >= 0 }) {
            var fds = readEnds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 {
                    timedOut = true
                    break
                }
                wait = Int32(min(left * 1000 + 1, 60_000))
            }
            let ready = poll(&fds, nfds_t(fds.count), wait)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            for (i, fd) in fds.enumerated() where fd.fd >= 0 && fd.revents != 0 {
                let n = read(fd.fd, &buffer, buffer.count)
                if n > 0 {
                    output[i].append(contentsOf: buffer[0..<n])
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fd.fd)
                    readEnds[i] = -1
                }
            }
        }
        if timedOut { kill(-pid, SIGKILL) }
        var waitStatus: Int32 = 0
        while true {
            // With a time limit, poll (the child may hang after closing its output); else block.
            let options = deadline != nil && !timedOut ? WNOHANG : 0
            let result = waitpid(pid, &waitStatus, options)
            if result == pid { break }
            if result < 0, errno != EINTR { break }
            if let deadline, !timedOut {
                if deadline.timeIntervalSinceNow <= 0 {
                    timedOut = true
                    kill(-pid, SIGKILL)
                } else {
                    var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                    nanosleep(&pause, nil)
                }
            }
        }
        // A grandchild that kept the group alive is ended with it.
        kill(-pid, SIGKILL)
        // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (the C macros are not imported).
        let signal = waitStatus & 0x7f
        return Outcome(
            stdout: String(decoding: output[0], as: UTF8.self), stderr: String(decoding: output[1], as: UTF8.self),
            status: signal == 0 ? (waitStatus >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
            timedOut: timedOut)
    }

    /// The name setpriv reads for a signal number ("KILL", "TERM"; other signals by number).
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: "KILL"
        case SIGTERM: "TERM"
        case SIGINT: "INT"
        case SIGHUP: "HUP"
        default: "\(signal)"
        }
    }

    /// Spawn attributes of a child in its own process group with no blocked signals (ds3 blocks SIGINT/SIGTERM
    /// for its signal thread) and default dispositions, so the child stops on them.
    static func ownGroup(_ attributes: inout posix_spawnattr_t) {
        var empty = sigset_t()
        sigemptyset(&empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in ProcessCleanup.handled + [SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    }

    /// For a `ds3` started by another `ds3` (the environment names the parent): asks the kernel to send SIGTERM
    /// when the parent dies, and stops at once if the parent is already gone. Call first thing in `main`.
    public static func stopWithParent() {
        guard let value = ProcessInfo.processInfo.environment[parentVariable], let parent = pid_t(value) else {
            return
        }
        // prctl(PR_SET_PDEATHSIG = 1, SIGTERM): Linux only.
        _ = LibC.prctl?(1, UInt(SIGTERM), 0, 0, 0)
        if getppid() != parent { _exit(128 + SIGTERM) }
    }

    /// `name` found on `PATH`, else nil.
    public static func which(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where access("\(folder)/\(name)", X_OK) == 0 {
            return "\(folder)/\(name)"
        }
        return nil
    }
}

/// C functions of the running libc that the Swift overlay does not import, looked up by name.
enum LibC {
    typealias SpawnAddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
        -> Int32
    typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32

    static let spawnAddChdir: SpawnAddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let prctl: Prctl? = symbol("prctl")

    static func symbol<F>(_ name: String) -> F? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: F.self)
    }
}
