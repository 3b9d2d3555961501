import type { Attachment } from '@/lib/api/types';
import { formatSize } from '@/lib/format-size';

/**
 * Files as download links. The server always answers with `Content-Disposition: attachment`,
 * so a file opens in the person's own program, never as a page of this app.
 */
export function AttachmentList({
  files,
  label = 'Files',
}: {
  files: Attachment[];
  label?: string;
}) {
  if (files.length === 0) return null;
  return (
    <ul className="attachments" aria-label={label}>
      {files.map((file) => (
        <li key={file.id} className="attachments__item">
          <a href={file.download_url} download={file.filename} rel="noopener">
            {file.filename}
          </a>{' '}
          <span className="attachments__size">
            {formatSize(file.size)}
            {file.is_inline ? ' · inline image' : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}
