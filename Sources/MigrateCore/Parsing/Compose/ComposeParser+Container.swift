/// Settings of a compose service that nest under `deploy:` and `blkio_config:`, and its cgroup limits.
extension Reader {
  /// Records the option table's settings whose compose key path starts at `root` (`deploy.resources.limits.
  /// memory`, `blkio_config.device_read_bps`), in the table's order, in the flag's form.
  func nestedSettings(_ service: YAMLNode, under root: String, _ container: inout Container) {
    for option in ContainerOption.all {
      guard let path = option.composePath, path.count > 1, path[0] == root else { continue }
      var value: YAMLNode? = service.resolved
      for key in path { value = value?.value(forKey: key)?.resolved }
      guard let value, !value.isNull else { continue }
      switch option.compose {
      case .key:
        if value.kind == .scalar { container.record(option.flag, value.sourceValue(in: source), at: value.range) }
      case .reshaped where root == "blkio_config" && value.kind == .sequence:
        // `[{path: /dev/sda, rate: 1mb}]` (`weight:` for `weight_device`) → `/dev/sda:1mb`.
        for item in value.items {
          let entry = item.resolved
          guard let device = entry.value(forKey: "path")?.scalarValue,
            let amount = (entry.value(forKey: "rate") ?? entry.value(forKey: "weight"))?.scalarValue
          else { continue }
          container.record(option.flag, derived("\(device):\(amount)", entry), at: entry.range)
        }
      default: continue
      }
    }
  }

  /// A value the reader built from several nodes: located at `node`, not editable in place.
  func derived(_ text: String, _ node: YAMLNode) -> SourceValue {
    SourceValue(text: text, range: node.range, valueRange: nil, context: .opaque)
  }

  /// The cgroup limits a service sets, from its keys and `deploy.resources` (limits and reservations).
  func resourceLimits(of node: YAMLNode) -> [ResourceLimit] {
    var limits: [ResourceLimit] = []
    for (key, value) in node.resolved.effectivePairs {
      guard let name = key.scalarValue, let flag = ResourceLimit.composeKeys[name], !value.resolved.isNull else {
        continue
      }
      limits.append(ResourceLimit(flag: flag, value: value.resolved.sourceValue(in: source)))
    }
    guard let resources = node.value(forKey: "deploy")?.resolved.value(forKey: "resources")?.resolved,
      resources.isMapping
    else { return limits }
    for (section, reservations) in [("limits", false), ("reservations", true)] {
      guard let map = resources.value(forKey: section)?.resolved, map.isMapping else { continue }
      for (key, value) in map.effectivePairs {
        guard let name = key.scalarValue, let flags = ResourceLimit.deployKeys[name], !value.resolved.isNull,
          let flag = reservations ? flags.reservations : flags.limits
        else { continue }
        limits.append(ResourceLimit(flag: flag, value: value.resolved.sourceValue(in: source)))
      }
    }
    return limits
  }

  /// `1m30s`, `10s`, `90` as whole seconds (compose durations).
  static func seconds(_ text: String) -> Int? {
    if let plain = Int(text) { return plain }
    var total = 0.0
    var number = ""
    var index = text.startIndex
    while index < text.endIndex {
      let ch = text[index]
      if ch.isNumber || ch == "." {
        number.append(ch)
      } else {
        guard let value = Double(number) else { return nil }
        var unit = String(ch)
        let next = text.index(after: index)
        if ch == "m", next < text.endIndex, text[next] == "s" {
          unit = "ms"
          index = next
        }
        switch unit {
        case "h": total += value * 3600
        case "m": total += value * 60
        case "s": total += value
        case "ms": total += value / 1000
        default: return nil
        }
        number = ""
      }
      index = text.index(after: index)
    }
    if !number.isEmpty { return nil }
    return Int(total.rounded(.up))
  }
}
