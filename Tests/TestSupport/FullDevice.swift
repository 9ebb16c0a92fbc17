import Foundation

/// `/dev/full` when this machine has it as the Linux full device (every write fails with ENOSPC), else `nil`.
///
/// Some containers (the CI machine among them) have no `/dev/full`; there a test that writes to that path would
/// create a regular file in `/dev` and see the write succeed, so tests that need a path failing only when written
/// ask this probe and skip that one case when it is `nil`.
public let fullDevice: String? = {
    var info = stat()
    guard stat("/dev/full", &info) == 0, info.st_mode & S_IFMT == S_IFCHR else { return nil }
    let fd = open("/dev/full", O_WRONLY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var byte: UInt8 = 0x78
    return write(fd, &byte, 1) < 0 && errno == ENOSPC ? "/dev/full" : nil
}()
