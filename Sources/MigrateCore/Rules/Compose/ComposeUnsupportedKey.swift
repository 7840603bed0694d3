/// MG208: reports service keys of the Compose Specification that podman-compose does not read.
struct ComposeUnsupportedKey: Rule {
  static let meta = RuleMeta(
    id: "MG208", name: "compose-unsupported-key", severity: .warning, fixAvailability: .sometimes,
    summary: "Service key podman-compose ignores",
    why: """
      podman-compose turns a service into `podman run` options key by key (`container_to_args`); keys it has \
      no code for are dropped without a word, and the container runs without them. Checked against \
      podman_compose.py 1.2.0 (the 1.0.x packages have less) and the research's reading of 1.6.0: `configs`, \
      `volumes_from`, `external_links`, `ipc`, `uts`, `cgroup`, `cgroup_parent`, `cpuset`, `cpu_period`, \
      `cpu_quota`, `pids_limit`, `memswap_limit`, `oom_score_adj`, `blkio_config`, `device_cgroup_rules`, \
      `storage_opt`, `domainname`, `gpus`, `label_file`, `post_start`, `pre_stop`, `attach`, `develop`, \
      `use_api_socket`, `provider`, `models` and `pull_refresh_after`. Windows-only keys (`isolation`, \
      `cpu_count`, `cpu_percent`, `credential_spec`) do nothing on Linux Docker either, and cgroup v1 \
      settings are MG135's. Keys outside the specification are MG201's, `deploy.restart_policy` MG206's.
      """,
    fixSafety: """
      Safe for `domainname`, folded into a fully qualified `hostname:` (`web` and `example.org` make \
      `web.example.org`, from `container_name:` when there is no `hostname:`), as for `--domainname` on run \
      lines (MG120): the name the container reports is then the FQDN, and `hostname -d` gives the domain. \
      No fix for the other keys: each needs its own replacement (a bind mount, a shared network, a wrapper \
      script).
      """,
    references: ["research M8", "podman_compose.py container_to_args @v1.2.0"],
    examples: [
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    1️⃣configs:\n      - source: site\n        target: /etc/nginx/conf.d/site.conf\nconfigs:\n  site:\n    file: ./site.conf\n"
      ),
      .triggers(
        .compose,
        "services:\n  app:\n    image: example.com/app\n    1️⃣ipc: host\n    1️⃣pids_limit: 100\n"),
      .triggers(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    hostname: web\n    1️⃣domainname: example.org\n",
        fixed: "services:\n  web:\n    image: docker.io/library/nginx\n    hostname: web.example.org\n"),
      .passes(
        .compose,
        "services:\n  web:\n    image: docker.io/library/nginx\n    volumes:\n      - ./site.conf:/etc/nginx/conf.d/site.conf:ro\n"
      ),
    ])

  /// What is lost when podman-compose drops each key.
  static let consequences: [String: String] = [
    "configs": "the config files are not mounted; bind-mount them read-only or declare them as `secrets:`",
    "volumes_from": "the other container's volumes are not mounted; mount the same named volumes explicitly",
    "external_links": "no alias for the outside container is created; join its network instead",
    "ipc":
      "the container keeps a private IPC namespace: shared memory with the host or another container is not shared",
    "uts": "the container keeps its own UTS namespace (its own hostname)",
    "cgroup": "the cgroup namespace stays podman's default",
    "cgroup_parent": "the container is not placed under that parent cgroup",
    "cpuset": "the container may run on every CPU",
    "cpu_period": "no CPU quota is applied; use `cpus:` (passed as `--cpus`)",
    "cpu_quota": "no CPU quota is applied; use `cpus:` (passed as `--cpus`)",
    "pids_limit": "podman's default process limit (2048) applies instead",
    "memswap_limit": "swap use is not limited",
    "oom_score_adj": "the OOM score is not adjusted",
    "blkio_config": "no block-I/O weight or bandwidth limit is applied",
    "device_cgroup_rules": "the device access rules are not added",
    "storage_opt": "no per-container storage option is set",
    "domainname": "the container gets no domain name; give a fully qualified `hostname:`",
    "gpus": "no GPU is passed; use `devices: [nvidia.com/gpu=all]` (CDI) or `deploy.resources.reservations.devices`",
    "label_file": "the labels in the file are not set; list them under `labels:`",
    "post_start": "the post-start hook never runs",
    "pre_stop": "the pre-stop hook never runs",
    "attach": "its logs are attached anyway",
    "develop": "there is no watch mode: files are not synced and nothing is rebuilt",
    "use_api_socket": "the Docker API socket is not mounted; mount the podman socket under `volumes:`",
    "provider": "the provider service is not run; the service is skipped or fails without an image",
    "models": "no model runner is attached",
    "pull_refresh_after": "images are not refreshed on that schedule",
  ]

  func check(_ project: ComposeProject, in context: inout RuleContext) {
    for service in project.services {
      let node = service.node.resolved
      guard node.isMapping else { continue }
      for (key, _) in node.pairs {
        guard let name = key.scalarValue, let consequence = Self.consequences[name] else { continue }
        if name == "domainname", let site = service.container.optionSite,
          let setting = service.container.locatedSettings(.domainName).first
        {
          DomainNameFold.report(
            setting, of: service.container, site: site, as: Self.meta, absent: "podman-compose ignores `domainname`",
            in: &context)
          continue
        }
        context.report(
          Self.meta, "podman-compose ignores `\(name)` in `\(service.name.text)`: \(consequence)", at: key.range)
      }
    }
  }
}
