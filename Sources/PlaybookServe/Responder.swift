#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Maps a request to a response: the reload script, a status document, or a file of the site.
struct Responder {
    let store: SiteStore

    func respond(to request: Request) -> Response {
        guard !request.method.isEmpty else { return Self.plain(400, "bad request\n", close: true) }
        guard request.method == "GET" || request.method == "HEAD" else {
            var r = Self.plain(405, "only GET and HEAD\n", close: true)
            r.headers.append(("Allow", "GET, HEAD"))
            return r
        }
        let path = request.path
        if path == ReloadScript.path {
            return Response(status: 200, headers: [("Content-Type", "text/javascript; charset=utf-8"), ("Cache-Control", "no-cache")],
                            body: Array(ReloadScript.source.utf8))
        }
        if path == "/__playbook/status" {
            let body = SiteStore.json(["generation": store.generation, "instance": store.instance,
                                       "errors": store.currentErrors.map(\.description)])
            return Response(status: 200, headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")], body: Array(body.utf8))
        }
        switch SitePath.resolve(path) {
        case .bad: return Self.plain(400, "bad request\n")
        case .forbidden: return Self.plain(403, "forbidden\n")
        case .file(let key, let isDirectory):
            if let file = store.file(key) { return serve(file, key: key, request: request) }
            if !isDirectory, store.file(key.isEmpty ? "index.html" : key + "/index.html") != nil {
                // The query is kept (`/en/search?q=x` → `/en/search/?q=x`), and one leading slash:
                // `//en` must not become `//en/`, which a browser reads as the host `en`.
                let query = request.target.drop { $0 != "?" }
                let location = "/" + path.drop { $0 == "/" } + "/" + query
                return Response(status: 301, headers: [("Location", location), ("Cache-Control", "no-cache")])
            }
            return notFound()
        }
    }

    private func serve(_ file: SiteStore.File, key: String, request: Request) -> Response {
        let type = Self.contentType(key)
        let isHTML = type.hasPrefix("text/html")
        let etag = "\"\(store.instance)-\(file.generation)-\(file.bytes.count)\(isHTML ? "-r" : "")\""
        var headers: [(String, String)] = [
            ("Content-Type", type), ("ETag", etag), ("Last-Modified", HTTPDate.format(file.modified)),
            ("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff"),
        ]
        if let match = request.headers["if-none-match"] {
            if match == "*" || match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
                return Response(status: 304, headers: headers)
            }
        } else if let since = request.headers["if-modified-since"].flatMap(HTTPDate.parse), file.modified <= since {
            return Response(status: 304, headers: headers)
        }
        let body = isHTML ? Self.inject(file.bytes) : file.bytes
        if isHTML { headers.append(("Referrer-Policy", "no-referrer")) }
        return Response(status: 200, headers: headers, body: body)
    }

    private func notFound() -> Response {
        let page = store.file("404.html")?.bytes
            ?? Array("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Not found</h1><p>No page at this address in the site being previewed. <a href=\"/\">Start page</a></p></main></body></html>\n".utf8)
        return Response(status: 404, headers: [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")], body: Self.inject(page))
    }

    static func plain(_ status: Int, _ text: String, close: Bool = false) -> Response {
        Response(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8), close: close)
    }

    /// The reload script before `</head>` (else at the end): only in responses, never on disk.
    static func inject(_ html: [UInt8]) -> [UInt8] {
        let tag = Array(ReloadScript.tag.utf8)
        let needle = Array("</head>".utf8)
        if html.count >= needle.count {
            for i in 0...(html.count - needle.count) where html[i] == 60 {
                var match = true
                for j in 0..<needle.count where (html[i + j] | (j > 1 ? 0x20 : 0)) != needle[j] { match = false; break }
                if match { return Array(html[..<i]) + tag + Array(html[i...]) }
            }
        }
        return html + tag
    }

    static let types: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8", "json": "application/json",
        "xml": "application/xml", "atom": "application/atom+xml", "svg": "image/svg+xml", "png": "image/png",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif",
        "ico": "image/x-icon", "pdf": "application/pdf", "txt": "text/plain; charset=utf-8", "md": "text/markdown; charset=utf-8",
        "csv": "text/csv; charset=utf-8", "eml": "message/rfc822", "woff": "font/woff", "woff2": "font/woff2",
        "wasm": "application/wasm", "map": "application/json", "webmanifest": "application/manifest+json",
    ]

    static func contentType(_ path: String) -> String {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        return types[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
    }
}

/// A request path → a key of the site (a path as under public/), refusing anything that could
/// name something outside it.
enum SitePath: Equatable {
    case file(String, isDirectory: Bool)
    case forbidden
    case bad

    static func resolve(_ target: String) -> SitePath {
        guard target.hasPrefix("/") else { return .bad }
        // Percent-decoding first, so `%2e%2e` and `%2f` are seen for what they are.
        var bytes: [UInt8] = []
        var it = Array(target.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let h = hex(it[it.startIndex]), let l = hex(it[it.startIndex + 1]) else { return .bad }
                it = it.dropFirst(2)
                bytes.append(h << 4 | l)
            } else {
                bytes.append(b)
            }
        }
        if bytes.contains(0) { return .bad }
        if bytes.contains(UInt8(ascii: "\\")) { return .forbidden }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .bad }
        let segments = text.split(separator: "/", omittingEmptySubsequences: true)
        if segments.contains(where: { $0 == ".." || $0 == "." }) { return .forbidden }
        let key = segments.joined(separator: "/").precomposedStringWithCanonicalMapping
        if text.hasSuffix("/") { return .file(key.isEmpty ? "index.html" : key + "/index.html", isDirectory: true) }
        return .file(key, isDirectory: false)
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}

/// RFC 7231 dates (IMF-fixdate).
enum HTTPDate {
    static func format(_ seconds: Int) -> String {
        var t = time_t(seconds)
        var tmv = tm()
        gmtime_r(&t, &tmv)
        var buf = [CChar](repeating: 0, count: 64)
        let n = strftime(&buf, buf.count, "%a, %d %b %Y %H:%M:%S GMT", &tmv)
        return String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// "Sun, 06 Nov 1994 08:49:37 GMT" → seconds since 1970; nil for anything else.
    static func parse(_ text: String) -> Int? {
        let p = text.split(separator: " ")
        guard p.count == 6, p[5] == "GMT", let day = Int(p[1]), let month = months.firstIndex(of: String(p[2])),
              let year = Int(p[3]) else { return nil }
        let t = p[4].split(separator: ":").compactMap { Int($0) }
        guard t.count == 3 else { return nil }
        var tmv = tm()
        tmv.tm_year = Int32(year - 1900); tmv.tm_mon = Int32(month); tmv.tm_mday = Int32(day)
        tmv.tm_hour = Int32(t[0]); tmv.tm_min = Int32(t[1]); tmv.tm_sec = Int32(t[2])
        return Int(timegm(&tmv))
    }
}
