import Foundation

/// One line chart as inline SVG: time on x (hours up to two days, days beyond), a y axis
/// with round ticks, one coloured polyline per series and a legend.
struct SVGPlot {
    var times: [Double]
    var series: [(name: String, values: [Double])]
    var unit: String
    let width = 940.0, height = 260.0
    let left = 64.0, right = 16.0, top = 26.0, bottom = 34.0
    static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

    var svg: String {
        let finite = series.flatMap { $0.values.filter(\.isFinite) }
        guard let t0 = times.first, let t1 = times.last, t1 > t0, var low = finite.min(), var high = finite.max() else { return "" }
        if high - low < 1e-9 { low -= 1; high += 1 }
        let ticks = Self.ticks(low, high)
        low = min(low, ticks.first ?? low)
        high = max(high, ticks.last ?? high)
        let inDays = t1 - t0 > 2 * 86_400
        let scale = inDays ? 86_400.0 : 3600.0
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ t: Double) -> Double { left + (t - t0) / (t1 - t0) * plotW }
        func y(_ v: Double) -> Double { top + (high - v) / (high - low) * plotH }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"#fafafa\" stroke=\"#ccc\"/>"
        for tick in ticks where tick >= low && tick <= high {
            out += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#e4e4e4\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(Self.label(tick))</text>"
        }
        for tick in Self.ticks(t0 / scale, t1 / scale) where tick * scale >= t0 - 1e-9 * scale && tick * scale <= t1 {
            out += "<line x1=\"\(f(x(tick * scale)))\" x2=\"\(f(x(tick * scale)))\" y1=\"\(top)\" y2=\"\(top + plotH)\" stroke=\"#eee\"/>"
            out += "<text x=\"\(f(x(tick * scale)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(Self.label(tick))</text>"
        }
        out += "<text x=\"\(left + plotW)\" y=\"\(f(height - 4))\" text-anchor=\"end\">\(inDays ? "days" : "hours")</text>"
        out += "<text x=\"8\" y=\"16\">\(escape(unit))</text>"
        var legendX = left
        for (index, line) in series.enumerated() {
            let colour = Self.colours[index % Self.colours.count]
            var points: [String] = []
            var paths: [String] = []
            for (t, v) in zip(times, line.values) {
                if v.isFinite { points.append("\(f(x(t))),\(f(y(v)))") } else if !points.isEmpty { paths.append(points.joined(separator: " ")); points = [] }
            }
            if !points.isEmpty { paths.append(points.joined(separator: " ")) }
            for path in paths {
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.3\" points=\"\(path)\"/>"
            }
            out += "<rect x=\"\(f(legendX))\" y=\"8\" width=\"12\" height=\"3\" fill=\"\(colour)\"/>"
            out += "<text x=\"\(f(legendX + 16))\" y=\"14\">\(escape(line.name))</text>"
            legendX += 24 + Double(line.name.count) * 6.5
        }
        return out + "</svg>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    /// Round ticks (1, 2, 5 x 10^n) covering low...high, about five of them.
    static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let span = high - low
        guard span > 0, span.isFinite else { return [low] }
        let raw = span / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var ticks: [Double] = []
        var tick = floor(low / step) * step
        while tick <= high + step * 1e-9 {
            ticks.append(tick)
            tick += step
        }
        return ticks + (ticks.last.map { $0 < high ? [$0 + step] : [] } ?? [])
    }

    static func label(_ value: Double) -> String {
        abs(value) >= 1e4 || (abs(value) < 1e-3 && value != 0) ? String(format: "%.2g", value)
            : String(format: "%g", (value * 1e6).rounded() / 1e6)
    }
}
