#if canImport(Glibc)
  import Glibc
#endif

/// Extended attributes of open files (POSIX ACLs, `user.*`, SELinux labels), so a rewritten file keeps them.
/// The C library has them, but Swift's Glibc module does not import `<sys/xattr.h>`: they are looked up once by
/// name.
enum ExtendedAttributes {
  private typealias List = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int
  private typealias Get = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int
  private typealias Set = @convention(c) (Int32, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32

  private struct Functions: @unchecked Sendable {
    var list: List
    var get: Get
    var set: Set
  }

  private static let functions: Functions? = {
    guard let handle = dlopen(nil, RTLD_NOW), let list = dlsym(handle, "flistxattr"),
      let get = dlsym(handle, "fgetxattr"), let set = dlsym(handle, "fsetxattr")
    else { return nil }
    return Functions(
      list: unsafeBitCast(list, to: List.self), get: unsafeBitCast(get, to: Get.self),
      set: unsafeBitCast(set, to: Set.self))
  }()

  /// Every attribute of `fd` with its value; nil when they cannot be read (then nothing can be promised).
  static func all(of fd: Int32) -> [(name: String, value: [UInt8])]? {
    guard let functions else { return nil }
    let size = functions.list(fd, nil, 0)
    if size == 0 { return [] }
    guard size > 0 else { return errno == ENOTSUP ? [] : nil }
    var names = [CChar](repeating: 0, count: size)
    let got = functions.list(fd, &names, size)
    guard got >= 0 else { return nil }
    var result: [(name: String, value: [UInt8])] = []
    for raw in names[0..<got].split(separator: 0) {
      let name = String(decoding: raw.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let length = functions.get(fd, name, nil, 0)
      guard length >= 0 else { return nil }
      var value = [UInt8](repeating: 0, count: length)
      let read = value.withUnsafeMutableBytes { functions.get(fd, name, $0.baseAddress, length) }
      guard read >= 0 else { return nil }
      result.append((name, Array(value.prefix(read))))
    }
    return result
  }

  /// Sets `name` on `fd`; false when refused.
  static func set(_ name: String, _ value: [UInt8], on fd: Int32) -> Bool {
    guard let functions else { return false }
    return value.withUnsafeBytes { functions.set(fd, name, $0.baseAddress, value.count, 0) } == 0
  }
}
