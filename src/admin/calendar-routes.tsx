// 工作日历: each year's off days and make-up working days, and entering a year's schedule.
import { Hono, type Context } from 'hono';
import {
  calendarWarning,
  calendarYearsToShow,
  formatSchedule,
  isEditableYear,
  saveYearSchedule,
  yearSchedule,
} from '../calendar/admin-service.ts';
import { staffOf } from '../auth/middleware.ts';
import type { AppDeps } from '../deps.ts';
import { chinaDate } from '../domain/china-time.ts';
import { NotFoundError } from '../domain/errors.ts';
import { readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { CalendarPage } from '../../views/admin/calendar.tsx';

export function calendarRoutes(deps: AppDeps) {
  const app = new Hono();

  function yearOf(value: string | undefined, today: string): number {
    const year = Number(value);
    if (!value || !/^\d{4}$/.test(value) || !isEditableYear(year, today)) throw new NotFoundError('没有这一年的工作日历。');
    return year;
  }

  async function page(c: Context, year: number, today: string, form: { schedule?: string; errors?: string[]; done?: string }, status: 200 | 422 = 200) {
    const [schedule, years, warning] = await Promise.all([
      yearSchedule(deps.db, year),
      calendarYearsToShow(deps.db, today),
      calendarWarning(deps.db, today),
    ]);
    return renderPage(
      c,
      { districtName: deps.config.districtName, title: status === 422 ? `${year}年工作日历（请修改后提交）` : `${year}年工作日历`, status },
      <CalendarPage
        year={year}
        years={years}
        entry={schedule.entry}
        days={schedule.days}
        warning={warning}
        schedule={form.schedule ?? formatSchedule(schedule.days)}
        errors={form.errors ?? []}
        done={form.done}
      />,
    );
  }

  app.get('/admin/calendar', async (c) => {
    const today = chinaDate(deps.clock.now());
    const asked = c.req.query('year');
    const year = asked === undefined ? Number(today.slice(0, 4)) : yearOf(asked, today);
    const moved = Number(c.req.query('moved'));
    const done =
      c.req.query('done') === 'saved'
        ? `${year}年节假日安排已保存，此后计算的办理期限按新安排执行。` +
          (moved > 0 ? `${moved}件未办结案件的答复期限或补正期限已按新安排重新计算，申请人可在查询时看到调整。` : '')
        : undefined;
    return page(c, year, today, { done });
  });

  app.post('/admin/calendar/:year', async (c) => {
    const today = chinaDate(deps.clock.now());
    const year = yearOf(c.req.param('year'), today);
    const text = (await readForm(c)).schedule ?? '';
    const result = await saveYearSchedule(deps, staffOf(c), year, text, deps.clock.now());
    if (!result.ok) return page(c, year, today, { schedule: text, errors: result.errors }, 422);
    return c.redirect(`/admin/calendar?year=${year}&done=saved&moved=${result.moved}`, 303);
  });

  return app;
}
