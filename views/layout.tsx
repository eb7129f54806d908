import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { isOfficeRole, type StaffUser } from '../src/domain/roles.ts';

export interface LayoutProps {
  title: string;
  districtName: string;
  children: Child;
  /** Shown in the header when a staff member is logged in. */
  staff?: StaffUser | null;
}

// htmx must swap error answers too: each carries the form with its message, or a short error block; its inline indicator styles would break our CSP.
const HTMX_CONFIG = JSON.stringify({
  includeIndicatorStyles: false,
  allowEval: false,
  responseHandling: [
    { code: '204', swap: false },
    { code: '[23]..', swap: true },
    { code: '[45]..', swap: true, error: true },
  ],
});

export function Layout({ title, districtName, children, staff }: LayoutProps) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="zh-CN">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} - ${districtName}人民政府`}</title>
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <link rel="stylesheet" href="/static/css/portal.css" />
          <script src="/static/htmx.min.js" defer></script>
        </head>
        <body>
          <a class="skip-link" href="#main">跳到主要内容</a>
          <header class="site-header">
            <div class="wrap">
              <a class="site-name" href="/">
                {districtName}人民政府 · 政民互动
              </a>
              {staff ? (
                <nav class="staff-nav" aria-label="工作人员">
                  <StaffLinks staff={staff} />
                  <span>{staff.displayName}</span>
                  <form method="post" action="/staff/logout" class="inline-form">
                    <button type="submit" class="link-button">
                      退出
                    </button>
                  </form>
                </nav>
              ) : null}
            </div>
          </header>
          <main id="main" class="wrap" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <div class="wrap">
              <p>
                {districtName}人民政府办公室主办 · <a href="/lookup">查询办理进度</a> · <a href="/stats">统计数据</a> · <a href="/">返回首页</a>
              </p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

function StaffLinks({ staff }: { staff: StaffUser }) {
  const links: Array<[string, string]> = isOfficeRole(staff.role)
    ? [
        ['/office/intake', '受理分办'],
        ['/queue', '办理工作台'],
        ['/office/review', '审核'],
        ['/office/stats', '统计'],
        ['/office/report', '年度报告'],
      ]
    : [['/queue', '办理工作台']];
  if (staff.role === 'office_admin') {
    links.push(['/admin/users', '用户'], ['/admin/departments', '部门'], ['/admin/calendar', '工作日历'], ['/admin/settings', '设置']);
  }
  return (
    <>
      {links.map(([href, label]) => (
        <a href={href}>{label}</a>
      ))}
    </>
  );
}
