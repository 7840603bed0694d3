import Foundation

/// What `migrate batch` was asked to do.
public struct BatchRequest: Sendable {
  public var root: String
  public var options: ConversionOptions
  /// Worker threads; 0 means one per core.
  public var jobs: Int
  /// Only paths matching one of these globs (all when empty); `*` also matches `/`.
  public var include: [String]
  public var exclude: [String]
  /// Exclusions from a config file: globs matched against `prefix/path`, where `prefix` leads from the config
  /// file's folder to `root` (see `Settings.batchExcludes(root:)`).
  public var baseExcludes: [(prefix: String, patterns: [String])] = []
  /// `(index, count)`, 1-based: take the files whose path hash falls in share `index` of `count`.
  public var shard: (index: Int, count: Int)?
  public var write: Bool
  /// With `write`: also rewrite files whose owner has no write permission (`--write-read-only`).
  public var writeReadOnly = false
  /// With `write`: the helper process that renames finished files into place (nil: done in this process).
  public var committer: WriteCommitter?
  /// Keep each conversion's model (`ConversionResult.model`, the parse of the output) for planners that read
  /// it (`prereqs`); a plain batch drops it, so memory stays flat however many files convert.
  public var keepModels = false

  public init(
    root: String, options: ConversionOptions, jobs: Int = 0, include: [String] = [], exclude: [String] = [],
    shard: (index: Int, count: Int)? = nil, write: Bool = false,
    baseExcludes: [(prefix: String, patterns: [String])] = []
  ) {
    self.baseExcludes = baseExcludes
    self.root = root
    self.options = options
    self.jobs = jobs
    self.include = include
    self.exclude = exclude
    self.shard = shard
    self.write = write
  }
}

/// The outcome for one file of a batch.
public struct BatchFile: Sendable {
  public enum Status: Sendable, Equatable {
    /// Not a kind migrate reads, or no docker usage in it.
    case skipped
    /// Not text (a NUL byte).
    case binary
    case converted
    /// Did not parse, or a fix broke it: reported and left untouched.
    case failed
    case unreadable(String)
  }

  /// Path relative to the batch root.
  public var path: String
  public var status: Status
  public var result: ConversionResult?
  /// Set when `--write` replaced the file.
  public var written = false
  /// What the write did beyond a plain atomic replacement (through a link, in place for hard links, …).
  public var notes: [String] = []

  public var changed: Bool { result.map { $0.changed && !$0.failed } ?? false }
}

/// The whole batch: every listed file in path order, plus what the walk left out.
public struct BatchReport: Sendable {
  public var files: [BatchFile]
  public var skippedLinks: [String]
  public var root: String
  /// Files whose folder leads outside the root through a symbolic link: neither read nor written.
  public var outside: [String] = []
  /// Temporary files of an interrupted write: reported, never converted.
  public var leftovers: [String] = []

  public var converted: [BatchFile] { files.filter { $0.result != nil } }
  public var changedCount: Int { files.filter(\.changed).count }
  public var failedCount: Int { files.filter { $0.status == .failed }.count }
  /// Files that use docker: those with a finding or a change.
  public var usingDockerCount: Int { files.filter { ($0.result?.findings.isEmpty == false) || $0.changed }.count }
}

/// Runs a conversion over a whole tree, in parallel, in a stable order.
public enum BatchRunner {
  /// `progress` is called now and then with (files done, files in all), from worker threads.
  public static func run(_ request: BatchRequest, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> BatchReport
  {
    // A dry run converts the tracked files while git walks the tree for untracked ones (the walk is a good
    // part of a batch's time); a write needs the whole listing first, for the leftovers of interrupted writes.
    if !request.write, let tracked = RepositoryWalker.gitTracked(root: request.root) {
      let untracked = UntrackedListing(root: request.root)
      let first = RepositoryWalker.listing(root: request.root, paths: tracked)
      let firstFiles = convert(first.files.filter { selected($0, request) }, request, [], progress)
      let second = RepositoryWalker.listing(root: request.root, paths: untracked.wait())
      let secondFiles = convert(
        second.files.filter { selected($0, request) }, request, [], progress, offset: firstFiles.count)
      return BatchReport(
        files: (firstFiles + secondFiles).sorted { $0.path < $1.path },
        skippedLinks: (first.skippedLinks + second.skippedLinks).sorted(), root: request.root,
        outside: (first.outside + second.outside).sorted(), leftovers: (first.leftovers + second.leftovers).sorted())
    }
    let listing = try RepositoryWalker.list(root: request.root)
    let paths = listing.files.filter { selected($0, request) }
    // A file with a leftover of an interrupted write beside it is not written again until someone has looked:
    // after an in-place write (hard links) the file itself may be the incomplete one.
    let interrupted = Set(
      listing.leftovers.compactMap { leftover -> String? in
        let slash = leftover.lastIndex(of: "/")
        let name = slash.map { String(leftover[leftover.index(after: $0)...]) } ?? leftover
        guard let original = FileIO.leftoverOriginal(name) else { return nil }
        return slash.map { String(leftover[...$0]) + original } ?? original
      })
    let files = convert(paths, request, interrupted, progress)
    return BatchReport(
      files: files, skippedLinks: listing.skippedLinks, root: request.root, outside: listing.outside,
      leftovers: listing.leftovers)
  }

  /// Converts `paths` on all cores; the results in the order of `paths`.
  static func convert(
    _ paths: [String], _ request: BatchRequest, _ interrupted: Set<String>,
    _ progress: (@Sendable (Int, Int) -> Void)?, offset: Int = 0
  ) -> [BatchFile] {
    let count = paths.count
    let workers = max(
      1, min(request.jobs > 0 ? request.jobs : ProcessInfo.processInfo.activeProcessorCount, max(1, count)))
    let results = UnsafeMutableBufferPointer<BatchFile>.allocate(capacity: max(count, 1))
    defer {
      results.baseAddress?.deinitialize(count: count)
      results.deallocate()
    }
    let counter = ProgressCounter()
    // Each index is written by exactly one worker, so the buffer needs no lock.
    nonisolated(unsafe) let buffer = results
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      var index = worker
      while index < count {
        let file = process(paths[index], request, interrupted: interrupted.contains(paths[index]))
        buffer.baseAddress.map { ($0 + index).initialize(to: file) }
        let done = counter.increment()
        if let progress, done % 32 == 0 || done == count { progress(offset + done, offset + count) }
        index += workers
      }
    }
    return Array(buffer.prefix(count))
  }

  /// Include/exclude globs and the shard.
  static func selected(_ path: String, _ request: BatchRequest) -> Bool {
    if !request.include.isEmpty && !request.include.contains(where: { matches($0, path) }) { return false }
    if request.exclude.contains(where: { matches($0, path) }) { return false }
    for (prefix, patterns) in request.baseExcludes {
      let based = prefix.isEmpty ? path : prefix + "/" + path
      if patterns.contains(where: { matches($0, based) }) { return false }
    }
    if let shard = request.shard {
      return Int(stableHash(path) % UInt64(shard.count)) == shard.index - 1
    }
    return true
  }

  /// `fnmatch` without `FNM_PATHNAME`, so `*` crosses folders; a pattern without `/` also matches a base name.
  static func matches(_ pattern: String, _ path: String) -> Bool {
    if fnmatch(pattern, path, 0) == 0 { return true }
    if !pattern.contains("/"), let base = path.split(separator: "/").last {
      return fnmatch(pattern, String(base), 0) == 0
    }
    return false
  }

  /// FNV-1a over the path's bytes: the same split on every machine and run.
  static func stableHash(_ path: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in path.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    return hash
  }

  static func process(_ path: String, _ request: BatchRequest, interrupted: Bool = false) -> BatchFile {
    let full = RepositoryWalker.join(request.root, path)
    let bytes: [UInt8]
    do {
      bytes = try FileIO.read(full)
    } catch {
      return BatchFile(path: path, status: .unreadable(MigrateError.describe(error)), result: nil)
    }
    if bytes.prefix(8192).contains(0) { return BatchFile(path: path, status: .binary, result: nil) }
    // Most files of a repository cannot change: one byte scan decides that before any look at the kind.
    guard mayUseDocker(path, bytes) else { return BatchFile(path: path, status: .skipped, result: nil) }
    guard let kind = Converter.detectKind(path: path, bytes: bytes, strict: true) else {
      return BatchFile(path: path, status: .skipped, result: nil)
    }
    // Scripts without the word docker need no parse: the cheap test keeps batch near the speed of reading.
    if kind != .compose && !contains(bytes, "docker") {
      return BatchFile(path: path, status: .skipped, result: nil)
    }
    let source = SourceFile(path: full, bytes: bytes)
    var result = Converter.convert(source, kind: kind, options: request.options)
    if !request.keepModels { result.model = nil }
    var file = BatchFile(path: path, status: result.failed ? .failed : .converted, result: result)
    if request.write && file.changed {
      if interrupted {
        file.status = .unreadable(
          "\(full): not written: an interrupted write left a temporary file beside it; compare the two, keep the "
            + "right one and delete the other")
        return file
      }
      do {
        // Links are followed only to files really inside the batch root.
        let report = try FileIO.rewrite(
          result.output, at: full,
          policy: WritePolicy(
            root: request.root, readOnly: request.writeReadOnly, committer: request.committer,
            expected: bytes))
        file.written = true
        file.notes = report.notes
      } catch {
        file.status = .unreadable(MigrateError.describe(error))
      }
    }
    return file
  }

  /// Whether a file can hold anything to convert: the word `docker` (every run line, unit and CI job that
  /// migrate rewrites has it), or, in a YAML file, a compose file's `services` key or a compose name (a
  /// compose file need not name docker at all). Everything else is skipped unread by the parsers.
  static func mayUseDocker(_ path: String, _ bytes: [UInt8]) -> Bool {
    if contains(bytes, "docker") { return true }
    let lower = path.lowercased()
    guard Converter.isYAMLName(lower) else { return false }
    let name = lower.split(separator: "/").last ?? Substring(lower)
    return name.contains("compose") || contains(bytes, "services")
  }

  /// Whether `needle` occurs in `bytes`: `memchr` finds candidates for the first byte, then a compare.
  static func contains(_ bytes: [UInt8], _ needle: String) -> Bool {
    let pattern = Array(needle.utf8)
    guard let first = pattern.first, bytes.count >= pattern.count else { return pattern.isEmpty }
    return bytes.withUnsafeBufferPointer { haystack -> Bool in
      guard let base = haystack.baseAddress else { return false }
      var offset = 0
      let last = haystack.count - pattern.count
      while offset <= last {
        guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
        let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if memcmp(base + position, pattern, pattern.count) == 0 { return true }
        offset = position + 1
      }
      return false
    }
  }
}

/// `git ls-files --others --exclude-standard`, run on a thread of its own from the start.
final class UntrackedListing: @unchecked Sendable {
  private var paths: [String] = []
  private let done = DispatchSemaphore(value: 0)

  init(root: String) {
    Thread { [self] in
      paths = RepositoryWalker.gitUntracked(root: root)
      done.signal()
    }.start()
  }

  func wait() -> [String] {
    done.wait()
    return paths
  }
}

/// A thread-safe count of finished files.
final class ProgressCounter: @unchecked Sendable {
  private var value = 0
  private let lock = NSLock()

  func increment() -> Int {
    lock.lock()
    defer { lock.unlock() }
    value += 1
    return value
  }
}
