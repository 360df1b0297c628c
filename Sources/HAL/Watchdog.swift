/// A hardware watchdog: the board resets unless it is fed within its timeout.
///
/// Fed only while scans complete on time (the supervisor decides); closed with the
/// magic close on an orderly stop so a planned shutdown does not reset the board.
public protocol Watchdog: AnyObject {
    /// The timeout in force, in seconds (after clamping to the hardware's maximum).
    var timeout: Int { get }
    func feed() throws(HALError)
    /// Orderly stop: disarms the watchdog (magic close) where the driver allows it.
    func close()
}
