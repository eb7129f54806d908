// The frame of the office's work pages: their sub-navigation with counts, the page heading and
// the result of the last action. htmx swaps this frame only; without JavaScript it is a plain page.
import type { Child } from 'hono/jsx';
import { formatChineseDate } from '../../src/domain/china-time.ts';
import type { DueState } from '../../src/domain/deadlines.ts';

export type OfficeTab = 'intake' | 'review' | 'extensions' | 'supplements';
export type OfficeCounts = Record<OfficeTab, number>;

const TABS: Array<{ tab: OfficeTab; href: string; label: string }> = [
  { tab: 'intake', href: '/office/intake', label: '受理分办' },
  { tab: 'review', href: '/office/review', label: '答复审核' },
  { tab: 'extensions', href: '/office/extensions', label: '延期审批' },
  { tab: 'supplements', href: '/office/supplements', label: '逾期未补正' },
];

export const OFFICE_TITLES: Record<OfficeTab, string> = {
  intake: '受理与分办',
  review: '答复审核',
  extensions: '延期审批',
  supplements: '逾期未补正的申请',
};

/** What happened, shown above the list after a redirect or a refused action. */
export interface Flash {
  kind: 'ok' | 'error';
  lines: Child[];
}

export interface OfficeShellProps {
  current: OfficeTab;
  counts: OfficeCounts;
  flash?: Flash | null;
  /** The missing-holiday-schedule warning, when there is one. */
  calendarWarning?: string | null;
  children: Child;
}

export function OfficeShell({ current, counts, flash, calendarWarning, children }: OfficeShellProps) {
  return (
    <div id="office-work" hx-boost="true" hx-target="#office-work" hx-select="#office-work" hx-swap="outerHTML">
      {calendarWarning ? (
        <p class="notice" role="status">
          {calendarWarning} <a href="/admin/calendar">前往工作日历</a>
        </p>
      ) : null}
      <nav aria-label="办公室工作" class="office-nav">
        <ul>
          {TABS.map((t) => (
            <li>
              <a href={t.href} aria-current={t.tab === current ? 'page' : undefined}>
                {t.label}（{counts[t.tab]}）
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{OFFICE_TITLES[current]}</h1>
      {flash ? <FlashBox flash={flash} /> : null}
      {children}
    </div>
  );
}

function FlashBox({ flash }: { flash: Flash }) {
  return (
    <div class={flash.kind === 'ok' ? 'panel-ok' : 'error-summary'} role={flash.kind === 'ok' ? 'status' : 'alert'} id="office-flash">
      {flash.lines.map((line) => (
        <p>{line}</p>
      ))}
    </div>
  );
}

const DUE_STATE_LABELS: Record<DueState, string> = {
  overdue: '已逾期',
  due_soon: '即将到期',
  on_track: '正常',
  paused: '暂停计时',
  closed: '已办结',
};

export function DueDate({ dueOn, state }: { dueOn: string | null; state: DueState }) {
  if (state === 'paused') return <span class="status">{DUE_STATE_LABELS.paused}</span>;
  if (dueOn === null) return <span>尚未起算</span>;
  return (
    <>
      <time datetime={dueOn}>{formatChineseDate(dueOn)}</time> <span class={`status status--${state}`}>{DUE_STATE_LABELS[state]}</span>
    </>
  );
}
