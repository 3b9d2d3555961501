/**
 * A multipart body for an endpoint that takes files beside its JSON fields (`files`, one entry
 * per file). Fields left undefined (or null) are not sent.
 */
export function withFiles(fields: object, files: File[]): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null) form.append(name, String(value));
  }
  for (const file of files) form.append('files', file, file.name);
  return form;
}
