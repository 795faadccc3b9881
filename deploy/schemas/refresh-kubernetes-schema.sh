#!/usr/bin/env bash
# Refreshes deploy/schemas/kubernetes-<version>/definitions.json: the Kubernetes OpenAPI definitions of the kinds the
# deployment may use (and everything they reference), descriptions left out. Source: the Kubernetes OpenAPI v2 document
# that Debian's python-kubernetes source package carries (kubernetes/swagger.json.unprocessed; client 30.1.0 is
# generated from Kubernetes release-1.30), fetched with `apt-get source` through a private apt configuration, so the
# machine's own sources are left alone. Not run by the build: the build reads the committed file.
#
# Needs: apt-get, python3, Debian's archive keyring. Usage: deploy/schemas/refresh-kubernetes-schema.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
suite="${SUITE:-trixie}"
package_version="${PACKAGE_VERSION:-30.1.0-2}"
kubernetes_version="${KUBERNETES_VERSION:-1.30}"
# The kinds a manifest may have; a new kind in deploy/ is added here, then this script is run again.
kinds='apps/v1/Deployment apps/v1/StatefulSet batch/v1/Job batch/v1/CronJob v1/Service v1/ConfigMap v1/Secret
v1/ServiceAccount v1/Namespace policy/v1/PodDisruptionBudget autoscaling/v2/HorizontalPodAutoscaler
networking.k8s.io/v1/NetworkPolicy networking.k8s.io/v1/Ingress rbac.authorization.k8s.io/v1/Role
rbac.authorization.k8s.io/v1/RoleBinding'

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial"
cat > "$work/sources.list" <<LIST
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $suite main
LIST
apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
  -o "Dir::State::Lists=$work/lists" -o "Dir::Cache::archives=$work/archives" -o "Debug::NoLocking=1")
apt-get "${apt_opts[@]}" update -qq
# Only the upstream tarball is needed; apt verifies it against the signed Sources index as it downloads. Some mirrors
# lack the Debian-side files (.dsc, .debian.tar.xz), which makes `apt-get source` fail after the tarball arrived.
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only -qq "python-kubernetes=$package_version") || true
orig="$(ls "$work"/python-kubernetes_*.orig.tar.gz 2>/dev/null || true)"
if [ -z "$orig" ]; then
  echo "could not download the python-kubernetes $package_version source tarball from Debian $suite" >&2
  exit 1
fi
tar -xzf "$orig" -C "$work" --wildcards '*/kubernetes/swagger.json.unprocessed'
swagger="$(ls "$work"/*/kubernetes/swagger.json.unprocessed)"

out="$here/kubernetes-$kubernetes_version"
mkdir -p "$out"
python3 - "$swagger" "$out/definitions.json" "$kinds" <<'PY'
import json, sys
swagger, target, kinds = sys.argv[1], sys.argv[2], sys.argv[3].split()
definitions = json.load(open(swagger))["definitions"]
wanted = set()
for k in kinds:
    *group_version, kind = k.split("/")
    group, version = (group_version[0], group_version[1]) if len(group_version) == 2 else ("", group_version[0])
    wanted.add((group, version, kind))
roots = [name for name, d in definitions.items()
         for gvk in d.get("x-kubernetes-group-version-kind", [])
         if (gvk["group"], gvk["version"], gvk["kind"]) in wanted]
missing = wanted - {(g["group"], g["version"], g["kind"]) for r in roots for g in definitions[r]["x-kubernetes-group-version-kind"]}
if missing:
    sys.exit(f"kinds not in the source document: {sorted(missing)}")
kept = set()
def walk(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                name = value.rsplit("/", 1)[-1]
                if name not in kept:
                    kept.add(name)
                    walk(definitions[name])
            else:
                walk(value)
    elif isinstance(node, list):
        for item in node:
            walk(item)
for root in roots:
    kept.add(root)
    walk(definitions[root])
def without_descriptions(node):
    if isinstance(node, dict):
        return {k: without_descriptions(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [without_descriptions(v) for v in node]
    return node
with open(target, "w") as f:
    json.dump({"definitions": {name: without_descriptions(definitions[name]) for name in sorted(kept)}}, f,
              indent=1, sort_keys=True)
    f.write("\n")
print(f"{len(kept)} definitions for {len(roots)} kinds -> {target}")
PY
echo "source: $(basename "$orig") sha256 $(sha256sum "$orig" | cut -d' ' -f1)"
echo "document: kubernetes/swagger.json.unprocessed sha256 $(sha256sum "$swagger" | cut -d' ' -f1)"
