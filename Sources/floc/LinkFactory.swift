import Config
import FieldIO
import HAL
import HALLinux

/// Turns a configured bus into a libmodbus link (not yet connected).
enum LinkFactory {
    /// The bus's endpoint (see `BusConfig.endpoint(board:)`) as a libmodbus link, with the
    /// bus's response timeout set; devices override it per request.
    static func link(for bus: BusConfig, board: BoardConfig) throws(HALError) -> LibmodbusLink {
        let link = LibmodbusLink.make(try bus.endpoint(board: board))
        link.setResponseTimeout(seconds: bus.responseTimeout)
        return link
    }
}
