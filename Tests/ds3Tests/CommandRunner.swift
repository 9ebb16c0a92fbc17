import Foundation
import TestSupport
import Testing

/// Result of running the `ds3` executable.
struct CommandResult {
    let status: Int32
    let stdout: String
    let stderr: String
}

/// Runs `ds3` with arguments, in `directory` if given, and captures its output.
func runDS3(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws
    -> CommandResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ds3ExecutablePath())
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
}

/// Runs `ds3 … --format json`, expects exit status 0 and returns the top-level JSON object (empty on failure).
func runDS3JSON(_ arguments: [String]) throws -> [String: Any] {
    let r = try runDS3(arguments + ["--format", "json"])
    #expect(r.status == 0, "\(arguments): \(r.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8))
    return object as? [String: Any] ?? [:]
}
