import Testing

@testable import MigrateCore

@Suite("Compose interpolation for emitters")
struct InterpolationTests {
  @Test(
    "defaults, alternatives, set-but-empty, unknown variables and $$",
    arguments: [
      ("image: ${TAG}", ["TAG": "2"], "image: 2", [String]()),
      ("${TAG:-1.0}", [:], "1.0", []),
      ("${TAG:-1.0}", ["TAG": ""], "1.0", []),
      ("${TAG-1.0}", ["TAG": ""], "", []),
      ("${TAG-1.0}", [:], "1.0", []),
      ("${TAG:+set}", ["TAG": "x"], "set", []),
      ("${TAG:+set}", [:], "", []),
      ("${REG:-docker.io}/${NAME:-app}:${TAG:-1}", ["NAME": "web"], "docker.io/web:1", []),
      ("$HOME/x", [:], "$HOME/x", ["HOME"]),
      ("${MISSING:?set it}", [:], "${MISSING:?set it}", ["MISSING"]),
      ("$$literal ${A}", ["A": "cost $5"], "$$literal cost $$5", []),
      ("$(date)", [:], "$(date)", []),
      ("${OUTER:-${INNER:-deep}}", [:], "deep", []),
    ])
  func resolve(_ input: String, _ variables: [String: String], _ expected: String, _ unresolved: [String]) {
    let result = ComposeInterpolation.resolve(input, variables: variables)
    #expect(result.text == expected)
    #expect(result.unresolved == unresolved)
  }

  @Test(".env files: comments, export, quotes, trailing comments")
  func dotEnv() {
    let text = """
      # comment
      TAG=2.5
      export REGISTRY=ghcr.io
      QUOTED="a \\"b\\"\\nc"
      SINGLE='$not # expanded'
      TRAILING=value # comment

      bad line
      EMPTY=
      """
    let env = ComposeInterpolation.dotEnv(text)
    #expect(env["TAG"] == "2.5")
    #expect(env["REGISTRY"] == "ghcr.io")
    #expect(env["QUOTED"] == "a \"b\"\nc")
    #expect(env["SINGLE"] == "$not # expanded")
    #expect(env["TRAILING"] == "value")
    #expect(env["EMPTY"] == "")
    #expect(env.count == 6)
  }

  @Test("emitters see interpolated values (images then get qualified); multi-line notes stay comments")
  func emitted() throws {
    let text = """
      services:
        app:
          image: ${IMAGE:-nginx}:${TAG}
          environment:
            - MODE=${MODE:-prod}
          command: |
            serve ${UNSET}
            --verbose

      """
    let options = ConversionOptions(target: .named(.bookworm))
    let plan = try EmitPlanner.plan(
      SourceFile(path: "/srv/shop/compose.yml", text: text), kind: .compose, options: options,
      variables: ["TAG": "1.25"]
    ).plan
    let container = try #require(plan.containers.first)
    #expect(container.imageText == "docker.io/library/nginx:1.25")
    #expect(container.environment.map(\.text) == ["MODE=prod"])
    let script = try PodmanScriptEmitter.emit(plan, options: options, source: "compose.yml")
    #expect(!script.split(separator: "\n").contains { $0.hasPrefix(")") || $0.hasPrefix("--verbose") })
    // What the container is handed keeps its variables as references, read when the script runs.
    #expect(script.contains("serve \"${UNSET}\""))
    #expect(script.contains("# warning: UNSET is set neither in .env nor in the environment"))
  }
}
