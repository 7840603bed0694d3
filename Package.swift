// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "migrate",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "migrate", targets: ["migrate"]),
    .executable(name: "migrate-fuzz", targets: ["MigrateFuzz"]),
    .library(name: "MigrateCore", targets: ["MigrateCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibYAML",
      pkgConfig: "yaml-0.1",
      providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
    ),
    .target(name: "MigrateCore", dependencies: ["CLibYAML"]),
    .executableTarget(
      name: "migrate",
      dependencies: [
        "MigrateCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The fuzz harness (`make fuzz`): libFuzzer with ASan when built with -DMIGRATE_FUZZ, else a replayer.
    .executableTarget(
      name: "MigrateFuzz", dependencies: ["MigrateCore"], swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    .testTarget(
      name: "MigrateCoreTests",
      dependencies: ["MigrateCore", .product(name: "PropertyBased", package: "swift-property-based")]
    ),
    .testTarget(name: "MigrateCLITests", dependencies: ["MigrateCore", "migrate"]),
  ]
)
