#!/usr/bin/env bash
# Regenerates the operators' JSON Schemas of this folder from the pinned npm packages (package.json, package-lock.json).
# Each package's crd-generate.input names the operator release its types were generated from; the types become
# draft-07 JSON Schemas with additionalProperties false on every object of fixed shape (so an unknown field is an
# error), and the descriptions are dropped (they are documentation, not rules). Needs Node.js and the npm registry.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --silent
echo '{"compilerOptions":{"skipLibCheck":true,"moduleResolution":"node"}}' >tsconfig.json
trap 'rm -f tsconfig.json' EXIT
gen() { # package path-inside type output
  npx --no-install ts-json-schema-generator -p "node_modules/@kubernetes-models/$1/$2" -t "$3" -f tsconfig.json \
    --no-type-check -o "$4.tmp"
  node -e '
    const fs = require("fs");
    const strip = (v) => Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
      ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== "description").map(([k, x]) => [k, strip(x)])) : v;
    fs.writeFileSync(process.argv[2], JSON.stringify(strip(JSON.parse(fs.readFileSync(process.argv[1], "utf8")))) + "\n");
  ' "$4.tmp" "$4"
  rm -f "$4.tmp"
  echo "$4: $(wc -c <"$4") bytes"
}
mkdir -p postgresql.cnpg.io cert-manager.io gateway.networking.k8s.io monitoring.coreos.com
gen cloudnative-pg postgresql.cnpg.io/v1/Cluster.d.ts ICluster postgresql.cnpg.io/Cluster.json
gen cloudnative-pg postgresql.cnpg.io/v1/ScheduledBackup.d.ts IScheduledBackup postgresql.cnpg.io/ScheduledBackup.json
gen cert-manager cert-manager.io/v1/Certificate.d.ts ICertificate cert-manager.io/Certificate.json
gen gateway-api gateway.networking.k8s.io/v1/Gateway.d.ts IGateway gateway.networking.k8s.io/Gateway.json
gen gateway-api gateway.networking.k8s.io/v1/HTTPRoute.d.ts IHTTPRoute gateway.networking.k8s.io/HTTPRoute.json
gen prometheus-operator monitoring.coreos.com/v1/PrometheusRule.d.ts IPrometheusRule monitoring.coreos.com/PrometheusRule.json
gen prometheus-operator monitoring.coreos.com/v1/PodMonitor.d.ts IPodMonitor monitoring.coreos.com/PodMonitor.json
