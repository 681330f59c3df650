// swift-tools-version:6.0
import PackageDescription

// The pipeline: load → parse → assemble → render → write, in PlaybookCore's folders.
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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
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
        .target(name: "TextFolding"),
        .target(name: "Markdown", dependencies: ["CCmarkGFM", "CmarkThreadFix", "TextFolding"]),
        .target(
            name: "PlaybookCore",
            dependencies: [
                "Markdown", "TextFolding", "CStemmer",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "playbook",
            dependencies: ["PlaybookCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "PlaybookTests",
            dependencies: ["PlaybookCore", "Markdown", "TextFolding"],
            exclude: []
        ),
    ],
    swiftLanguageModes: [.v5]
)
