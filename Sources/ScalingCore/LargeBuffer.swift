import Foundation

/// A zero-filled array of trivial values in its own anonymous mapping, advised to use transparent huge pages
/// (`MADV_HUGEPAGE`); freed on deinit. Falls back to the Swift allocator when `mmap` fails.
package final class LargeBuffer<Element>: @unchecked Sendable {
    package let pointer: UnsafeMutablePointer<Element>
    package let count: Int
    private let bytes: Int
    private let mapped: Bool

    package init(count: Int) {
        self.count = count
        let size = max(1, count * MemoryLayout<Element>.stride)
        bytes = size
        let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let address, address != MAP_FAILED {
            if size >= 1 << 21 { _ = madvise(address, size, 14) }  // MADV_HUGEPAGE
            pointer = address.bindMemory(to: Element.self, capacity: max(1, count))
            mapped = true
        } else {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            pointer = raw.bindMemory(to: Element.self, capacity: max(1, count))
            mapped = false
        }
    }

    deinit {
        if mapped {
            munmap(UnsafeMutableRawPointer(pointer), bytes)
        } else {
            UnsafeMutableRawPointer(pointer).deallocate()
        }
    }
}

/// An append-only array on `LargeBuffer`s that doubles its capacity when full.
package struct GrowableLargeBuffer<Element> {
    package private(set) var storage: LargeBuffer<Element>
    package private(set) var count = 0

    package init(capacity: Int) { storage = LargeBuffer(count: max(16, capacity)) }

    @inlinable package var pointer: UnsafeMutablePointer<Element> { storage.pointer }

    @inlinable @inline(__always)
    package mutating func append(_ value: Element) {
        if count == storage.count { grow() }
        storage.pointer[count] = value
        count += 1
    }

    @usableFromInline package mutating func grow() {
        let bigger = LargeBuffer<Element>(count: 2 * storage.count)
        bigger.pointer.update(from: storage.pointer, count: count)
        storage = bigger
    }
}
