/// Who drives one piece of equipment (a blower, a dosing pump): the loop (`auto`), the
/// technician at a fixed speed or rate (`hand`), or nobody (`off`, stopped and left out of
/// staging). Hand and auto both still stop for the interlocks and e-stop that protect it.
public enum HandOffAuto: String, Sendable, Equatable, CaseIterable, Codable {
    case hand, off, auto
}
