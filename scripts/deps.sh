#!/usr/bin/env bash
# Installs what building migrate needs on Debian/Ubuntu (libyaml-dev for the YAML layer), if missing.
set -euo pipefail
if pkg-config --exists yaml-0.1 2>/dev/null; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "migrate: installing libyaml-dev and pkg-config" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq libyaml-dev pkg-config >/dev/null
