import Foundation
import HALLinux
import Testing

@Suite struct RealtimeSetupTests {
    /// Runs on a thread of its own so a granted SCHED_FIFO does not leak into other tests.
    @Test func appliesOrSaysClearlyWhatWasRefused() {
        let box = ResultBox()
        let thread = Thread {
            box.warning = RealtimeSetup.apply(priority: 10, prefaultStackBytes: 64 * 1024)
            var parameters = sched_param()
            _ = pthread_getschedparam(pthread_self(), &box.policy, &parameters)
            box.priority = parameters.sched_priority
            box.done.signal()
        }
        thread.start()
        box.done.wait()
        munlockall()
        if box.policy == SCHED_FIFO {
            #expect(box.priority == 10)
            #expect(box.warning == nil || box.warning?.contains("mlockall") == true,
                    "with SCHED_FIFO granted, only memory locking may be refused")
        } else {
            let warning = box.warning
            #expect(warning != nil, "refused SCHED_FIFO must be reported")
            #expect(warning?.hasPrefix("real-time scheduling requested but the kernel refused: SCHED_FIFO") == true)
            #expect(warning?.contains("normal priority") == true)
        }
    }

    final class ResultBox: @unchecked Sendable {
        var warning: String?
        var policy: Int32 = -1
        var priority: Int32 = -1
        let done = DispatchSemaphore(value: 0)
    }
}
