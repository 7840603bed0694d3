/// `--domainname` / compose `domainname:` folded into a fully qualified hostname: podman has no
/// `--domainname` and podman-compose drops the key, so the domain survives only as part of the hostname.
/// Used by MG120 (run lines) and MG208 (compose services).
enum DomainNameFold {
  /// `--domainname D` becomes part of the hostname: `--hostname H` → `H.D`, else `--hostname NAME.D` from
  /// `--name`; with neither (Docker's hostname is then the container ID) it is dropped and the finding says so.
  static func report(
    _ setting: LocatedSetting, of container: Container, site: OptionSite, as meta: RuleMeta, absent: String,
    in context: inout RuleContext
  ) {
    let compose = site.commandOffset == nil
    let hostnameSpelling = compose ? "`hostname:`" : "`--hostname`"
    let nameSpelling = compose ? "`container_name:`" : "`--name`"
    guard let domain = setting.value, !domain.isEmpty, !domain.hasPrefix("$") else {
      context.report(
        meta, "`\(setting.spelled)`: \(absent): give a fully qualified \(hostnameSpelling)",
        at: setting.nameRange)
      return
    }
    let hostnames = container.locatedSettings(.hostname)
    let dropped = site.remove(setting, in: context.source)
    if let hostname = hostnames.last, let host = hostname.value, !host.hasPrefix("$") {
      let qualified = Container.qualifiedHostname(host, domain: domain)
      let fix = dropped.flatMap { drop in
        site.replace(hostname, with: qualified, in: context.source).map {
          Fix.safe("Write the fully qualified hostname `\(qualified)`", $0, drop)
        }
      }
      context.report(
        meta,
        "`\(setting.spelled)`: \(absent); the hostname becomes the fully qualified `\(qualified)`",
        at: setting.nameRange, fix: fix)
    } else if hostnames.isEmpty, let name = container.containerName?.text, !name.hasPrefix("$") {
      let qualified = Container.qualifiedHostname(name, domain: domain)
      let fix = dropped.flatMap { drop in
        site.add(.hostname, qualified, in: context.source).map {
          Fix.safe("Write the fully qualified hostname `\(qualified)`", $0, drop)
        }
      }
      context.report(
        meta,
        "`\(setting.spelled)`: \(absent); the container gets the fully qualified hostname `\(qualified)` (its name plus the domain; Docker's host part was the container ID)",
        at: setting.nameRange, fix: fix)
    } else {
      let fix = dropped.map { Fix.safe("Drop `\(setting.spelled)`", $0) }
      context.report(
        meta,
        "`\(setting.spelled)`: \(absent) and the container has no \(hostnameSpelling) or \(nameSpelling) to qualify; dropped: `hostname -d` inside is empty",
        at: setting.nameRange, fix: fix)
    }
  }
}
