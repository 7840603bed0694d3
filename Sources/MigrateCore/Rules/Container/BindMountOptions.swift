/// The volume options conversion adds to one short-syntax bind mount: the SELinux label (`z`/`Z`, on
/// SELinux targets) and `U` (a writable data folder under a user namespace of its own). Both rules that add
/// them (`writable-bind-mount`, `unlabelled-bind-mount`) write this one suffix, so their edits are the same
/// text at the same place and the engine applies it once, where two separate insertions would give
/// `:U:Z`, which podman refuses.
struct BindMountOptions: Sendable {
  /// `z` (shared by several containers of the file) or `Z` (one container), nil when no label is added.
  var label: String?
  /// `U` is added.
  var chown: Bool
  /// The source's verdict (data, variable, or why not).
  var verdict: BindVerdict

  /// The text appended to the mount: `:Z,U`, `,z` after existing options, or empty.
  func suffix(after options: [String]) -> String {
    let added = [label, chown ? "U" : nil].compactMap { $0 }
    guard !added.isEmpty else { return "" }
    return (options.isEmpty || options == [""] ? ":" : ",") + added.joined(separator: ",")
  }

  /// True when the source may get options at all: a data folder, or a variable (then the fix is unsafe).
  var isData: Bool { verdict.kind == .data || verdict.kind == .variable }

  /// Whether `mount` already carries an SELinux label, or an option that excludes one (`O` overlays are
  /// labelled by podman itself and take no other option).
  static func isLabelled(_ mount: Mount) -> Bool {
    mount.options.contains { ["z", "Z", "O"].contains($0) || $0.hasPrefix("relabel=") }
  }

  /// Whether SELinux separation is off for `container` (`--security-opt label=disable`, `--privileged`):
  /// then no label is needed.
  static func labelsDisabled(_ container: Container) -> Bool {
    if let privileged = container.privileged, privileged.text != "false" { return true }
    return container.securityOptions.contains { ["label=disable", "label:disable"].contains($0.text) }
  }

  /// Whether the target needs a label on `mount` of `container`: SELinux, a bind mount without one, not the
  /// Docker socket or the Podman socket MG104 puts in its place (MG104 speaks for both), SELinux separation on.
  static func needsLabel(_ mount: Mount, of container: Container, _ context: RuleContext) -> Bool {
    guard context.options.target.selinux, mount.kind == .bind, let source = mount.source else { return false }
    guard !isLabelled(mount), !labelsDisabled(container) else { return false }
    return !DockerSocketMount.dockerSockets.contains(source.text) && !source.text.hasSuffix("/podman/podman.sock")
  }

  /// The options for `mount` of `container`: a label where the target needs one and the label rule is on,
  /// `U` where `writable-bind-mount` would add it (its policy is `chown` and it is on). Only short syntax;
  /// nothing for a source that is not data.
  static func plan(for mount: Mount, of container: Container, _ context: RuleContext) -> BindMountOptions? {
    guard mount.kind == .bind, mount.syntax == .short, let source = mount.source else { return nil }
    let contexts = (context.project?.buildContexts ?? []) + container.buildContexts
    let verdict = BindSource.verdict(
      source: source.text, target: mount.target?.text, buildContexts: contexts, at: context.binds)
    var plan = BindMountOptions(label: nil, chown: false, verdict: verdict)
    guard plan.isData else { return plan }
    let normalized = BindSource.normalize(source.text)
    let rules = context.options.rules
    if rules.isEnabled(UnlabelledBindMount.meta.id), needsLabel(mount, of: container, context) {
      plan.label = (context.bindUsers[normalized] ?? 0) > 1 ? "z" : "Z"
    }
    if rules.isEnabled(WritableBindMount.meta.id), context.options.bindPolicy == .chown,
      container.hasOwnUserNamespace(context.options.mode), !mount.readOnly,
      !mount.options.contains(where: { ["U", "idmap"].contains($0) || $0.hasPrefix("idmap=") }),
      (context.writableBindUsers[normalized] ?? 0) <= 1
    {
      plan.chown = true
    }
    return plan
  }
}
