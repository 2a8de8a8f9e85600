// Turns CustomResourceDefinitions into kubeconform schemas: <out>/<group>/<kind>_<version>.json (the
// layout of kubeconform's `{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json` location).
// Strict like the Kubernetes schemas: an object with declared properties accepts no others, unless the
// CRD says otherwise (x-kubernetes-preserve-unknown-fields or its own additionalProperties).
// Usage: node crd-to-json-schema.mjs <out-dir> <crd.yaml>...
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const [outDir, ...crdFiles] = process.argv.slice(2);
if (!outDir || crdFiles.length === 0) {
  console.error('usage: crd-to-json-schema.mjs <out-dir> <crd.yaml>...');
  process.exit(2);
}

const strict = (schema) => {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map(strict);
  const out = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, strict(v)]));
  if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
};

let written = 0;
for (const file of crdFiles) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names, versions } = crd.spec;
    for (const version of versions) {
      const schema = strict(version.schema.openAPIV3Schema);
      // apiVersion, kind and metadata are the API server's, not the CRD's: accept any metadata object.
      schema.properties = { ...schema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' } };
      mkdirSync(join(outDir, group), { recursive: true });
      writeFileSync(join(outDir, group, `${names.kind.toLowerCase()}_${version.name}.json`), JSON.stringify(schema, null, 2));
      written += 1;
    }
  }
}
if (written === 0) {
  console.error(`no CustomResourceDefinition in ${crdFiles.join(', ')}`);
  process.exit(1);
}
