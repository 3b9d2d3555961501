import { useRef } from 'react';
import { formatSize } from '@/lib/format-size';

type FilePickerProps = {
  id: string;
  files: File[];
  onChange: (files: File[]) => void;
  label?: string;
};

/** The same file chosen twice is attached once. */
function fileKey(file: File): string {
  return `${file.name}:${file.size}:${file.lastModified}`;
}

/** Choose files to attach; each chosen file is listed with its size and can be removed. */
export function FilePicker({ id, files, onChange, label = 'Attach files' }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="file-picker">
      <label htmlFor={id} className="file-picker__label">
        {label}
      </label>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        onChange={(event) => {
          const added = Array.from(event.target.files ?? []).filter(
            (file) => !files.some((chosen) => fileKey(chosen) === fileKey(file)),
          );
          onChange([...files, ...added]);
          event.target.value = '';
        }}
      />
      {files.length > 0 ? (
        <ul className="file-picker__chosen" aria-label="Chosen files">
          {files.map((file) => (
            <li key={fileKey(file)}>
              {file.name} <span className="attachments__size">{formatSize(file.size)}</span>{' '}
              <button
                type="button"
                className="button button--link"
                onClick={() => onChange(files.filter((chosen) => chosen !== file))}
                aria-label={`Remove ${file.name}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
