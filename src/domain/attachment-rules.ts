// What may be attached to a letter, an application or a reply: how many files, how big, which kinds
// (judged from the content, see attachments/service.ts), and how a file's name is cleaned, shown and
// sent back. Every refusal is one Chinese sentence the form shows beside its file field.

/** The form field that carries the files. */
export const ATTACHMENTS_FIELD = 'attachments';
export const MAX_ATTACHMENTS = 5;
export const MAX_ATTACHMENT_MB = 10;
export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;

export type AttachmentKind = 'applicant' | 'reply';

export interface AllowedType {
  /** The content type the file is served with. */
  mime: string;
  /** Name endings of this kind, the usual one first. */
  extensions: readonly string[];
}

const ALLOWED: Record<string, AllowedType> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
  doc: { mime: 'application/msword', extensions: ['doc'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xls: { mime: 'application/vnd.ms-excel', extensions: ['xls'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
};

export const ALLOWED_TYPES_TEXT = 'PDF、JPG、PNG、Word（DOC、DOCX）和Excel（XLS、XLSX）文件';

/** For the file picker only (it filters what the citizen sees); the server judges the content. */
export const ACCEPT_ATTRIBUTE = [...Object.values(ALLOWED).flatMap((t) => t.extensions.map((e) => `.${e}`)), ...new Set(Object.values(ALLOWED).map((t) => t.mime))].join(',');

export const ATTACHMENTS_HINT = `最多${MAX_ATTACHMENTS}个，每个不超过${MAX_ATTACHMENT_MB} MB，可上传${ALLOWED_TYPES_TEXT}。`;

/**
 * The allowed kind of a file, from what the content sniffer recognised (its extension, undefined when
 * it knows no format) and, for old Office files only, the name. Null: not a kind we accept.
 */
export function allowedTypeOf(detectedExt: string | undefined, fileName: string): AllowedType | null {
  if (!detectedExt) return null;
  // Old Word and Excel files are both OLE2 compound files ("cfb"); only the name tells them apart.
  if (detectedExt === 'cfb') {
    const ext = extensionOf(fileName);
    return ext === 'doc' || ext === 'xls' ? ALLOWED[ext]! : null;
  }
  return Object.hasOwn(ALLOWED, detectedExt) ? ALLOWED[detectedExt]! : null;
}

export interface AttachmentCandidate {
  name: string;
  size: number;
  /** Null when the content is no allowed kind (or was not examined because the file is too big). */
  type: AllowedType | null;
}

/**
 * Why these files cannot be attached, or null when they can. `alreadyAttached` counts the files the
 * case (or reply) holds already. Every problem is named at once; the browser cannot give the files
 * back, so the message always ends by asking for them again.
 */
export function attachmentsProblem(files: AttachmentCandidate[], alreadyAttached = 0): string | null {
  const problems = [countProblem(files.length, alreadyAttached), ...files.map(fileProblem)].filter((p) => p !== null);
  return problems.length ? `${problems.join('；')}。请重新选择附件。` : null;
}

/** Only the number: checked again when the files are stored, as others may have attached files meanwhile. */
export function tooManyAttachments(chosen: number, alreadyAttached: number): string | null {
  const problem = countProblem(chosen, alreadyAttached);
  return problem ? `${problem}。请重新选择附件。` : null;
}

function countProblem(chosen: number, alreadyAttached: number): string | null {
  const room = Math.max(0, MAX_ATTACHMENTS - alreadyAttached);
  if (chosen <= room) return null;
  return alreadyAttached > 0
    ? `最多可上传${MAX_ATTACHMENTS}个附件，已有${alreadyAttached}个，还能上传${room}个，您选择了${chosen}个`
    : `最多可上传${MAX_ATTACHMENTS}个附件，您选择了${chosen}个`;
}

function fileProblem(file: AttachmentCandidate): string | null {
  const shown = `附件“${displayName(file.name)}”`;
  if (file.size === 0) return `${shown}是空文件`;
  if (file.size > MAX_ATTACHMENT_BYTES) return `${shown}有${formatSize(file.size)}，超过了每个附件${MAX_ATTACHMENT_MB} MB的上限`;
  if (!file.type) return `${shown}不是可接受的文件格式（只接受${ALLOWED_TYPES_TEXT}）`;
  return null;
}

/** The lower-case ending after the last dot, '' when there is none. */
export function extensionOf(name: string): string {
  const base = lastSegment(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

const lastSegment = (name: string) => name.split(/[/\\]/).pop() ?? '';

// Control characters, and the direction marks that can make "报告\u202Efdp.exe" read as "报告exe.pdf".
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
// Characters no Windows or macOS file name may hold.
const RESERVED = /[<>:"/\\|?*]/g;
const MAX_BASE_CHARS = 80;

/** The name as the citizen's computer called it, with any folder dropped and nothing that could mislead or break a download. */
export function displayName(name: string): string {
  const cleaned = lastSegment(name.normalize('NFC'))
    .replace(INVISIBLE, '')
    .replace(RESERVED, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  return cleaned || '附件';
}

/**
 * The name stored and offered on download: cleaned, at most 80 characters before the ending, and
 * ending as its content is (a PDF named "扫描件.png" is offered as "扫描件.png.pdf", so the computer
 * that opens it uses the right program).
 */
export function sanitizeFileName(name: string, type: AllowedType): string {
  const cleaned = displayName(name);
  const ext = extensionOf(cleaned);
  const matches = type.extensions.includes(ext);
  const base = matches ? cleaned.slice(0, -(ext.length + 1)) : cleaned;
  const shortBase = [...base].slice(0, MAX_BASE_CHARS).join('').replace(/[\s.]+$/, '') || '附件';
  // The ending keeps the citizen's spelling (扫描件.PDF stays so); a missing or wrong one is added.
  return `${shortBase}.${matches ? cleaned.slice(-ext.length) : type.extensions[0]}`;
}

/**
 * Always a download (never shown inline, so a crafted PDF or image never runs in the portal's origin),
 * with the name in UTF-8 (RFC 6266/5987) and an ASCII stand-in for old clients.
 */
export function contentDisposition(name: string): string {
  const ascii = [...name].map((ch) => (/^[\x20-\x7e]$/.test(ch) && !/["\\%;]/.test(ch) ? ch : '_')).join('');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** 1.5 MB, 320 KB, 12 字节: as people read sizes; rounded up, so a file just over the limit never reads as on it. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toString()} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}
