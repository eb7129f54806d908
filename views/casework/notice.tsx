// The 政府信息公开申请答复告知书 as a printable page; print.css leaves nothing but the notice on paper.
import type { NoticeModel } from '../../src/casework/service.ts';

export function NoticePage({ n }: { n: NoticeModel }) {
  const body = n.paragraphs.slice(1, -2);
  const [salutation] = n.paragraphs;
  const [agency, date] = n.paragraphs.slice(-2);
  return (
    <>
      <link rel="stylesheet" href="/static/css/print.css" />
      <div class="no-print">
        <p>
          <a href={`/cases/${n.caseId}`}>返回案件 {n.reference}</a>
        </p>
        <p>
          答复结果：{n.outcomeLabel}
          {n.basis ? `（依据：${n.basis}）` : ''}
        </p>
        <p class="hint">用浏览器的“打印”功能（Ctrl+P）可打印本告知书，页眉、页脚和导航不会打印。</p>
      </div>
      <article class="notice-doc" aria-labelledby="notice-title">
        {n.draft ? <p class="draft-mark">草稿 · 审核通过前仅供预览，日期以办结日为准</p> : null}
        <h1 id="notice-title">{n.title}</h1>
        <p class="notice-salutation">{salutation}</p>
        {body.map((p) => (
          <p>{p}</p>
        ))}
        <p class="notice-signature notice-agency">{agency}</p>
        <p class="notice-signature">{date}</p>
      </article>
    </>
  );
}
