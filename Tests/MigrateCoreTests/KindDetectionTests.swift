import Foundation
import Testing

@testable import MigrateCore

/// `Converter.detectKind` by name and by content, and what the new kinds convert.
@Suite("kind detection")
struct KindDetectionTests {
  func kind(_ path: String, _ text: String = "", strict: Bool = false) -> InputKind? {
    Converter.detectKind(path: path, bytes: Array(text.utf8), strict: strict)
  }

  func convert(_ text: String, path: String, kind: InputKind? = nil) -> ConversionResult {
    let source = SourceFile(text, path: path)
    let kind = kind ?? Converter.detectKind(path: path, bytes: source.bytes) ?? .compose
    return Converter.convert(source, kind: kind, options: ConversionOptions())
  }

  static let kubernetes = """
    # a deployment
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
            - name: web
              image: nginx

    """
  static let playbook = """
    ---
    - hosts: web
      become: true
      tasks:
        - name: Start the app
          community.docker.docker_container:
            name: app
            image: nginx

    """
  static let taskList = """
    - name: Pull the image
      docker_image:
        name: nginx
    - name: Copy the config
      ansible.builtin.copy:
        src: app.conf
        dest: /etc/app.conf

    """
  static let helm = """
    apiVersion: v1
    kind: Service
    metadata:
      name: {{ include "app.fullname" . }}
    spec:
      ports:
        - port: {{ .Values.service.port }}

    """
  static let travis = """
    language: generic
    services: [docker]
    before_install:
      - docker pull alpine
    script:
      - docker run -v $PWD:/src alpine make

    """

  // MARK: Makefiles

  @Test(
    "Makefile variants by name",
    arguments: [
      "Makefile.docker", "Makefile.prod", "makefile.in", "GNUmakefile.local",
      "build/rules.mk", "docker.make", "Makefile", "GNUmakefile",
    ])
  func makefileNames(path: String) {
    #expect(kind(path, "all:\n\tdocker build .\n") == .makefile)
    #expect(kind(path, "all:\n\tdocker build .\n", strict: true) == .makefile)
  }

  @Test("names that only start like a Makefile are not Makefiles")
  func notMakefiles() {
    #expect(kind("makefiles.txt", "all:\n") == nil)
    #expect(kind("Makefile-notes.md", "all:\n") == nil)
  }

  // MARK: GitHub composite actions

  static let composite = """
    name: Build
    description: Builds the image
    runs:
      using: composite
      steps:
        - uses: actions/checkout@v4
        - run: docker run --rm -v ./src:/src alpine make
          shell: bash

    """

  @Test("a composite action by name (action.yml / action.yaml) and by content")
  func compositeAction() {
    #expect(kind("action.yml", "name: x\n") == .githubActions)
    #expect(kind("tools/build/action.yaml", "name: x\n", strict: true) == .githubActions)
    #expect(kind("ci/build.yml", Self.composite) == .githubActions)
    #expect(kind("ci/build.yml", Self.composite, strict: true) == .githubActions)
    let quoted = Self.composite.replacingOccurrences(of: "using: composite", with: "using: \"composite\"")
    #expect(kind("ci/build.yml", quoted, strict: true) == .githubActions)
    // A JavaScript action's `runs:` has no steps and is no sign of a workflow.
    #expect(kind("ci/build.yml", "runs:\n  using: node20\n  main: index.js\n", strict: true) == nil)
  }

  @Test("a composite action's step `run:` is converted in place")
  func compositeActionConverts() {
    let result = convert(Self.composite, path: "action.yml")
    #expect(!result.failed)
    let converted = Self.composite.replacingOccurrences(
      of: "docker run --rm -v ./src:/src alpine",
      with: "podman run --userns=auto --rm -v ./src:/src docker.io/library/alpine")
    #expect(result.outputText == converted)
    #expect(result.findings.contains { $0.ruleID == "MG110" && $0.fixed })
  }

  @Test("workflows keep being read as before, with composite steps beside jobs")
  func workflows() {
    let workflow = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker ps\n"
    #expect(kind(".github/workflows/ci.yml", "name: x\n") == .githubActions)
    #expect(kind("ci.yml", workflow) == .githubActions)
    #expect(kind("ci.yml", workflow.replacingOccurrences(of: "on:", with: "\"on\":")) == .githubActions)
    #expect(convert(workflow, path: "ci.yml").outputText.contains("- run: podman ps"))
  }

  // MARK: Travis CI

  @Test("Travis CI by name, and by content (a language beside its phases)")
  func travisDetection() {
    #expect(kind(".travis.yml", "language: c\n") == .travisCI)
    #expect(kind("ci/.travis.yml", "x: 1\n", strict: true) == .travisCI)
    #expect(kind("ci/travis-build.yml", Self.travis) == .travisCI)
    #expect(kind("ci/travis-build.yml", Self.travis, strict: true) == .travisCI)
    let stages = "dist: focal\nstages:\n  - test\njobs:\n  include:\n    - stage: test\n      script: make\n"
    #expect(kind("ci/build.yml", stages, strict: true) == .travisCI)
    #expect(InputKind(rawValue: "travis-ci") == .travisCI)
  }

  @Test("a Travis file with `services: [docker]` converts its docker lines instead of failing as compose")
  func travisConverts() {
    let result = convert(Self.travis, path: ".travis.yml")
    #expect(result.kind == .travisCI)
    #expect(!result.failed)
    #expect(
      result.outputText == """
        language: generic
        services: [docker]
        before_install:
          - podman pull docker.io/library/alpine
        script:
          - podman run --userns=auto -v $PWD:/src docker.io/library/alpine make

        """)
  }

  @Test("Travis phases in strings, in lists, in `jobs.include`, `matrix.include` and `deploy.script`")
  func travisPhases() throws {
    let text = """
      language: minimal
      install: docker pull busybox
      after_success:
        - echo ok
        - docker push registry.example.com/app
      jobs:
        include:
          - name: unit
            before_script: docker network create ci
            script:
              - docker run --rm busybox true
      matrix:
        include:
          - after_failure: docker logs app
      deploy:
        provider: script
        script: docker push registry.example.com/app:latest

      """
    let source = SourceFile(text, path: ".travis.yml")
    let document = try ScriptParser.parse(source, kind: .travisCI)
    let commands = document.commands.map { source.text($0.command.range) }
    #expect(
      commands == [
        "docker pull busybox", "docker push registry.example.com/app", "docker network create ci",
        "docker run --rm busybox true", "docker logs app", "docker push registry.example.com/app:latest",
      ])
    #expect(document.commands.allSatisfy { $0.region.isVerbatim })
    let labels = Set(document.commands.map(\.region.label))
    #expect(labels.contains("`before_script` of `unit`"))
    #expect(labels.contains("`after_failure` of `matrix.include[0]`"))
    #expect(labels.contains("`deploy.script`"))
    let result = convert(text, path: ".travis.yml")
    #expect(result.outputText.contains("\ninstall: podman pull docker.io/library/busybox\n"))
    #expect(result.outputText.contains("\n        - podman run --userns=auto --rm docker.io/library/busybox true\n"))
    #expect(result.outputText.contains("\n    - after_failure: podman logs app\n"))
    #expect(result.outputText.contains("\n  script: podman push registry.example.com/app:latest\n"))
  }

  // MARK: GitLab CI

  @Test(
    "GitLab CI under other names",
    arguments: [".gitlab-ci.yml", ".gitlab-ci.yml.ecr", "ci/build.gitlab-ci.yml", "gitlab-ci.yaml", "x.gitlab-ci.yaml"])
  func gitlabNames(path: String) {
    #expect(kind(path, "x: 1\n", strict: true) == .gitlabCI)
  }

  @Test("GitLab CI by content: stages, or jobs with a script (also under a list of services)")
  func gitlabContent() {
    #expect(kind("ci/pipeline.yml", "stages:\n  - build\n", strict: true) == .gitlabCI)
    #expect(kind("ci/pipeline.yml", "build:\n  image: alpine\n  script:\n    - docker ps\n", strict: true) == .gitlabCI)
    #expect(kind("ci/pipeline.yml", "build:\n    before_script: docker login\n", strict: true) == .gitlabCI)
    let withServices = "services:\n  - docker:dind\nbuild:\n  script:\n    - docker build .\n"
    #expect(kind("ci/pipeline.yml", withServices, strict: true) == .gitlabCI)
    #expect(kind("gitlab-ci.md", "x") == nil)
    #expect(kind("gitlab-ci.sh", "docker ps") == .shell)
  }

  @Test("a compose file stays compose, even with a service named `script` or a `stages`-like name")
  func composeStaysCompose() {
    let compose = "services:\n  script:\n    image: alpine\n  build:\n    image: nginx\n"
    #expect(kind("deploy/app.yml", compose, strict: true) == .compose)
    #expect(kind("deploy/docker-compose.prod.yml", "x: 1\n", strict: true) == .compose)
    #expect(kind("anything.yml", "x: 1\n") == .compose)
    #expect(kind("anything.yml", "x: 1\n", strict: true) == nil)
    #expect(kind("-", "services:\n  web:\n    image: nginx\n") == .compose)
    #expect(kind("-", "docker run nginx\n") == .shell)
  }

  // MARK: YAML that is not compose

  @Test("Kubernetes manifests, Ansible playbooks and task lists and Helm templates are told apart")
  func foreignSniff() {
    #expect(ForeignYAML.sniff(path: "k8s/web.yaml", bytes: Array(Self.kubernetes.utf8))?.kind == .kubernetes)
    #expect(ForeignYAML.sniff(path: "site.yml", bytes: Array(Self.playbook.utf8))?.kind == .ansible)
    #expect(ForeignYAML.sniff(path: "roles/app/tasks/main.yml", bytes: Array(Self.taskList.utf8))?.kind == .ansible)
    // Helm by content (its objects in `{{ }}`), and by a `templates/` folder with any `{{`.
    #expect(ForeignYAML.sniff(path: "chart/x.yaml", bytes: Array(Self.helm.utf8))?.kind == .helm)
    let plain = "kind: ConfigMap\ndata:\n  name: {{ template \"name\" }}\n"
    #expect(ForeignYAML.sniff(path: "chart/templates/cm.yaml", bytes: Array(plain.utf8))?.kind == .helm)
    #expect(ForeignYAML.sniff(path: "chart/cm.yaml", bytes: Array(plain.utf8)) == nil)
    // Compose's swarm placeholders and GitHub's `${{ }}` are not Helm; a list of plain values is not a playbook.
    let swarm = "services:\n  web:\n    image: nginx\n    hostname: \"{{.Node.Hostname}}\"\n"
    #expect(ForeignYAML.sniff(path: "templates/compose.yml", bytes: Array(swarm.utf8)) == nil)
    let action = "runs:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.name }}\n"
    #expect(ForeignYAML.sniff(path: "templates/action.yml", bytes: Array(action.utf8)) == nil)
    #expect(ForeignYAML.sniff(path: "list.yml", bytes: Array("- a\n- b\n".utf8)) == nil)
    #expect(ForeignYAML.sniff(path: "compose.yml", bytes: Array("services:\n  web:\n    image: x\n".utf8)) == nil)
  }

  @Test("foreign YAML is compose to `convert` (which refuses it) and nothing to a batch")
  func foreignKinds() {
    for (path, text) in [
      ("k8s/web.yaml", Self.kubernetes), ("site.yml", Self.playbook), ("tasks/main.yml", Self.taskList),
      ("chart/templates/svc.yaml", Self.helm), ("k8s/docker-compose-web.yaml", Self.kubernetes),
    ] {
      #expect(kind(path, text) == .compose, "\(path)")
      #expect(kind(path, text, strict: true) == nil, "\(path)")
    }
  }

  @Test("converting a Kubernetes manifest refuses it with a located error, also with --kind compose")
  func kubernetesRefused() throws {
    let request = ConvertRequest(
      path: "deploy/web.yaml", kind: nil, options: ConversionOptions(), output: .converted, check: false,
      text: Self.kubernetes)
    let environment = CommandEnvironment(stdoutIsTerminal: false, stderrIsTerminal: false, noColor: true)
    let outcome = ConvertCommand.run(request, environment: environment)
    let stderr = String(decoding: outcome.stderr, as: UTF8.self)
    #expect(outcome.exitCode == 2)
    #expect(outcome.stdout.isEmpty)
    #expect(
      stderr.contains(
        "deploy/web.yaml:2:1: error: input: not a compose file: looks like a Kubernetes manifest (apiVersion/kind)"))
    var forced = request
    forced.kind = .compose
    #expect(ConvertCommand.run(forced, environment: environment).exitCode == 2)

    let result = convert(Self.kubernetes, path: "web.yaml", kind: .compose)
    let error = try #require(result.parseError)
    #expect(error.problem == "not a compose file: looks like a Kubernetes manifest (apiVersion/kind)")
    #expect(result.output == Array(Self.kubernetes.utf8))
  }

  @Test("playbooks and Helm templates are refused with what they look like")
  func ansibleAndHelmRefused() {
    let playbook = convert(Self.playbook, path: "site.yml")
    #expect(playbook.parseError?.problem == "not a compose file: looks like an Ansible playbook/task list")
    #expect(playbook.parseError?.range.lower == 4)
    let helm = convert(Self.helm, path: "chart/templates/svc.yaml")
    #expect(helm.parseError?.problem == "not a compose file: looks like a Helm template")
    #expect(helm.parseError.map { SourceFile(Self.helm).lines.position(of: $0.range.lower).line } == 4)
  }

  @Test("a batch skips Kubernetes manifests, playbooks and Helm templates and converts the rest")
  func batchSkips() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-kinds-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    let files = [
      "k8s/web.yaml": Self.kubernetes, "ansible/site.yml": Self.playbook,
      "chart/templates/svc.yaml": Self.helm, ".travis.yml": Self.travis,
      "compose.yml": "services:\n  web:\n    image: docker.io/library/nginx\n",
    ]
    for (path, text) in files {
      let url = root.appendingPathComponent(path)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let report = try BatchRunner.run(BatchRequest(root: root.path, options: ConversionOptions(), jobs: 1))
    let status = Dictionary(uniqueKeysWithValues: report.files.map { ($0.path, $0.status) })
    #expect(status["k8s/web.yaml"] == .skipped)
    #expect(status["ansible/site.yml"] == .skipped)
    #expect(status["chart/templates/svc.yaml"] == .skipped)
    #expect(status[".travis.yml"] == .converted)
    #expect(status["compose.yml"] == .converted)
    #expect(report.failedCount == 0)
  }

  // MARK: Cheapness

  @Test("the batch byte prefilter keeps every file that could change: docker, or a compose file's key or name")
  func prefilter() {
    func may(_ path: String, _ text: String) -> Bool { BatchRunner.mayUseDocker(path, Array(text.utf8)) }
    #expect(may("deploy/run.sh", "#!/bin/sh\nexec docker run nginx\n"))
    #expect(may("compose.yml", "services:\n  web:\n    image: nginx\n"))
    #expect(may("stack/app.yaml", "services:\n  web:\n    image: nginx\n"))
    #expect(may("docker-compose.override.yml", "version: \"3\"\n"))
    #expect(may("Makefile", "up:\n\tdocker compose up\n"))
    #expect(!may("src/main.py", "services = []\n"))
    #expect(!may("config/app.yaml", "listen: 8080\n"))
    #expect(!may("deploy/run.sh", "#!/bin/sh\npodman run nginx\n"))
  }

  @Test("only the first 64 KiB are read: a key after them is not seen")
  func prefixOnly() {
    let padding = String(repeating: "# padding\n", count: 7000)
    #expect(kind("ci/x.yml", padding + "stages:\n  - build\n", strict: true) == nil)
    #expect(kind("ci/x.yml", "stages:\n  - build\n" + padding, strict: true) == .gitlabCI)
  }

  @Test("CRLF and a byte order mark do not hide keys")
  func crlfAndBOM() {
    let text = "\u{FEFF}apiVersion: v1\r\nkind: Pod\r\n"
    #expect(ForeignYAML.sniff(path: "pod.yaml", bytes: Array(text.utf8))?.kind == .kubernetes)
    #expect(kind("ci/x.yml", "language: c\r\nscript:\r\n  - make\r\n", strict: true) == .travisCI)
  }
}

/// A dry-run batch in a git work tree converts the tracked files while git lists the untracked ones.
@Suite("batch listing in a git work tree")
struct BatchListingTests {
  @Test("tracked and untracked files both convert, ignored ones do not, in path order; a write sees the same")
  func trackedAndUntracked() throws {
    let tree = try TempTree()
    defer { tree.remove() }
    let compose = "services:\n  web:\n    image: docker.io/library/nginx\n"
    try tree.file("b/tracked.yml", compose)
    try tree.file("a/untracked.yml", compose)
    try tree.file("c/ignored.yml", compose)
    try tree.file(".gitignore", "c/\n")
    try tree.git(add: ["b/tracked.yml", ".gitignore"])
    let dry = try BatchRunner.run(BatchRequest(root: tree.root, options: ConversionOptions(), jobs: 2))
    #expect(dry.files.map(\.path) == [".gitignore", "a/untracked.yml", "b/tracked.yml"])
    #expect(dry.files.filter(\.changed).map(\.path) == ["a/untracked.yml", "b/tracked.yml"])
    let write = try BatchRunner.run(
      BatchRequest(root: tree.root, options: ConversionOptions(), jobs: 2, write: true))
    #expect(write.files.map(\.path) == dry.files.map(\.path))
    #expect(write.files.filter(\.written).map(\.path) == ["a/untracked.yml", "b/tracked.yml"])
  }
}
