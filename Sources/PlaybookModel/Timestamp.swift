import Foundation

/// An ISO 8601 time with a zone, as written in front matter (`2024-03-05T09:12:00+01:00`,
/// `2024-03-05T08:12Z`). Parsed by hand: no locale, no time zone database, deterministic.
package struct Timestamp: Sendable, Equatable, Comparable {
    /// As written.
    package let text: String
    /// Seconds since 1970-01-01T00:00:00Z.
    package let epoch: Int
    /// Local date and time as written: "2024-03-05", "09:12".
    package let day: String
    package let time: String
    /// Offset from UTC in minutes, as written.
    package let offsetMinutes: Int

    package init?(_ text: String) {
        let b = Array(text.utf8)
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count, r.allSatisfy({ b[$0] >= 0x30 && b[$0] <= 0x39 }) else { return nil }
            return Int(String(decoding: b[r], as: UTF8.self))
        }
        guard b.count >= 17, let day = DateText.day(of: String(decoding: b[0..<10], as: UTF8.self)),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let hour = num(11..<13), b[13] == UInt8(ascii: ":"), let minute = num(14..<16),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var second = 0
        if i < b.count && b[i] == UInt8(ascii: ":") {
            guard let s = num(17..<19), s < 61 else { return nil }
            second = s
            i = 19
            if i < b.count && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
                i += 1
                let start = i
                while i < b.count && b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
                if i == start { return nil }
            }
        }
        guard i < b.count else { return nil }  // a zone is required
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            guard i + 1 == b.count else { return nil }
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = num((i + 1)..<(i + 3)), oh < 24 else { return nil }
            var om = 0
            if i + 3 == b.count {
            } else if b[i + 3] == UInt8(ascii: ":"), i + 6 == b.count, let m = num((i + 4)..<(i + 6)), m < 60 {
                om = m
            } else if i + 5 == b.count, let m = num((i + 3)..<(i + 5)), m < 60 {
                om = m
            } else { return nil }
            offset = sign * (oh * 60 + om)
        } else { return nil }
        let parts = day.utf8.split(separator: UInt8(ascii: "-")).compactMap { Int(Substring($0)) }
        self.text = text
        self.day = day
        self.time = String(format: "%02d:%02d", hour, minute)
        self.offsetMinutes = offset
        self.epoch = CivilDate.days(year: parts[0], month: parts[1], day: parts[2]) * 86400 + hour * 3600 + minute * 60 + second - offset * 60
    }

    package static func < (a: Timestamp, b: Timestamp) -> Bool { a.epoch < b.epoch }

    /// "UTC", "UTC+01:00", "UTC−05:30".
    package var zoneLabel: String {
        if offsetMinutes == 0 { return "UTC" }
        let m = abs(offsetMinutes)
        return "UTC" + (offsetMinutes < 0 ? "−" : "+") + String(format: "%02d:%02d", m / 60, m % 60)
    }

    /// RFC 3339 in UTC, for Atom: "2024-03-05T08:12:00Z".
    package var utc: String { CivilDate.rfc3339(epoch: epoch) }
}

/// Days ↔ civil dates (proleptic Gregorian), after Howard Hinnant's algorithms.
package enum CivilDate {
    package static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    package static func civil(days z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    package static func day(epoch: Int) -> String {
        let (y, m, d) = civil(days: Int((Double(epoch) / 86400).rounded(.down)))
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    package static func rfc3339(epoch: Int) -> String {
        let days = Int((Double(epoch) / 86400).rounded(.down))
        let secs = epoch - days * 86400
        return day(epoch: epoch) + String(format: "T%02d:%02d:%02dZ", secs / 3600, secs % 3600 / 60, secs % 60)
    }

    /// RFC 5322 date: "Tue, 05 Mar 2024 08:12:00 +0000".
    package static func rfc5322(epoch: Int) -> String {
        let days = Int((Double(epoch) / 86400).rounded(.down))
        let (y, m, d) = civil(days: days)
        let secs = epoch - days * 86400
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let wd = weekdays[((days % 7) + 7) % 7]
        return wd + ", " + String(format: "%02d ", d) + months[m - 1] + String(format: " %04d %02d:%02d:%02d +0000", y, secs / 3600, secs % 3600 / 60, secs % 60)
    }
}

/// The date a build is made on: `SOURCE_DATE_EPOCH` when set (reproducible builds), else now.
/// Overdue action items are judged against its day; feeds and .eml files use it where a
/// time is needed and the content has none.
public struct BuildDate: Sendable, Equatable {
    public let epoch: Int
    public var day: String { CivilDate.day(epoch: epoch) }

    public init(epoch: Int) { self.epoch = epoch }

    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> BuildDate {
        if let raw = environment["SOURCE_DATE_EPOCH"]?.trimmingCharacters(in: .whitespaces), let e = Int(raw) {
            return BuildDate(epoch: e)
        }
        // Without SOURCE_DATE_EPOCH: the start of today (UTC), so two builds on one day match.
        let now = Int(Date().timeIntervalSince1970)
        return BuildDate(epoch: now - ((now % 86400) + 86400) % 86400)
    }
}

/// Dates as written in front matter.
package enum DateText {
    /// "2015-10-07" or "2015-10-07T09:00:00+02:00" → "2015-10-07"; nil if not a valid date.
    package static func day(of text: String) -> String? {
        let b = Array(text.utf8)
        guard b.count >= 10, b[4] == 0x2D, b[7] == 0x2D,
              let y = Int(String(decoding: b[0..<4], as: UTF8.self)),
              let m = Int(String(decoding: b[5..<7], as: UTF8.self)),
              let d = Int(String(decoding: b[8..<10], as: UTF8.self)),
              y > 0, (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d)
        else { return nil }
        if b.count > 10 && b[10] != 0x54 && b[10] != 0x20 { return nil }  // 'T' or ' ' before a time
        return String(decoding: b[0..<10], as: UTF8.self)
    }

    package static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
