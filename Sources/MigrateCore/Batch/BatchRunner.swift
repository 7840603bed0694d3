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
  /// The conversion, boxed: a batch keeps one `BatchFile` per listed file, and most have none.
  public var result: ConversionResult? {
    get { box?.value }
    set { box = newValue.map(ResultBox.init) }
  }
  private var box: ResultBox?
  /// Set when `--write` replaced the file.
  public var written = false
  /// What the write did beyond a plain atomic replacement (through a link, in place for hard links, …).
  public var notes: [String] = []
  /// What the worker found at the listed path; only `.file` entries stay in a report's `files`.
  var listed = Listed.file

  enum Listed: UInt8 {
    case file
    /// A symbolic link: reported, never followed.
    case link
    /// Its folder leads outside the root through a symbolic link: neither read nor written.
    case outside
    /// Gone since it was listed, or not a regular file (git lists a deleted tracked file): not reported.
    case gone
  }

  public init(path: String, status: Status, result: ConversionResult?) {
    self.path = path
    self.status = status
    self.result = result
  }

  init(_ path: String, _ listed: Listed) {
    self.path = path
    self.status = .skipped
    self.listed = listed
  }

  public var changed: Bool { box.map { $0.value.changed && !$0.value.failed } ?? false }
}

private final class ResultBox: Sendable {
  let value: ConversionResult
  init(_ value: ConversionResult) { self.value = value }
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
      // The bind checks ask the same index which folders hold tracked files.
      if let real = FileIO.realPath(request.root), FileIO.gitWorkTreeTop(of: real) == real {
        GitIndexCache.shared.seed(top: real, paths: tracked)
      }
      var report = convert(tracked, request, progress)
      let second = convert(untracked.wait(), request, progress, offset: report.files.count)
      // Usually nothing is untracked: then no copy of the (large) file list.
      if !second.files.isEmpty { report.files = merged(report.files, second.files) }
      report.skippedLinks = (report.skippedLinks + second.skippedLinks).sorted()
      report.outside = (report.outside + second.outside).sorted()
      report.leftovers = (report.leftovers + second.leftovers).sorted()
      return report
    }
    return convert(try RepositoryWalker.candidates(root: request.root), request, progress)
  }

  /// Converts the selected ones of `listed` (paths relative to the root, as git or the walk gave them) on all
  /// cores, in chunks of neighbouring paths; the report in path order. Each worker finds out what a path is
  /// (a symbolic link is reported, never followed), checks its folder really lies inside the root and reads it
  /// into a buffer of its own.
  static func convert(
    _ listed: [String], _ request: BatchRequest, _ progress: (@Sendable (Int, Int) -> Void)?, offset: Int = 0
  ) -> BatchReport {
    var chosen: [String] = []
    var leftovers: [String] = []
    // git lists in order already: no sorted copy then.
    let ordered = zip(listed, listed.dropFirst()).allSatisfy { $0 < $1 } ? listed : listed.sorted()
    for path in ordered {
      if FileIO.leftoverOriginal(RepositoryWalker.baseName(path)) != nil {
        leftovers.append(path)
      } else if selected(path, request) {
        chosen.append(path)
      }
    }
    let paths = chosen
    // A file with a leftover of an interrupted write beside it is not written again until someone has looked:
    // after an in-place write (hard links) the file itself may be the incomplete one.
    let interrupted =
      request.write
      ? Set(
        leftovers.compactMap { leftover -> String? in
          guard let original = FileIO.leftoverOriginal(RepositoryWalker.baseName(leftover)) else { return nil }
          let folder = RepositoryWalker.folder(leftover)
          return folder.isEmpty ? original : folder + "/" + original
        }) : []
    let count = paths.count
    let workers = max(
      1, min(request.jobs > 0 ? request.jobs : ProcessInfo.processInfo.activeProcessorCount, max(1, count)))
    let realRoot = FileIO.realPath(request.root) ?? FileIO.absolutePath(request.root)
    let queue = WorkQueue(count: count)
    var files = [BatchFile](unsafeUninitializedCapacity: count) { buffer, initialized in
      // Each index is written by exactly one worker, so the buffer needs no lock.
      nonisolated(unsafe) let slots = buffer
      DispatchQueue.concurrentPerform(iterations: workers) { _ in
        let worker = Worker(root: request.root, realRoot: realRoot)
        var finished = 0
        while true {
          let (next, done) = queue.next(finished: finished)
          if let progress, finished > 0 { progress(offset + done, offset + count) }
          guard let chunk = next else { break }
          for index in chunk {
            let path = paths[index]
            slots.initializeElement(
              at: index, to: process(path, request, worker, interrupted: interrupted.contains(path)))
          }
          finished = chunk.count
        }
      }
      initialized = count
    }
    var report = BatchReport(files: [], skippedLinks: [], root: request.root, leftovers: leftovers)
    for file in files where file.listed != .file {
      switch file.listed {
      case .link: report.skippedLinks.append(file.path)
      case .outside: report.outside.append(file.path)
      case .file, .gone: break
      }
    }
    files.removeAll { $0.listed != .file }
    report.files = files
    return report
  }

  /// Two path-sorted file lists as one.
  static func merged(_ a: [BatchFile], _ b: [BatchFile]) -> [BatchFile] {
    var result: [BatchFile] = []
    result.reserveCapacity(a.count + b.count)
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if j == b.count || (i < a.count && a[i].path <= b[j].path) {
        result.append(a[i])
        i += 1
      } else {
        result.append(b[j])
        j += 1
      }
    }
    return result
  }

  /// One worker's reusable state: its read buffer and which folders it found inside the root.
  final class Worker {
    let reader = ReusableReader()
    var folders: RepositoryWalker.FolderCheck

    init(root: String, realRoot: String) { folders = RepositoryWalker.FolderCheck(root: root, realRoot: realRoot) }
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

  static func process(_ path: String, _ request: BatchRequest, _ worker: Worker, interrupted: Bool) -> BatchFile {
    let full = RepositoryWalker.join(request.root, path)
    var info = stat()
    guard lstat(full, &info) == 0 else { return BatchFile(path, .gone) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFLNK: return BatchFile(path, .link)
    default: return BatchFile(path, .gone)
    }
    // git lists `sub/file` even when the tracked folder `sub` became a link to `../outside`, and `lstat` looks
    // only at the last component.
    guard worker.folders.isInside(RepositoryWalker.folder(path)) else { return BatchFile(path, .outside) }
    let bytes: [UInt8]
    do {
      let content = try worker.reader.read(full)
      if ByteSearch.containsNUL(UnsafeRawBufferPointer(rebasing: content.prefix(8192))) {
        return BatchFile(path: path, status: .binary, result: nil)
      }
      // Most files of a repository cannot change: one byte scan of the read buffer decides that, before any
      // copy or look at the kind.
      guard mayUseDocker(path, content) else { return BatchFile(path: path, status: .skipped, result: nil) }
      bytes = Array(content)
    } catch {
      return BatchFile(path: path, status: .unreadable(MigrateError.describe(error)), result: nil)
    }
    return convertFile(path, full, bytes, request, interrupted: interrupted)
  }

  /// Converts (and with `--write` rewrites) one file that may use docker.
  static func convertFile(
    _ path: String, _ full: String, _ bytes: [UInt8], _ request: BatchRequest, interrupted: Bool
  ) -> BatchFile {
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
  static func mayUseDocker(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
    if contains(bytes, "docker") { return true }
    let lower = path.lowercased()
    guard Converter.isYAMLName(lower) else { return false }
    return RepositoryWalker.baseName(lower).contains("compose") || contains(bytes, "services")
  }

  static func mayUseDocker(_ path: String, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { mayUseDocker(path, $0) }
  }

  /// Whether `needle` occurs in `bytes`: `memchr` finds candidates for the first byte, then a compare.
  static func contains(_ bytes: [UInt8], _ needle: String) -> Bool { bytes.withUnsafeBytes { contains($0, needle) } }

  static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: String) -> Bool {
    ByteSearch.contains(haystack, needle)
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

/// Hands out chunks of neighbouring indices (files of one folder stay with one worker, whose folder check and
/// buffer they share) and counts the finished files.
final class WorkQueue: @unchecked Sendable {
  private let count: Int
  private var taken = 0
  private var done = 0
  private let lock = NSLock()
  static let chunk = 64

  init(count: Int) { self.count = count }

  /// The next chunk (nil when all are taken) and the number of files done, counting `finished` more.
  func next(finished: Int) -> (Range<Int>?, Int) {
    lock.lock()
    defer { lock.unlock() }
    done += finished
    guard taken < count else { return (nil, done) }
    let range = taken..<min(count, taken + Self.chunk)
    taken = range.upperBound
    return (range, done)
  }
}
