/**
 * jsdom's FormData hands Node's fetch (which the mock server reads) its files as nameless
 * blobs. This stand-in keeps each entry as given, as a browser's FormData does, so a test can
 * check the file names the app sends. Tests make their files with Node's `File`.
 */
export class EntriesFormData {
  readonly [Symbol.toStringTag] = 'FormData';
  private readonly list: Array<[string, FormDataEntryValue]> = [];

  append(name: string, value: string | Blob, filename?: string): void {
    const named =
      typeof value === 'string' || !filename || (value as File).name === filename
        ? value
        : new File([value], filename, { type: value.type });
    this.list.push([name, named as FormDataEntryValue]);
  }

  delete(name: string): void {
    for (let index = this.list.length - 1; index >= 0; index -= 1) {
      if (this.list[index]?.[0] === name) this.list.splice(index, 1);
    }
  }

  get(name: string): FormDataEntryValue | null {
    return this.list.find(([key]) => key === name)?.[1] ?? null;
  }

  getAll(name: string): FormDataEntryValue[] {
    return this.list.filter(([key]) => key === name).map(([, value]) => value);
  }

  has(name: string): boolean {
    return this.list.some(([key]) => key === name);
  }

  set(name: string, value: string | Blob, filename?: string): void {
    this.delete(name);
    this.append(name, value, filename);
  }

  forEach(callback: (value: FormDataEntryValue, key: string, parent: this) => void): void {
    for (const [key, value] of this.list) callback(value, key, this);
  }

  *entries(): IterableIterator<[string, FormDataEntryValue]> {
    yield* this.list;
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.list) yield key;
  }

  *values(): IterableIterator<FormDataEntryValue> {
    for (const [, value] of this.list) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, FormDataEntryValue]> {
    return this.entries();
  }
}
