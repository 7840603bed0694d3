// Former names of renamed types (issue 12, "names that explain themselves"). They are kept only while the
// other #12 branches, written against the old names, merge, and while `Emit/`, `Model/ContainerSpec.swift`,
// the container rules and the run-line → container mapping (rewritten on those branches) still spell them.
// Delete this file once nothing uses them: `swift build` lists what is left.
//
// The vocabulary: `…Command` names only a subcommand driver (`ConvertCommand`, `EmitCommand`,
// `BatchCommand`, and the argument-parsing `Convert`, `Units`, `Batch` in `Sources/migrate/Commands/`). Text
// that was read is a statement or a call: `ShellStatement` (one simple command of shell text),
// `ScriptStatement` (one with the region of the file it came from), `DockerCall` (its argv read with the
// docker grammar), `DockerCallSite` (a docker call found in a file, with its statement, region and sudo).

/// Former name of `ShellStatement`.
public typealias ShellCommand = ShellStatement
/// Former name of `ScriptStatement`.
public typealias ScriptCommand = ScriptStatement
/// Former name of `DockerCall`.
public typealias DockerInvocation = DockerCall
/// Former name of `DockerCallSite`.
public typealias DockerCommand = DockerCallSite
/// Former name of `DockerCallParser`.
public typealias DockerCommandParser = DockerCallParser

/// Former name of `ComposeUnsupportedKey` (the rule `compose-unsupported-key`).
typealias ComposeIgnoredKey = ComposeUnsupportedKey
/// Former name of `NamedVolumeUserns` (the rule `named-volume-userns`).
typealias NamedVolumeUserNamespace = NamedVolumeUserns
/// Former name of `ForeignVolumeUserns` (the rule `foreign-volume-userns`).
typealias ForeignVolumeUserNamespace = ForeignVolumeUserns
/// Former name of `SudoContainerCommand` (the rule `sudo-container-command`).
typealias SudoDocker = SudoContainerCommand
/// Former name of `EmbeddedCommandNotEditable` (MG004, `embedded-command-not-editable`).
typealias DetachedCommand = EmbeddedCommandNotEditable
