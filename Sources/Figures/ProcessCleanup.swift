import Foundation
import Synchronization

/// What an interrupted run must undo: the temporary files being written and the child process groups running.
///
/// `AtomicFile` and `ChildProcess` register what they create here; `installSignalHandlers()` (called once by the
/// `ds3` entry point) turns SIGINT, SIGTERM and SIGHUP into a clean stop: temporary files removed, child groups
/// killed, exit status 128 + signal (130 for SIGINT, 143 for SIGTERM). A SIGKILL cannot be caught: its temporary
/// files are removed by the next write into the same folder (`AtomicFile.removeStaleTemporaries`), and `ds3`
/// children started by `ChildProcess` ask the kernel to stop them when their parent dies.
public enum ProcessCleanup {
    struct State {
        var temporaries: Set<String> = []
        var groups: Set<pid_t> = []
    }

    static let state = Mutex(State())

    /// The signals turned into a clean stop.
    static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func register(temporary path: String) { state.withLock { _ = $0.temporaries.insert(path) } }
    static func unregister(temporary path: String) { state.withLock { _ = $0.temporaries.remove(path) } }

    /// Runs `body` (which starts a child and returns its process group, nil if it could not) with the registry locked, so a signal
    /// arriving meanwhile is handled after the group is known.
    static func registerGroup(_ body: () -> pid_t?) {
        state.withLock { state in
            if let group = body(), group > 0 { state.groups.insert(group) }
        }
    }

    static func unregister(group: pid_t) { state.withLock { _ = $0.groups.remove(group) } }

    /// Blocks the handled signals in the calling thread (and so in every thread started after it) and starts a
    /// thread that waits for them. Call first thing in `main`, before any other thread exists.
    public static func installSignalHandlers() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in handled { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        let waiter = Thread {
            var waitSet = blocked
            var received: Int32 = 0
            while sigwait(&waitSet, &received) != 0 {}
            stop(signal: received)
        }
        waiter.stackSize = 1 << 18
        waiter.start()
    }

    /// Removes the registered temporary files, kills the registered child groups and exits with 128 + `signal`.
    /// The registry stays locked: no new temporary file or child can appear while the process ends.
    static func stop(signal: Int32) -> Never {
        state.withLock { state in
            for path in state.temporaries { unlink(path) }
            // SIGTERM first so a `ds3` child can remove its own temporary files, then SIGKILL for anything left.
            for group in state.groups { kill(-group, SIGTERM) }
            if !state.groups.isEmpty {
                var pause = timespec(tv_sec: 0, tv_nsec: 200_000_000)
                nanosleep(&pause, nil)
            }
            for group in state.groups { kill(-group, SIGKILL) }
            _exit(128 + signal)
        }
    }
}
