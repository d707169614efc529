#!/usr/bin/env bash
# Makes sure a ZooKeeper server can be started by lib/testing. Idempotent.
# Order: ZK_CONNECT (servers someone runs) > ZOOKEEPER_HOME (an Apache release) > Debian's zookeeper package,
# installed here with apt-get when missing and we are root.
set -euo pipefail

if [[ -n "${ZK_CONNECT:-}" ]]; then
  echo "ensure-zookeeper: using external servers ZK_CONNECT=${ZK_CONNECT}"
  exit 0
fi

need_java() {
  if ! command -v java >/dev/null 2>&1; then
    echo "ensure-zookeeper: ZooKeeper needs Java, and 'java' is not on PATH" >&2
    return 1
  fi
}

if [[ -n "${ZOOKEEPER_HOME:-}" ]] && compgen -G "${ZOOKEEPER_HOME}/lib/zookeeper-*.jar" >/dev/null; then
  need_java
  echo "ensure-zookeeper: using ZOOKEEPER_HOME=${ZOOKEEPER_HOME}"
  exit 0
fi

if [[ -f /usr/share/java/zookeeper.jar ]]; then
  need_java
  echo "ensure-zookeeper: using Debian's zookeeper package (/usr/share/java/zookeeper.jar)"
  exit 0
fi

if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-zookeeper: installing Debian's zookeeper package with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends zookeeper >/dev/null
  need_java
  echo "ensure-zookeeper: installed $(dpkg-query -W -f='${Package} ${Version}' zookeeper)"
  exit 0
fi

cat >&2 <<'MSG'
ensure-zookeeper: no ZooKeeper server found. Install one of:
  - Debian/Ubuntu (as root): apt-get install -y --no-install-recommends zookeeper
  - an Apache ZooKeeper release (https://zookeeper.apache.org/releases.html), then export ZOOKEEPER_HOME=/path/to/it
  - or point the tests at running servers: export ZK_CONNECT=host:port[,host:port...]
MSG
exit 1
