import Foundation
import PlaybookAssemble
import PlaybookModel
import PlaybookParse

/// An apology template as a ready-to-open email draft (`.eml`, RFC 5322 + MIME): UTF-8
/// headers encoded per RFC 2047, multipart/alternative with the plain-text and the branded
/// HTML version (templates/email.mustache), CRLF line endings, no random Message-ID, a Date
/// from the build date, so two builds give the same bytes.
package enum EmailMessage {
    package struct Parts {
        package var subject: String
        package var from: String
        package var replyTo: String?
        package var lang: String
        package var text: String
        package var html: String
        package var date: Int
    }

    package static func eml(_ p: Parts) -> String {
        let boundary = "=_playbook_" + Fingerprint.of(p.subject + "\u{0}" + p.text)
        var h: [String] = []
        h.append("Date: " + CivilDate.rfc5322(epoch: p.date))
        h.append("From: " + address(p.from))
        if let r = p.replyTo { h.append("Reply-To: " + address(r)) }
        h.append("To: undisclosed-recipients:;")
        h.append("Subject: " + encodedWords(p.subject, headerLength: "Subject: ".count))
        h.append("MIME-Version: 1.0")
        h.append("Content-Language: " + p.lang.filter { $0.isLetter || $0.isNumber || $0 == "-" })
        h.append("X-Unsent: 1")
        h.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        var out = h.joined(separator: "\r\n") + "\r\n\r\n"
        out += "This is a multi-part message in MIME format.\r\n"
        for (type, body) in [("text/plain", p.text), ("text/html", p.html)] {
            out += "\r\n--\(boundary)\r\n"
            out += "Content-Type: \(type); charset=UTF-8\r\n"
            out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            out += quotedPrintable(body)
        }
        out += "\r\n--\(boundary)--\r\n"
        return out
    }

    // MARK: Headers

    /// `Name <addr>` with the name quoted or RFC 2047-encoded as needed; CR/LF never pass.
    package static func address(_ text: String) -> String {
        guard let a = EmailAddress(text) else { return text.filter { $0 != "\r" && $0 != "\n" } }
        guard let name = a.name else { return a.address }
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) {
            let specials = "()<>[]:;@\\,.\""
            if name.contains(where: { specials.contains($0) }) {
                return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\" <\(a.address)>"
            }
            return "\(name) <\(a.address)>"
        }
        return encodedWords(name, headerLength: 6) + " <\(a.address)>"
    }

    /// RFC 2047 B-encoded words of at most 75 characters, split between characters, folded
    /// onto continuation lines.
    package static func encodedWords(_ text: String, headerLength: Int) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        var words: [String] = []
        var chunk: [UInt8] = []
        for ch in clean {
            let bytes = Array(String(ch).utf8)
            if chunk.count + bytes.count > 39 {  // 39 bytes → 52 base64 characters → 64-character word
                words.append(chunk.isEmpty ? "" : "=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.filter { !$0.isEmpty }.joined(separator: "\r\n ")
    }

    // MARK: Body

    /// Quoted-printable (RFC 2045 §6.7) with CRLF hard line breaks and soft breaks before 76 characters.
    package static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3 / 2)
        var lineLength = 0
        var bytes = Array(text.utf8)
        bytes.removeAll { $0 == 0x0D }  // CRLF and LF alike: LF ends a line
        for (i, b) in bytes.enumerated() {
            if b == 0x0A {
                out += [0x0D, 0x0A]
                lineLength = 0
                continue
            }
            let atLineEnd = i + 1 == bytes.count || bytes[i + 1] == 0x0A
            let literal = (b >= 33 && b <= 126 && b != 61) || ((b == 32 || b == 9) && !atLineEnd)
            let width = literal ? 1 : 3
            if lineLength + width > 75 {
                out += [0x3D, 0x0D, 0x0A]  // soft line break
                lineLength = 0
            }
            if literal { out.append(b) } else { out += [0x3D, hex[Int(b >> 4)], hex[Int(b & 15)]] }
            lineLength += width
        }
        return String(decoding: out, as: UTF8.self)
    }
}
