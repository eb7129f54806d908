// The figures citizens may check without logging in: per channel this year and last year, and this
// year's completion rate per department, counted as the annual report counts them.
import { formatChinaDateTime } from '../../src/domain/china-time.ts';
import type { PublicStatsView } from '../../src/stats/service.ts';
import { formatPercent } from './format.ts';

// One string: a line break inside JSX text would put a space into the Chinese sentence.
const INTRO =
  '本页公开区长信箱、部门信箱来信和政府信息公开申请的受理和办结情况，口径与政府信息公开工作年度报告相同：' +
  '受理为当年受理的来信和申请（不含无效来信），办结为其中在当年12月31日前办结的件数，办结率 = 办结 ÷ 受理。';

export function PublicStatsPage({ view }: { view: PublicStatsView }) {
  const [current] = view.years;
  return (
    <>
      <h1>办理情况统计</h1>
      <p>
        {INTRO}
        {current.year}年的数据截至{formatChinaDateTime(view.countedAt)}，每{view.refreshMinutes}分钟更新一次。
      </p>

      <section aria-labelledby="public-channels-heading">
        <h2 id="public-channels-heading">各渠道受理和办结情况</h2>
        <div class="table-scroll">
          <table id="public-channels">
            <caption>各渠道受理和办结情况（{view.years.map((y) => `${y.year}年`).join('、')}）</caption>
            <thead>
              <tr>
                <th scope="col" rowspan={2}>
                  渠道
                </th>
                {view.years.map((y) => (
                  <th scope="colgroup" colspan={3} id={`year-${y.year}`}>
                    {y.year}年{y.running ? '（截至今日）' : ''}
                  </th>
                ))}
              </tr>
              <tr>
                {view.years.map((y) => (
                  <>
                    <th scope="col" data-year={y.year}>
                      受理
                    </th>
                    <th scope="col" data-year={y.year}>
                      办结
                    </th>
                    <th scope="col" data-year={y.year}>
                      办结率
                    </th>
                  </>
                ))}
              </tr>
            </thead>
            <tbody>
              {current.channels.map((row, i) => (
                <tr data-channel={row.channel}>
                  <th scope="row">{row.label}</th>
                  {view.years.map((y) => (
                    <>
                      <td data-year={y.year} data-col="received">
                        {y.channels[i].received}
                      </td>
                      <td data-year={y.year} data-col="closed">
                        {y.channels[i].closed}
                      </td>
                      <td data-year={y.year} data-col="completion">
                        {formatPercent(y.channels[i].completionRate)}
                      </td>
                    </>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="public-departments-heading">
        <h2 id="public-departments-heading">{current.year}年各承办单位办结率</h2>
        {view.departments.length === 0 ? (
          <p>今年尚未受理来信和申请。</p>
        ) : (
          <div class="table-scroll">
            <table id="public-departments">
              <caption>{current.year}年各承办单位受理、办结件数和办结率（仅列出有案件的单位）</caption>
              <thead>
                <tr>
                  <th scope="col">承办单位</th>
                  <th scope="col">受理</th>
                  <th scope="col">办结</th>
                  <th scope="col">办结率</th>
                </tr>
              </thead>
              <tbody>
                {view.departments.map((d) => (
                  <tr>
                    <th scope="row">{d.label}</th>
                    <td data-col="received">{d.received}</td>
                    <td data-col="closed">{d.closed}</td>
                    <td data-col="completion">{formatPercent(d.completionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
