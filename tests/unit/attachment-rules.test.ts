import { describe, expect, it } from 'vitest';
import {
  allowedTypeOf,
  attachmentsProblem,
  contentDisposition,
  displayName,
  formatSize,
  MAX_ATTACHMENT_BYTES,
  sanitizeFileName,
  tooManyAttachments,
  type AllowedType,
} from '../../src/domain/attachment-rules.ts';

const PDF = allowedTypeOf('pdf', 'x.pdf')!;
const JPG = allowedTypeOf('jpg', 'x.jpg')!;
const file = (name: string, size = 1000, type: AllowedType | null = PDF) => ({ name, size, type });

describe('allowedTypeOf: the kind comes from the content', () => {
  it('accepts PDF, JPEG, PNG, DOCX and XLSX as detected, with their content types', () => {
    expect(allowedTypeOf('pdf', '任意名称')?.mime).toBe('application/pdf');
    expect(allowedTypeOf('jpg', 'a.png')?.mime).toBe('image/jpeg');
    expect(allowedTypeOf('png', 'a')?.mime).toBe('image/png');
    expect(allowedTypeOf('docx', 'a.docx')?.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(allowedTypeOf('xlsx', 'a.xlsx')?.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('tells old Word from old Excel by the name only when the content is an OLE2 compound file', () => {
    expect(allowedTypeOf('cfb', '申请书.doc')?.mime).toBe('application/msword');
    expect(allowedTypeOf('cfb', '清单.XLS')?.mime).toBe('application/vnd.ms-excel');
    // Other compound files (an Outlook message, a PowerPoint) or a misleading name are refused.
    expect(allowedTypeOf('cfb', 'mail.msg')).toBeNull();
    expect(allowedTypeOf('cfb', 'report.pdf')).toBeNull();
    expect(allowedTypeOf('cfb', 'doc')).toBeNull();
  });

  it('refuses what the sniffer does not know (a web page, text) and every other format', () => {
    for (const ext of [undefined, 'zip', 'exe', 'html', 'gif', 'docm', 'xlsm', 'svg', '__proto__', 'constructor', 'toString']) {
      expect(allowedTypeOf(ext, 'x.pdf'), String(ext)).toBeNull();
    }
  });
});

describe('attachmentsProblem', () => {
  it('accepts up to five files of up to 10 MB', () => {
    expect(attachmentsProblem([])).toBeNull();
    expect(attachmentsProblem(Array.from({ length: 5 }, (_, i) => file(`${i}.pdf`, MAX_ATTACHMENT_BYTES)))).toBeNull();
  });

  it('refuses a sixth file, and counts the files a reply already has', () => {
    expect(attachmentsProblem(Array.from({ length: 6 }, (_, i) => file(`${i}.pdf`)))).toBe('最多可上传5个附件，您选择了6个。请重新选择附件。');
    expect(attachmentsProblem([file('a.pdf'), file('b.pdf'), file('c.pdf')], 3)).toBe('最多可上传5个附件，已有3个，还能上传2个，您选择了3个。请重新选择附件。');
    expect(tooManyAttachments(1, 5)).toBe('最多可上传5个附件，已有5个，还能上传0个，您选择了1个。请重新选择附件。');
    expect(tooManyAttachments(2, 3)).toBeNull();
  });

  it('names each refused file and why, all at once, and asks for the files again', () => {
    const problem = attachmentsProblem([file('空白.pdf', 0), file('照片.jpg', MAX_ATTACHMENT_BYTES + 1, JPG), file('x.pdf', 2000, null), file('好的.pdf')]);
    expect(problem).toBe(
      '附件“空白.pdf”是空文件；附件“照片.jpg”有10.1 MB，超过了每个附件10 MB的上限；' +
        '附件“x.pdf”不是可接受的文件格式（只接受PDF、JPG、PNG、Word（DOC、DOCX）和Excel（XLS、XLSX）文件）。请重新选择附件。',
    );
  });
});

describe('file names', () => {
  it('drops the folder some browsers send, and what could hide the real ending', () => {
    expect(displayName('C:\\Users\\张三\\Desktop\\报告.pdf')).toBe('报告.pdf');
    expect(displayName('../../etc/passwd')).toBe('passwd');
    expect(displayName('报告\u202Efdp.exe')).toBe('报告fdp.exe');
    expect(displayName('a\u0000b\nc.pdf')).toBe('abc.pdf');
    expect(displayName('问题<1>:"说明"?.pdf')).toBe('问题_1___说明__.pdf');
    expect(displayName(' . ')).toBe('附件');
  });

  it('stored names end as their content is, and stay short', () => {
    expect(sanitizeFileName('扫描件.PDF', PDF)).toBe('扫描件.PDF');
    expect(sanitizeFileName('照片.jpeg', JPG)).toBe('照片.jpeg');
    expect(sanitizeFileName('扫描件.png', PDF)).toBe('扫描件.png.pdf');
    expect(sanitizeFileName('说明', PDF)).toBe('说明.pdf');
    expect(sanitizeFileName('报告\u202Efdp.exe', PDF)).toBe('报告fdp.exe.pdf');
    expect(sanitizeFileName('..', PDF)).toBe('附件.pdf');
    expect(sanitizeFileName('.pdf', PDF)).toBe('pdf.pdf');
    const long = sanitizeFileName(`${'很长的名字'.repeat(30)}.pdf`, PDF);
    expect([...long]).toHaveLength(84);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('Content-Disposition: always a download, the name in UTF-8 and an ASCII stand-in', () => {
    expect(contentDisposition('报告 (2026).pdf')).toBe(
      `attachment; filename="__ (2026).pdf"; filename*=UTF-8''%E6%8A%A5%E5%91%8A%20%282026%29.pdf`,
    );
    expect(contentDisposition('a"b;c%d\\e.pdf')).toBe(`attachment; filename="a_b_c_d_e.pdf"; filename*=UTF-8''a%22b%3Bc%25d%5Ce.pdf`);
    expect(contentDisposition("it's*.pdf")).toBe(`attachment; filename="it's*.pdf"; filename*=UTF-8''it%27s%2A.pdf`);
  });

  it('sizes read as people read them, never rounded down onto a limit', () => {
    expect(formatSize(12)).toBe('12 字节');
    expect(formatSize(1500)).toBe('2 KB');
    expect(formatSize(1024 * 1024)).toBe('1 MB');
    expect(formatSize(11 * 1024 * 1024)).toBe('11 MB');
    expect(formatSize(MAX_ATTACHMENT_BYTES + 1)).toBe('10.1 MB');
  });
});
