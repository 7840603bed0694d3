#!/usr/bin/env bash
# Installs what building and testing migrate needs on Debian/Ubuntu, if missing: libyaml-dev for the YAML
# layer, shellcheck for the generated host scripts, python3's jsonschema for the SARIF test.
set -euo pipefail
if ! pkg-config --exists yaml-0.1 2>/dev/null || ! command -v shellcheck >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "migrate: installing libyaml-dev, pkg-config and shellcheck" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libyaml-dev pkg-config shellcheck >/dev/null
fi
# The report tests validate SARIF with python's jsonschema.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "migrate: installing python3 jsonschema" >&2
  python3 -m pip install -q jsonschema
fi
