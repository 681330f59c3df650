// swift-tools-version:6.0
import PackageDescription

// The pipeline is the target graph: PlaybookModel → Load → Parse → Assemble → Check | Render → Index | Write
// → PlaybookCore (README "Architecture"). An earlier stage cannot import a later one.
// Each C library sits behind one small Swift wrapper target.
let package = Package(
    name: "playbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "playbook", targets: ["playbook"]),
        .library(name: "PlaybookCore", targets: ["PlaybookCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Snowball stemmers (libstemmer) for the search index; Debian's has no pkg-config file.
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        // Works around libcmark-gfm's process-global special-character table (see the C file).
        .target(name: "CmarkThreadFix", dependencies: ["CCmarkGFM"], linkerSettings: [.linkedLibrary("dl")]),
        // jemalloc for the `playbook` executable (see the C file for why and what it measured).
        .target(name: "CAllocator", linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
        // The one HTML/XML escaper, below everything that writes markup.
        .target(name: "Escaping"),
        .target(name: "TextFolding"),
        .target(name: "Templates", dependencies: ["Escaping"]),
        .target(name: "Markdown", dependencies: ["CCmarkGFM", "CmarkThreadFix", "TextFolding", "Escaping"]),
        // The pipeline's stages, each a target that can import only the stages before it.
        // The values every stage shares: settings, config, UI strings, content paths, diagnostics.
        .target(name: "PlaybookModel", dependencies: ["Escaping", "TextFolding", "Templates", .product(name: "Yams", package: "Yams")]),
        // load: playbook.yml, content/, templates/ (with the built-in theme), each file admitted once.
        .target(name: "PlaybookLoad", dependencies: ["PlaybookModel"]),
        // parse: front matter (Yams) and Markdown (the Markdown target) of each page, links resolved.
        .target(name: "PlaybookParse", dependencies: ["PlaybookLoad", "Markdown", "TextFolding", .product(name: "Yams", package: "Yams")]),
        // assemble: languages, translations and fallbacks, sections, tags, the typed content; the
        // translation status and what changed in a source since its translation.
        .target(name: "PlaybookAssemble", dependencies: ["PlaybookParse"]),
        // check: links and anchors, the apology lint, translations; reads the site, reports.
        .target(name: "PlaybookCheck", dependencies: ["PlaybookAssemble"]),
        // render: page contexts, Mustache templates, charts; reads the assembled site (what the
        // checks found does not change it).
        .target(name: "PlaybookRender", dependencies: ["PlaybookAssemble", "Templates"]),
        // index: the search index per language (tokenizer, Snowball stemmers, shards) and the
        // search pages, from the rendered HTML.
        .target(name: "PlaybookIndex", dependencies: ["PlaybookRender", "CStemmer"]),
        // write: the output folder (staging, stamp, atomic swap), feeds, sitemap, typed outputs.
        .target(name: "PlaybookWrite", dependencies: ["PlaybookRender"]),
        // The pipeline as each command runs it (build, check, translations, serve's incremental
        // builds) and the commands that are not stages (new, the translators' exchange files).
        .target(
            name: "PlaybookCore",
            dependencies: [
                "PlaybookModel", "PlaybookLoad", "PlaybookParse", "PlaybookAssemble", "PlaybookCheck",
                "PlaybookRender", "PlaybookIndex", "PlaybookWrite",
                "Markdown", "TextFolding", "Templates", .product(name: "Yams", package: "Yams"),
            ]
        ),
        // `playbook serve`: HTTP on POSIX sockets, inotify, live reload. Its own target so that
        // PlaybookCore (and `build`) link no server.
        .target(name: "PlaybookServe", dependencies: ["PlaybookCore"]),
        .executableTarget(
            name: "playbook",
            dependencies: ["PlaybookCore", "PlaybookServe", "CAllocator", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libFuzzer targets: libraries holding LLVMFuzzerTestOneInput; scripts/fuzz links each with
        // -sanitize=fuzzer (libFuzzer supplies main, which an executable target cannot leave out).
        .target(name: "FuzzFrontMatter", dependencies: ["PlaybookCore"]),
        .target(name: "FuzzMarkdown", dependencies: ["PlaybookCore"]),
        .target(name: "FuzzSearch", dependencies: ["PlaybookCore"]),
        .testTarget(
            name: "PlaybookTests",
            dependencies: ["PlaybookCore", "PlaybookServe", "Markdown", "TextFolding", "Templates", "Escaping"],
            exclude: ["MustacheSpec"]
        ),
    ],
    swiftLanguageModes: [.v5]
)
