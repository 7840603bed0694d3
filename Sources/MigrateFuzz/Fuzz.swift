import Foundation
import MigrateCore

// The fuzz harness: `migrate-fuzz TARGET [libFuzzer flags and corpus folders]` (`migrate-fuzz targets` lists them,
// `migrate-fuzz seeds TARGET` prints the seed patterns). Built by `make fuzz` with
// `-sanitize=fuzzer,address -DMIGRATE_FUZZ`, it hands the rest of the command line to libFuzzer; built plainly
// (as `swift build` does), it runs TARGET's oracles once over each file named, which is how a found input is
// replayed. A broken oracle prints what broke and aborts, so libFuzzer records the input as a crash.

nonisolated(unsafe) var selected = FuzzTarget.yaml

func check(_ bytes: [UInt8]) {
  if let problem = selected.run(bytes) {
    FileHandle.standardError.write(Data("migrate-fuzz \(selected.rawValue): \(problem)\n".utf8))
    abort()
  }
}

#if MIGRATE_FUZZ
  @_silgen_name("LLVMFuzzerRunDriver")
  func runDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
  ) -> Int32
#endif

@_cdecl("MigrateFuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
  let arguments = (0..<Int(argc)).map { argv[$0].map { String(cString: $0) } ?? "" }
  if arguments.count == 2, arguments[1] == "targets" {
    print(FuzzTarget.allCases.map(\.rawValue).joined(separator: "\n"))
    return 0
  }
  // `migrate-fuzz seeds TARGET`: the file name patterns of `fixtures/` that seed TARGET's corpus.
  if arguments.count == 3, arguments[1] == "seeds", let target = FuzzTarget(rawValue: arguments[2]) {
    print(target.seedPatterns.joined(separator: "\n"))
    return 0
  }
  guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
    let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
    FileHandle.standardError.write(Data("usage: migrate-fuzz \(names) [libFuzzer flags] [corpus…]\n".utf8))
    return 2
  }
  selected = target
  #if MIGRATE_FUZZ
    // libFuzzer sees the program name and everything after the target.
    var rest: [UnsafeMutablePointer<CChar>?] = [argv[0]] + (2..<Int(argc)).map { argv[$0] } + [nil]
    var count = Int32(argc - 1)
    return rest.withUnsafeMutableBufferPointer { buffer in
      guard var pointer = buffer.baseAddress else { return 2 }
      return runDriver(&count, &pointer) { data, size in
        check(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
      }
    }
  #else
    for path in arguments.dropFirst(2) {
      guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("migrate-fuzz: cannot read \(path)\n".utf8))
        return 2
      }
      check([UInt8](data))
      print("\(path): ok")
    }
    return 0
  #endif
}
