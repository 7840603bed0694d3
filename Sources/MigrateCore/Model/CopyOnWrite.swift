/// A value kept behind one reference and copied only when it is changed while shared (copy on write, as
/// the standard library's arrays do). Model types that are large and passed around by the thousand
/// (`Container`, `DockerCallSite`) hold their fields in one, so a copy costs one retain, not one per field.
public struct CopyOnWrite<Value: Sendable>: Sendable {
  private final class Box: @unchecked Sendable {
    // Only changed through `value`'s modify accessor, after making sure no other copy shares the box.
    var value: Value
    init(_ value: Value) { self.value = value }
  }

  private var box: Box

  public init(_ value: Value) { box = Box(value) }

  /// Read in place (a borrow: no copy of the value, which a plain getter makes before a key path projects
  /// one field out of it).
  public var value: Value {
    _read { yield box.value }
    _modify {
      if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
      yield &box.value
    }
  }
}

extension CopyOnWrite: Equatable where Value: Equatable {
  public static func == (a: Self, b: Self) -> Bool { a.box === b.box || a.value == b.value }
}

extension CopyOnWrite: Hashable where Value: Hashable {
  public func hash(into hasher: inout Hasher) { value.hash(into: &hasher) }
}
