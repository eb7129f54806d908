// 逾期未补正: disclosure applications whose 补正 deadline passed without an answer, to be closed as
// 其他处理（申请人无正当理由逾期不补正） under 条例第三十条.
import { formatChineseDate } from '../../src/domain/china-time.ts';

export interface SupplementItem {
  id: number;
  reference: string;
  subject: string;
  applicant_name: string;
  department_name: string | null;
  supplement_due_on: string | null;
  missing: string | null;
}

export function SupplementsView({ items }: { items: SupplementItem[] }) {
  if (items.length === 0) return <p>目前没有补正期限已过仍未补正的申请。</p>;
  return (
    <>
      <p class="lead">
        以下政府信息公开申请的补正期限已过，申请人仍未补正。依照条例第三十条，申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理。
        办结后申请人会收到告知，结果计入年度报告“其他处理”第1项。
      </p>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">补正期限已过的申请，按补正期限从早到晚排列</caption>
          <thead>
            <tr>
              <th scope="col">编号</th>
              <th scope="col">标题</th>
              <th scope="col">申请人</th>
              <th scope="col">承办单位</th>
              <th scope="col">需补正的内容</th>
              <th scope="col">补正期限</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <th scope="row">
                  <a href={`/cases/${item.id}`}>{item.reference}</a>
                </th>
                <td>{item.subject}</td>
                <td>{item.applicant_name}</td>
                <td>{item.department_name ?? '—'}</td>
                <td>{item.missing ?? '—'}</td>
                <td>{item.supplement_due_on ? <time datetime={item.supplement_due_on}>{formatChineseDate(item.supplement_due_on)}</time> : '—'}</td>
                <td>
                  <form method="post" action={`/office/supplements/${item.id}/close`}>
                    <button type="submit" aria-label={`${item.reference} 按逾期未补正办结`}>
                      按逾期未补正办结
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
