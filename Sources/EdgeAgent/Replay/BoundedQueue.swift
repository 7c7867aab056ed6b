import Dispatch
import Synchronization

/// A fixed-capacity first-in first-out queue between two threads: `push` blocks
/// while it is full, `pop` while it is empty, so a fast producer (the Parquet
/// reader) cannot run ahead of a slow consumer and memory stays bounded.
final class BoundedQueue<Element: Sendable>: Sendable {
    private let items = Mutex<[Element?]>([])
    private let freeSlots: DispatchSemaphore
    private let filledSlots = DispatchSemaphore(value: 0)

    /// A queue holding at most `capacity` elements.
    init(capacity: Int) {
        freeSlots = DispatchSemaphore(value: capacity)
    }

    /// Adds `element`, waiting for room.
    func push(_ element: Element) {
        freeSlots.wait()
        items.withLock { $0.append(element) }
        filledSlots.signal()
    }

    /// Marks the end of the stream: the consumer's next `pop` after the elements returns nil.
    func close() {
        freeSlots.wait()
        items.withLock { $0.append(nil) }
        filledSlots.signal()
    }

    /// The next element, waiting for one; nil after `close()`.
    func pop() -> Element? {
        filledSlots.wait()
        let element = items.withLock { $0.removeFirst() }
        freeSlots.signal()
        return element
    }
}
