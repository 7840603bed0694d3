import MigrateCore
import Testing

@Suite("ShellReader: words and quoting")
struct ShellWordTests {
  @Test func plainWordsAndRanges() {
    let text = "docker  run -p 80:80 nginx"
    let script = sh(text)
    #expect(script.commands.count == 1)
    let command = script.commands[0]
    #expect(argv(command) == ["docker", "run", "-p", "80:80", "nginx"])
    #expect(command.range == ByteRange(0, text.utf8.count))
    for word in command.words {
      #expect(slice(text, word.range) == word.rawText)
      #expect(word.isVerbatim)
      #expect(word.staticValue == word.rawText)
    }
    #expect(command.words[1].range == ByteRange(8, 11))
    #expect(!command.nested)
    #expect(!command.hasLineContinuations)
  }

  @Test func singleQuotes() {
    let text = "echo 'a b' 'it'\\''s' ''"
    let command = sh(text).commands[0]
    #expect(argv(command) == ["echo", "a b", "it's", ""])
    let first = command.words[1]
    #expect(!first.isVerbatim)
    #expect(first.parts == [.literal("a b", range: ByteRange(5, 10), quoting: .singleQuoted)])
    #expect(slice(text, first.partValueRanges[0]) == "a b")
    #expect(command.words[3].parts == [.literal("", range: ByteRange(21, 23), quoting: .singleQuoted)])
  }

  @Test func doubleQuotesWithEscapes() {
    let text = #"echo "a \"b\" \$c \`d\` \\e \x""#
    let command = sh(text).commands[0]
    #expect(argv(command) == [#"echo"#, #"a "b" $c `d` \e \x"#])
    let word = command.words[1]
    #expect(word.partValueRanges == [nil])  // escapes removed: no exact map
    #expect(word.rawText == #""a \"b\" \$c \`d\` \\e \x""#)
  }

  @Test func doubleQuotedSegmentsAroundExpansion() {
    let text = #"echo "a $X b""#
    let word = sh(text).commands[0].words[1]
    #expect(word.staticValue == nil)
    #expect(word.parts.count == 3)
    #expect(word.parts[0] == .literal("a ", range: ByteRange(5, 8), quoting: .doubleQuoted))
    #expect(word.parts[1] == .parameter("$X", range: ByteRange(8, 10), quoting: .doubleQuoted))
    #expect(word.parts[2] == .literal(" b", range: ByteRange(10, 13), quoting: .doubleQuoted))
    #expect(slice(text, word.partValueRanges[0]) == "a ")
    #expect(slice(text, word.partValueRanges[2]) == " b")
    #expect(word.literalPrefix == "a ")
  }

  @Test func emptyDoubleQuotesAreAnArgument() {
    let command = sh(#"printf "" x"#).commands[0]
    #expect(argv(command) == ["printf", "", "x"])
    #expect(command.words[1].parts == [.literal("", range: ByteRange(7, 9), quoting: .doubleQuoted)])
  }

  @Test func mixedQuotingConcatenates() {
    let text = #"--name="my app"'!'x"#
    let word = sh(text).commands[0].words[0]
    #expect(word.staticValue == "--name=my app!x")
    #expect(word.parts.count == 4)
    #expect(word.exactSourceRange(ofValueBytes: 7..<13).map { slice(text, $0) } == "my app")
    #expect(word.exactSourceRange(ofValueSuffixFrom: 7) == nil)
    #expect(slice(text, word.sourceRange(ofValueSuffixFrom: 7)) == #""my app"'!'x"#)
    #expect(slice(text, word.exactSourceRange(ofValueBytes: 0..<6)) == "--name")
  }

  @Test func backslashEscapesOutsideQuotes() {
    let command = sh(#"echo a\ b \$HOME \\ c\"d"#).commands[0]
    #expect(argv(command) == ["echo", "a b", "$HOME", "\\", "c\"d"])
    #expect(!command.words[1].isVerbatim)
    #expect(command.words[1].partValueRanges == [nil])
  }

  @Test func parametersAreOpaque() {
    let text = #"echo $HOME ${A:-x} ${B:-"${C}"} $1 $@ $? ${#D} $$ "${E:-a b}""#
    let command = sh(text).commands[0]
    let raws = command.words.dropFirst().map { word -> String in
      guard case .parameter(let raw, let range, _) = word.parts[0] else { return "?" }
      #expect(slice(text, range) == raw)
      return raw
    }
    #expect(
      raws == ["$HOME", "${A:-x}", #"${B:-"${C}"}"#, "$1", "$@", "$?", "${#D}", "$$", #"${E:-a b}"#])
    #expect(command.words.dropFirst().allSatisfy { $0.staticValue == nil })
  }

  @Test func lonelyDollarIsLiteral() {
    #expect(argv(sh("echo $ a$ $- x$.y").commands[0]) == ["echo", "$", "a$", nil, "x$.y"])
  }

  @Test func ansiCQuotingInBash() {
    let script = sh(#"echo $'a\tb\n\x41\u00e9\'q' $'plain'"#, .bash)
    let command = script.commands[0]
    #expect(argv(command) == ["echo", "a\tb\nAé'q", "plain"])
    #expect(command.words[1].parts.first?.quoting == .ansiC)
    #expect(command.words[1].partValueRanges == [nil])
    #expect(command.words[2].partValueRanges == [ByteRange(30, 35)])
  }

  @Test func ansiCIsNotPosix() {
    // In POSIX sh `$'x'` is a literal `$` followed by a single-quoted string.
    #expect(argv(sh("echo $'x'").commands[0]) == ["echo", "$x"])
  }

  @Test func lineContinuationJoinsAWord() {
    let text = "echo foo\\\nbar baz"
    let command = sh(text).commands[0]
    #expect(argv(command) == ["echo", "foobar", "baz"])
    #expect(command.words[1].rawText == "foo\\\nbar")
    #expect(!command.words[1].isVerbatim)
    #expect(command.hasLineContinuations)
  }

  @Test func continuationBeforeABlankIsNotPartOfTheWord() {
    let text = "docker run \\\n  -p 80:80 \\\n  nginx"
    let script = sh(text)
    #expect(script.commands.count == 1)
    let command = script.commands[0]
    #expect(argv(command) == ["docker", "run", "-p", "80:80", "nginx"])
    #expect(command.words.allSatisfy { $0.isVerbatim })
    #expect(command.hasLineContinuations)
    #expect(command.range == ByteRange(0, text.utf8.count))
  }

  @Test func trailingContinuationBeforeBlankLine() {
    let script = sh("echo a \\\n\necho b")
    #expect(argvs(script) == [["echo", "a"], ["echo", "b"]])
    #expect(!script.commands[1].hasLineContinuations)
  }

  @Test func trailingBackslashAtEndOfText() {
    #expect(argvs(sh("echo a\\")) == [["echo", "a\\"]])
  }

  @Test func invalidUTF8AndNULBytes() {
    var bytes = Array("echo ".utf8)
    bytes += [0xFF, 0xFE, 0x41]
    bytes += Array(" x".utf8) + [0x00] + Array("y 'q".utf8) + [0xC3] + Array("'".utf8)
    let script = ShellReader.parse(bytes)
    #expect(script.commands.count == 1)
    let words = script.commands[0].words
    #expect(words.count == 4)
    #expect(words[1].range == ByteRange(5, 8))
    #expect(!words[1].isVerbatim)
    #expect(words[1].partValueRanges == [nil])
    #expect(words[2].staticValue == "x\u{0}y")
    #expect(words[2].isVerbatim)
    #expect(words[3].partValueRanges == [nil])
  }

  @Test func wordsKeepHostOffsetsInARegion() {
    let host = "target:\n\tdocker run --rm 'my image'\n# after"
    let bytes = Array(host.utf8)
    let region = ByteRange(8, 8 + 1 + "docker run --rm 'my image'".utf8.count)
    let script = ShellReader.parse(bytes, in: region)
    #expect(script.commands.count == 1)
    let command = script.commands[0]
    #expect(argv(command) == ["docker", "run", "--rm", "my image"])
    #expect(slice(host, command.range) == "docker run --rm 'my image'")
    #expect(slice(host, command.words[3].range) == "'my image'")
    #expect(script.comments.isEmpty)
  }

  @Test func regionIsClamped() {
    let bytes = Array("echo hi".utf8)
    #expect(ShellReader.parse(bytes, in: ByteRange(5, 500)).commands.map(argv) == [["hi"]])
    #expect(ShellReader.parse(bytes, in: ByteRange(50, 60)).commands.isEmpty)
  }
}

@Suite("ShellReader: commands, operators and redirections")
struct ShellCommandTests {
  @Test func operatorsSplitCommands() {
    let script = sh("a 1; b && c || d | e |& f & g\nh")
    #expect(argvs(script) == [["a", "1"], ["b"], ["c"], ["d"], ["e"], ["f"], ["g"], ["h"]])
  }

  @Test func commentsAreRecorded() {
    let text = "echo a#b # note\n# whole line\necho c"
    let script = sh(text)
    #expect(argvs(script) == [["echo", "a#b"], ["echo", "c"]])
    #expect(script.comments.map { slice(text, $0) } == ["# note", "# whole line"])
  }

  @Test func redirectionsAreNotWords() {
    let text = "docker run x >out 2>&1 <in >>log 2>/dev/null >|f <>rw 3<&0"
    let command = sh(text).commands[0]
    #expect(argv(command) == ["docker", "run", "x"])
    #expect(command.redirections.count == 8)
    #expect(slice(text, command.redirections[1]) == "2>&1")
    #expect(command.range == ByteRange(0, text.utf8.count))
  }

  @Test func redirectionBeforeTheCommand() {
    let text = ">out docker ps"
    let command = sh(text).commands[0]
    #expect(argv(command) == ["docker", "ps"])
    #expect(command.range == ByteRange(5, 14))
  }

  @Test func bashRedirections() {
    let script = sh("cat <<< \"$x\" &>log; cmd &>>all 2>&1", .bash)
    #expect(argvs(script) == [["cat"], ["cmd"]])
    #expect(script.diagnostics.isEmpty)
  }

  @Test func posixAmpersandGreaterIsBackground() {
    // In POSIX sh `cmd &>f` is `cmd &` followed by `>f`.
    #expect(argvs(sh("cmd &>f")) == [["cmd"]])
  }

  @Test func hereStringIsNotPosix() {
    let script = sh("cat <<< word")
    #expect(script.commands.isEmpty)
    #expect(script.diagnostics.count == 1)
  }

  @Test func redirectionWithoutTarget() {
    let script = sh("echo a >; echo b")
    #expect(argvs(script) == [["echo", "b"]])
    #expect(script.diagnostics.map(\.range) == [ByteRange(7, 8)])
  }

  @Test func hereDocumentBodiesAreSkipped() {
    let text = "cat <<EOF >out\ndocker run evil\n  EOF\nEOF\ndocker ps\n"
    let script = sh(text)
    #expect(argvs(script) == [["cat"], ["docker", "ps"]])
    #expect(script.diagnostics.isEmpty)
  }

  @Test func hereDocumentVariants() {
    let text = "cat <<-'END' <<\"E2\"; echo same-line\n\t\tdocker rm x\n\tEND\ndocker rm y\nE2\necho after"
    let script = sh(text)
    #expect(argvs(script) == [["cat"], ["echo", "same-line"], ["echo", "after"]])
  }

  @Test("a quoted delimiter is quote-removed, never expanded: `<< \"${EOT}\"` ends at `${EOT}`")
  func hereDocumentDelimiterWithDollar() {
    let text =
      "cat << \"${EOT}\"\ndocker run a\n${EOT}\ncat <<'$END'\nx\n$END\ncat <<E\"O\"F\ny\nEOF\ncat <<\\STOP\nz\nSTOP\ndocker run b\n"
    let script = sh(text)
    #expect(argvs(script) == [["cat"], ["cat"], ["cat"], ["cat"], ["docker", "run", "b"]])
    #expect(script.diagnostics.isEmpty)
  }

  @Test func unterminatedHereDocument() {
    let text = "echo ok\ncat <<EOF\nbody\n"
    let script = sh(text)
    #expect(argvs(script) == [["echo", "ok"]])
    #expect(script.diagnostics.count == 1)
    #expect(script.diagnostics[0].range == ByteRange(12, 14))
  }

  @Test func hereDocumentInsideCommandSubstitution() {
    let script = sh("x=$(cat <<EOF\ndocker nope\nEOF\n)\ndocker ps")
    #expect(script.commands.map(\.words.count) == [0, 1, 2])
    #expect(argvs(script).last == ["docker", "ps"])
  }

  @Test func assignments() {
    let text = "FOO=1 BAR=\"x y\" docker run img"
    let command = sh(text).commands[0]
    #expect(command.assignments.map(\.staticValue) == ["FOO=1", "BAR=x y"])
    #expect(argv(command) == ["docker", "run", "img"])
    #expect(command.range == ByteRange(0, text.utf8.count))
  }

  @Test func assignmentOnlyAndExportLines() {
    let script = sh("A=1\nexport B=2 C\nlocal D=$(docker ps)\necho E=3")
    #expect(script.commands[0].assignments.map(\.staticValue) == ["A=1"])
    #expect(script.commands[0].words.isEmpty)
    #expect(argv(script.commands[1]) == ["export", "B=2", "C"])
    #expect(argv(script.commands[2]) == ["local", nil])
    #expect(argv(script.commands[3]) == ["docker", "ps"])
    #expect(argv(script.commands[4]) == ["echo", "E=3"])
  }

  @Test func notAssignments() {
    let script = sh("'A'=1 x; A\\=1 y; 1A=2 z; =3 w")
    #expect(script.commands.allSatisfy { $0.assignments.isEmpty })
  }

  @Test func backgroundAndPipelines() {
    let script = sh("docker logs -f web | grep err &\nwait")
    #expect(argvs(script) == [["docker", "logs", "-f", "web"], ["grep", "err"], ["wait"]])
  }

  @Test func strayCloseParen() {
    let script = sh("echo a ) echo b")
    #expect(argvs(script) == [["echo", "a"], ["echo", "b"]])
    #expect(script.diagnostics.count == 1)
  }
}

@Suite("ShellReader: substitutions")
struct ShellSubstitutionTests {
  @Test func commandSubstitutionIsScanned() {
    let text = "echo $(docker ps -q) done"
    let script = sh(text)
    #expect(script.commands.count == 2)
    let outer = script.commands[0]
    let inner = script.commands[1]
    #expect(argv(outer) == ["echo", nil, "done"])
    #expect(!outer.nested)
    #expect(argv(inner) == ["docker", "ps", "-q"])
    #expect(inner.nested)
    #expect(slice(text, inner.range) == "docker ps -q")
    #expect(outer.words[1].parts == [.commandSubstitution(range: ByteRange(5, 20), quoting: .unquoted)])
  }

  @Test func nestedSubstitutionsInQuotes() {
    let text = #"x="$(docker inspect "$(docker ps -lq)" | jq -r '.[0]')""#
    let script = sh(text)
    #expect(script.commands.count == 4)
    #expect(script.commands[0].assignments.count == 1)
    #expect(argv(script.commands[1]) == ["docker", "inspect", nil])
    #expect(argv(script.commands[2]) == ["docker", "ps", "-lq"])
    #expect(argv(script.commands[3]) == ["jq", "-r", ".[0]"])
    #expect(script.commands.dropFirst().allSatisfy { $0.nested })
    #expect(script.diagnostics.isEmpty)
  }

  @Test func substitutionInsideDoubleQuotes() {
    let text = "echo \"id: $(docker ps -q # note\n)\""
    let script = sh(text)
    #expect(argvs(script) == [["echo", nil], ["docker", "ps", "-q"]])
    #expect(script.commands[0].words[1].parts.map(\.quoting) == [.doubleQuoted, .doubleQuoted])
    #expect(script.comments.count == 1)
  }

  @Test func backticks() {
    let text = "echo `docker ps -q` \"`date`\""
    let script = sh(text)
    #expect(argvs(script) == [["echo", nil, nil], ["docker", "ps", "-q"], ["date"]])
    #expect(slice(text, script.commands[1].range) == "docker ps -q")
    #expect(script.commands[1].nested)
  }

  @Test func arithmetic() {
    let text = "echo $((1 + (2*3))) $(( $(docker ps -q | wc -l) + 1 ))"
    let script = sh(text)
    #expect(argvs(script) == [["echo", nil, nil], ["docker", "ps", "-q"], ["wc", "-l"]])
    #expect(script.commands[0].words[1].parts == [.arithmetic(range: ByteRange(5, 19), quoting: .unquoted)])
  }

  @Test func subshellInsideCommandSubstitution() {
    let script = sh("echo $( (docker ps) )")
    #expect(argvs(script) == [["echo", nil], ["docker", "ps"]])
    let script2 = sh("echo $((docker ps) )")
    #expect(argvs(script2) == [["echo", nil], ["docker", "ps"]])
  }

  @Test func caseInsideCommandSubstitution() {
    let script = sh("x=$(case $1 in a) docker ps;; b) echo b;; esac)")
    #expect(argvs(script) == [[], ["docker", "ps"], ["echo", "b"]])
  }

  @Test func parameterDefaultsWithSubstitution() {
    let script = sh("echo ${IMG:-$(docker images -q | head -1)}")
    #expect(argvs(script) == [["echo", nil], ["docker", "images", "-q"], ["head", "-1"]])
  }

  @Test func processSubstitutionInBash() {
    let script = sh("diff <(docker ps) <(podman ps)\nwhile read l; do echo $l; done < <(docker images)", .bash)
    #expect(
      argvs(script) == [
        ["diff", nil, nil], ["docker", "ps"], ["podman", "ps"], ["read", "l"], ["echo", nil],
        ["docker", "images"],
      ])
  }

  @Test func arrayAssignmentInBash() {
    let script = sh("arr=(a \"b c\" $(docker ps -q))\ndocker rm \"${arr[@]}\"", .bash)
    #expect(script.commands.count == 3)
    #expect(script.commands[0].assignments.count == 1)
    #expect(argv(script.commands[1]) == ["docker", "ps", "-q"])
    #expect(argv(script.commands[2]) == ["docker", "rm", nil])
  }
}

@Suite("ShellReader: compound commands")
struct ShellCompoundTests {
  @Test func ifThenElse() {
    let text = "if docker ps; then docker run x\nelif true; then echo b; else echo c; fi"
    #expect(
      argvs(sh(text)) == [["docker", "ps"], ["docker", "run", "x"], ["true"], ["echo", "b"], ["echo", "c"]])
  }

  @Test func keywordThenCommand() {
    let text = "then docker run x"
    let script = sh(text)
    #expect(argvs(script) == [["docker", "run", "x"]])
    #expect(slice(text, script.commands[0].range) == "docker run x")
  }

  @Test func hereDocumentFeedingAPipeline() {
    let script = sh("cat <<EOF | docker run -i img\nnot a command\nEOF\ndocker ps")
    #expect(argvs(script) == [["cat"], ["docker", "run", "-i", "img"], ["docker", "ps"]])
  }

  @Test func functionWithSpaceBeforeParens() {
    #expect(argvs(sh("up () {\n  docker compose up -d\n}\nup")) == [["docker", "compose", "up", "-d"], ["up"]])
  }

  @Test func bashNamedDescriptor() {
    #expect(argvs(sh("exec {fd}>out; echo x >&$fd", .bash)) == [["exec"], ["echo", "x"]])
  }

  @Test func keywordsOnlyInCommandPosition() {
    #expect(argvs(sh("echo if then fi")) == [["echo", "if", "then", "fi"]])
    #expect(argvs(sh("'if' x")) == [["if", "x"]])
  }

  @Test func loops() {
    let text = """
      for c in $(docker ps -aq) a b; do
        docker rm -f "$c"
      done
      while docker ps | grep -q x; do sleep 1; done
      until false; do break; done > /dev/null
      for x; do echo "$x"; done
      """
    #expect(
      argvs(sh(text)) == [
        ["docker", "ps", "-aq"], ["docker", "rm", "-f", nil], ["docker", "ps"], ["grep", "-q", "x"],
        ["sleep", "1"], ["false"], ["break"], ["echo", nil],
      ])
  }

  @Test func bashArithmeticFor() {
    let script = sh("for ((i=0; i<3; i++)); do docker ps; done\n((n++)) && echo n", .bash)
    #expect(argvs(script) == [["docker", "ps"], ["echo", "n"]])
  }

  @Test func casePatternsAreNotCommands() {
    let text = """
      case "$1" in
        start) docker start web ;;
        stop|halt)
          docker stop web
          ;;
        (restart) docker restart web;;&
        *) echo "usage: $0 start|stop" ;;
      esac
      echo after
      """
    #expect(
      argvs(sh(text)) == [
        ["docker", "start", "web"], ["docker", "stop", "web"], ["docker", "restart", "web"],
        ["echo", nil], ["echo", "after"],
      ])
  }

  @Test func functionsAndGroups() {
    let text = """
      deploy() {
        docker pull img
        { docker run img; } > log
      }
      function clean {
        (cd /tmp && docker system prune -f)
      }
      function other() { echo x; }
      """
    #expect(
      argvs(sh(text)) == [
        ["docker", "pull", "img"], ["docker", "run", "img"], ["cd", "/tmp"],
        ["docker", "system", "prune", "-f"], ["echo", "x"],
      ])
  }

  @Test func bashConditional() {
    let script = sh("[[ -f x && $(docker ps -q) < y ]] && docker ps\n[ -f y ] || echo no", .bash)
    #expect(argvs(script) == [["docker", "ps", "-q"], ["docker", "ps"], ["[", "-f", "y", "]"], ["echo", "no"]])
  }

  @Test func negationAndTime() {
    #expect(argvs(sh("! docker ps")) == [["docker", "ps"]])
    #expect(argvs(sh("time docker ps", .bash)) == [["docker", "ps"]])
  }
}

@Suite("ShellReader: hostile input")
struct ShellHostileInputTests {
  @Test func unterminatedDoubleQuote() {
    let script = sh("echo ok; echo \"abc")
    #expect(argvs(script) == [["echo", "ok"]])
    #expect(script.diagnostics.count == 1)
    #expect(script.diagnostics[0].range == ByteRange(14, 15))
  }

  @Test func unterminatedSingleQuote() {
    let script = sh("echo 'abc\ndocker run x")
    #expect(script.commands.isEmpty)
    #expect(script.diagnostics.map(\.range) == [ByteRange(5, 6)])
  }

  @Test func unterminatedCommandSubstitution() {
    let script = sh("echo ok\necho $(docker ps; ls")
    #expect(argvs(script) == [["echo", "ok"]])
    #expect(script.diagnostics.map(\.range) == [ByteRange(13, 15)])
  }

  @Test func unterminatedBacktickAndBraces() {
    #expect(sh("echo `date").diagnostics.map(\.range) == [ByteRange(5, 6)])
    #expect(sh("echo ${x").diagnostics.map(\.range) == [ByteRange(5, 7)])
    #expect(sh("echo $'x", .bash).diagnostics.map(\.range) == [ByteRange(5, 7)])
  }

  @Test func brokenInsideBackticksKeepsTheRest() {
    let script = sh("echo `echo \"x` ; docker ps")
    #expect(argvs(script) == [["echo", nil], ["docker", "ps"]])
    #expect(script.diagnostics.count == 1)
  }

  @Test func deepNestingIsBounded() {
    let depth = 5000
    let text = String(repeating: "$(", count: depth) + "x" + String(repeating: ")", count: depth)
    let script = sh("echo " + text + "; echo tail")
    #expect(!script.diagnostics.isEmpty)
    #expect(script.commands.isEmpty || script.commands.allSatisfy { $0.words.count <= 2 })
    let quotes = String(repeating: "\"${a:-", count: 3000)
    #expect(!sh("echo " + quotes).diagnostics.isEmpty)
    let arrays = String(repeating: "a=(", count: 3000)
    #expect(!sh(arrays, .bash).diagnostics.isEmpty)
  }

  @Test func manyParensAndOperators() {
    let text = String(repeating: "(", count: 100_000) + "docker ps" + String(repeating: ")", count: 100_000)
    #expect(argvs(sh(text)) == [["docker", "ps"]])
    let clock = ContinuousClock()
    let elapsed = clock.measure {
      let opens = String(repeating: "(", count: 200_000)
      #expect(sh(opens + "docker ps", .bash).commands.count == 1)
      #expect(sh("echo " + String(repeating: "$((", count: 100_000), .bash).commands.isEmpty)
    }
    #expect(elapsed < .seconds(30))
    let junk = String(repeating: ";|&<>()", count: 20_000)
    _ = sh(junk)
    _ = sh(junk, .bash)
  }

  @Test func tenMegabyteSingleLine() {
    var bytes = Array("docker run ".utf8)
    bytes.reserveCapacity(10_500_000)
    bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000)
    bytes += Array(" 'q' \"$x\" \\\n".utf8)
    let clock = ContinuousClock()
    var script: ShellScript? = nil
    let elapsed = clock.measure { script = ShellReader.parse(bytes) }
    #expect(script?.commands.count == 1)
    #expect(script?.commands.first?.words[2].range.count == 10_000_000)
    #expect(elapsed < .seconds(30))
  }

  @Test func manySmallWordsIsLinear() {
    let line = String(repeating: "-e A=1 ", count: 200_000)
    let clock = ContinuousClock()
    var count = 0
    let elapsed = clock.measure { count = sh("docker run " + line + "img").commands.first?.words.count ?? 0 }
    #expect(count == 400_003)
    #expect(elapsed < .seconds(30))
  }

  @Test func randomBytesNeverTrap() {
    var rng = SeededGenerator(seed: 0xDEC0DE)
    let alphabet = Array("ab $'\"`\\(){}[];&|<>#\n\t=-!*?~".utf8) + [0, 0xFF, 0xC3]
    for _ in 0..<2000 {
      let length = Int.random(in: 0..<60, using: &rng)
      let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }
      for dialect in [ShellDialect.posix, .bash] {
        let script = ShellReader.parse(bytes, dialect: dialect)
        for command in script.commands {
          #expect(command.range.upper <= bytes.count)
          for word in command.words + command.assignments {
            #expect(command.range.contains(word.range))
            for part in word.parts { #expect(word.range.contains(part.range)) }
          }
        }
        for diagnostic in script.diagnostics { #expect(diagnostic.range.upper <= bytes.count) }
      }
    }
  }
}

@Suite("ShellQuote")
struct ShellQuoteTests {
  @Test func examples() {
    #expect(ShellQuote.quote("abc-1.2/x:y@z%w+v,u=t_") == "abc-1.2/x:y@z%w+v,u=t_")
    #expect(ShellQuote.quote("") == "''")
    #expect(ShellQuote.quote("a b") == "'a b'")
    #expect(ShellQuote.quote("it's") == "'it'\\''s'")
    #expect(ShellQuote.quote("$HOME") == "'$HOME'")
    #expect(ShellQuote.quote("A=1") == "'A=1'")
    #expect(ShellQuote.quote("if") == "'if'")
    #expect(ShellQuote.join(["docker", "run", "a b"]) == "docker run 'a b'")
  }

  @Test func roundTripProperty() {
    var rng = SeededGenerator(seed: 42)
    let pieces: [String] = [
      "a", "Z", "0", " ", "  ", "'", "\"", "$", "$x", "${y}", "\\", "\n", "\t", "`", "(", ")", ";", "&",
      "|", "<", ">", "#", "*", "?", "~", "=", "-", "--", "é", "日本", "🐳", "!", "{", "}", "if", "A=",
    ]
    for _ in 0..<1000 {
      let a = (0..<Int.random(in: 0..<8, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }
        .joined()
      let b = (0..<Int.random(in: 0..<8, using: &rng)).map { _ in pieces.randomElement(using: &rng) ?? "" }
        .joined()
      let line = ShellQuote.quote(a) + " " + ShellQuote.quote(b)
      for dialect in [ShellDialect.posix, .bash] {
        let script = sh(line, dialect)
        #expect(script.commands.count == 1, "\(line)")
        #expect(script.commands.first.map(argv) == [a, b], "\(line)")
        #expect(script.diagnostics.isEmpty)
      }
    }
  }
}

@Suite("ShellReader: limits")
struct ShellLimitTests {
  @Test("past the nesting limit: one finding about the depth, no false `unterminated` for the open levels")
  func nestingLimit() {
    let depth = ShellReader.maximumNestingDepth + 12
    let text = "x=" + String(repeating: "$(", count: depth) + "echo hi" + String(repeating: ")", count: depth)
    let script = sh(text)
    #expect(script.diagnostics.count == 1, "\(script.diagnostics.map(\.message))")
    #expect(script.diagnostics.first?.message.hasPrefix("nesting deeper than") == true)
    // Within the limit it is read, and a real unterminated substitution is still reported.
    let deep = ShellReader.maximumNestingDepth - 1
    #expect(
      sh("x=" + String(repeating: "$(", count: deep) + "true" + String(repeating: ")", count: deep)).diagnostics.isEmpty
    )
    #expect(sh("x=$(echo").diagnostics.map(\.message) == ["unterminated command substitution"])
  }

  @Test("past the word limit: the commands before it are read, one finding at the line where it is reached")
  func wordLimit() {
    // Two words a command: the limit falls inside the second line, whose commands are not read.
    let perLine = 1000
    let lines = ShellReader.maximumWords / (2 * perLine) + 1
    let line = String(repeating: "echo a; ", count: perLine)
    let text = "docker ps\n" + String(repeating: line + "\n", count: lines) + "docker run x\n"
    let script = sh(text)
    #expect(
      script.diagnostics.map(\.message) == [
        "more than \(ShellReader.maximumWords) words (a limit against hostile input); the rest is not read"
      ])
    let at = script.diagnostics.first?.range.lower ?? 0
    #expect(at > 0 && Array(text.utf8)[at - 1] == UInt8(ascii: "\n"), "at a line start")
    #expect(script.commands.first.map(argv) == ["docker", "ps"])
    #expect(script.commands.count < ShellReader.maximumWords / 2 + 1)
    #expect(!script.commands.contains { argv($0) == ["docker", "run", "x"] })
    // Just below the limit everything is read.
    let within = String(repeating: "echo a; ", count: ShellReader.maximumWords / 2 - 2) + "docker run x\n"
    #expect(sh(within).diagnostics.isEmpty)
  }

  @Test("a word over the length limit stops the reading there, before it is copied")
  func wordLength() {
    var bytes = Array("docker ps\necho ".utf8)
    bytes += [UInt8](repeating: UInt8(ascii: "A"), count: ShellReader.maximumWordBytes + 1)
    bytes += Array("\ndocker run x\n".utf8)
    let script = ShellReader.parse(bytes, dialect: .bash)
    #expect(script.diagnostics.map(\.message) == ["a word longer than 16 MiB; the rest is not read"])
    #expect(script.diagnostics.first?.range.lower == 15)
    #expect(script.commands.map(argv) == [["docker", "ps"]])
  }
}
