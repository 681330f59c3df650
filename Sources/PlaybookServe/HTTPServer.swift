#if canImport(Glibc)
import Glibc
#endif
import Foundation
import PlaybookCore

/// A small HTTP/1.1 server on POSIX sockets, one thread per connection: enough for a preview
/// on 127.0.0.1 (a few browser tabs), no dependency to compile, and full control over the
/// event stream and the paths it serves. It serves only `SiteStore`'s in-memory files: there is
/// no file system path to escape to.
final class HTTPServer: @unchecked Sendable {
    let store: SiteStore
    private(set) var port: Int = 0
    private var listener: Int32 = -1

    init(store: SiteStore) { self.store = store }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Binds and listens (so the caller can report the address), without accepting yet.
    func bind(host: String, port: Int) throws {
        signal(SIGPIPE, SIG_IGN)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        let name = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, name, &addr.sin_addr) == 1 else {
            throw Failure(description: "--host \(host): not an IPv4 address (use 127.0.0.1, or 0.0.0.0 to listen on every interface)")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "cannot create a socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "cannot listen on \(host):\(port): \(why); is another server using the port? Try --port")
        }
        guard listen(fd, 128) == 0 else {
            close(fd)
            throw Failure(description: "cannot listen on \(host):\(port): \(String(cString: strerror(errno)))")
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        listener = fd
    }

    /// Accepts connections on a background thread.
    func start() {
        let fd = listener
        let thread = Thread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 {
                    if errno == EINTR || errno == ECONNABORTED || errno == EMFILE { usleep(1000); continue }
                    return
                }
                _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                var one: Int32 = 1
                setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                let t = Thread { [self] in
                    Connection(fd: client, store: store).run()
                    close(client)
                }
                t.stackSize = 1 << 20
                t.start()
            }
        }
        thread.name = "playbook-accept"
        thread.start()
    }
}

/// One client connection: requests one after the other (keep-alive), or an event stream.
struct Connection {
    let fd: Int32
    let store: SiteStore

    func run() {
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var buffer: [UInt8] = []
        while true {
            guard let (request, rest) = readRequest(&buffer) else { return }
            buffer = rest
            let keepAlive = request.keepAlive
            if request.method == "GET" && request.path == "/__playbook/events" {
                streamEvents(request)
                return
            }
            var response = Responder(store: store).respond(to: request)
            // A request body is never read: close rather than mistake it for the next request.
            if let length = request.headers["content-length"], length != "0" { response.close = true }
            if request.headers["transfer-encoding"] != nil { response.close = true }
            guard send(response.serialized(head: request.method == "HEAD", keepAlive: keepAlive)) else { return }
            if !keepAlive || response.close { return }
        }
    }

    /// Reads one request head (the body of GET/HEAD is empty; others are answered 405 and closed).
    private func readRequest(_ buffer: inout [UInt8]) -> (Request, [UInt8])? {
        var chunk = [UInt8](repeating: 0, count: 8192)
        while true {
            if let end = Self.headEnd(buffer) {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                let rest = Array(buffer[(end + 4)...])
                return Request.parse(head).map { ($0, rest) } ?? (Request.bad, [])
            }
            if buffer.count > 64 * 1024 { return (Request.bad, []) }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    static func headEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }

    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Server-sent events: `hello` on connect (and the current error, if any), then `reload`
    /// and `error` as builds finish; a comment every 15 s finds clients that went away.
    private func streamEvents(_ request: Request) {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Accel-Buffering: no\r\nConnection: keep-alive\r\n\r\n"
        var seen = store.generation
        var first = "retry: 300\n" + "event: hello\ndata: " + SiteStore.json(["instance": store.instance, "generation": seen]) + "\n\n"
        let errors = store.currentErrors
        if !errors.isEmpty { first += "event: error\ndata: " + SiteStore.errorJSON(errors) + "\n\n" }
        guard send(Array((head + first).utf8)) else { return }
        while true {
            let events = store.events(after: seen, timeout: 15)
            var out = ""
            if events.isEmpty { out = ": ping\n\n" }
            for e in events {
                out += "event: \(e.name)\ndata: \(e.data)\n\n"
                seen = max(seen, e.generation)
            }
            guard send(Array(out.utf8)) else { return }
        }
    }
}

struct Request {
    var method: String
    var target: String
    var version: String
    var headers: [String: String]
    var path: String { String(target.prefix { $0 != "?" && $0 != "#" }) }
    var keepAlive: Bool {
        let c = headers["connection"]?.lowercased() ?? ""
        return version == "HTTP/1.1" ? !c.contains("close") : c.contains("keep-alive")
    }
    static let bad = Request(method: "", target: "", version: "HTTP/1.0", headers: [:])

    static func parse(_ head: String) -> Request? {
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard let first = lines.first else { return nil }
        let parts = first.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Request(method: String(parts[0]), target: String(parts[1]), version: String(parts[2]), headers: headers)
    }
}

struct Response {
    var status: Int
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    var close = false

    static let reasons = [200: "OK", 301: "Moved Permanently", 304: "Not Modified", 400: "Bad Request", 403: "Forbidden",
                          404: "Not Found", 405: "Method Not Allowed"]

    func serialized(head: Bool, keepAlive: Bool) -> [UInt8] {
        var text = "HTTP/1.1 \(status) \(Self.reasons[status] ?? "")\r\n"
        for (k, v) in headers { text += "\(k): \(v)\r\n" }
        if status != 304 { text += "Content-Length: \(body.count)\r\n" }
        text += keepAlive && !close ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        text += "\r\n"
        var out = Array(text.utf8)
        if !head && status != 304 { out += body }
        return out
    }
}
