@testable import Cosim
import Testing

@Suite struct HTMLReportTests {
    @Test func reportIsSelfContainedWithOnePlotPerPanelWithData() {
        var trends = Trends(names: ["basin.do", "loop:aeration1.sp", "basin.ph"])
        for i in 0..<10 { trends.record(time: Double(i) * 600) { $0 == "basin.ph" ? nil : 2 + Double(i % 3) * 0.1 } }
        let html = HTMLReport(title: "Run <1>", subtitle: "s", summary: [("eqi", "6127.0")], trends: trends).html
        #expect(html.contains("Run &lt;1&gt;"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 1)   // DO only: pH has no data
        #expect(html.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(!html.contains("<script"))
        // Nothing fetched: the only address is the SVG namespace.
        #expect(html.components(separatedBy: "http").count - 1 == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1)
    }

    @Test(arguments: [(0.0, 10.0, [0.0, 2, 4, 6, 8, 10]), (1.93, 2.07, [1.9, 1.95, 2, 2.05, 2.1])])
    func ticksAreRoundAndCoverTheRange(low: Double, high: Double, expected: [Double]) {
        let ticks = SVGPlot.ticks(low, high)
        #expect(ticks.count == expected.count)
        for (a, b) in zip(ticks, expected) { #expect(abs(a - b) < 1e-9) }
    }

    @Test func csvHasAHeaderAndOneRowPerRecord() {
        var trends = Trends(names: ["a", "b"])
        trends.record(time: 0) { $0 == "a" ? 1 : nil }
        trends.record(time: 10) { _ in 2.5 }
        #expect(trends.csv == "time_s,a,b\n0,1,\n10,2.5,2.5\n")
    }
}
