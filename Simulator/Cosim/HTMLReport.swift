import Foundation

/// A self-contained HTML report of a run: a summary table and one inline SVG plot per panel
/// (no scripts, no fonts, nothing fetched), readable offline and in a CI artifact.
public struct HTMLReport {
    /// One plot: a title, the y unit, and the trend names drawn in it.
    public struct Panel: Sendable {
        public var title: String
        public var unit: String
        public var names: [String]
        public init(_ title: String, unit: String, _ names: [String]) {
            self.title = title
            self.unit = unit
            self.names = names
        }
    }

    public var title: String
    public var subtitle: String
    /// Rows of the summary table: label, value.
    public var summary: [(String, String)]
    public var trends: Trends
    public var panels: [Panel]

    /// Panels for both plant models; a panel without recorded data is left out.
    public static let standardPanels = [
        Panel("Dissolved oxygen", unit: "mg/L", ["reactor5.SO", "reactor5.do", "basin.do", "loop:do5.sp", "loop:aeration1.sp"]),
        Panel("Aeration: KLa", unit: "1/d", ["reactor5.kla", "reactor5.kla_command"]),
        Panel("Aeration: blower", unit: "% / Nm3/h", ["blower1.speed", "blower1.airflow", "loop:aeration1.output"]),
        Panel("Ammonium", unit: "mg N/L", ["reactor5.SNH", "effluent.SNH", "basin.nh4"]),
        Panel("Nitrate", unit: "mg N/L", ["reactor2.SNO", "reactor2.no3", "loop:no2.sp", "effluent.SNO", "basin.no3"]),
        Panel("Internal recycle", unit: "m3/d", ["internal_recycle.flow"]),
        Panel("pH", unit: "pH", ["basin.ph", "loop:ph1.sp"]),
        Panel("Energy", unit: "kWh/d or kW", ["aeration_energy_kwh_d", "blower1.power"]),
    ]

    public init(title: String, subtitle: String, summary: [(String, String)], trends: Trends, panels: [Panel] = standardPanels) {
        self.title = title
        self.subtitle = subtitle
        self.summary = summary
        self.trends = trends
        self.panels = panels
    }

    public var html: String {
        var body = "<h1>\(escape(title))</h1>\n<p class=\"sub\">\(escape(subtitle))</p>\n<table>\n"
        for (label, value) in summary { body += "<tr><th>\(escape(label))</th><td>\(escape(value))</td></tr>\n" }
        body += "</table>\n"
        for panel in panels {
            let drawn = panel.names.compactMap { name in trends.series(name).flatMap { $0.contains(where: \.isFinite) ? (name, $0) : nil } }
            guard !drawn.isEmpty else { continue }
            body += "<h2>\(escape(panel.title))</h2>\n" + SVGPlot(times: trends.times, series: drawn, unit: panel.unit).svg + "\n"
        }
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 980px; margin: 2em auto; color: #222; }
        h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.1em; margin: 1.6em 0 0.3em; }
        .sub { color: #666; margin-top: 0; } table { border-collapse: collapse; }
        th, td { text-align: left; padding: 2px 14px 2px 0; border-bottom: 1px solid #eee; font-weight: normal; }
        th { color: #555; } td { font-variant-numeric: tabular-nums; }
        svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #444; }
        </style></head><body>
        \(body)</body></html>

        """
    }
}

func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
