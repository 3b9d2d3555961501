// Writes src/lib/api/field-limits.ts: the length limits of every request body field, taken
// from openapi.json, so the web app's forms enforce exactly what the API does.
import { readFileSync, writeFileSync } from 'node:fs';

export function fieldLimits(schema) {
  const limits = {};
  for (const [name, component] of Object.entries(schema.components.schemas)) {
    if (!name.endsWith('Request')) continue;
    for (const [field, property] of Object.entries(component.properties ?? {})) {
      if (typeof property.maxLength === 'number') {
        limits[name] ??= {};
        limits[name][field] = property.maxLength;
      }
    }
  }
  return limits;
}

export function renderFieldLimits(limits) {
  return `// Generated from openapi.json by \`npm run gen:api\`; do not edit.
/** The API's length limits of request fields, by schema component and field. */
export const FIELD_LIMITS = ${JSON.stringify(limits, null, 2)} as const;
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const schema = JSON.parse(readFileSync('openapi.json', 'utf8'));
  writeFileSync('src/lib/api/field-limits.ts', renderFieldLimits(fieldLimits(schema)));
}
