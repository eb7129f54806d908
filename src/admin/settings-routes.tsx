// 答复期限: the reply limit of each letter category, in working days.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { LETTER_CATEGORIES } from '../domain/codes.ts';
import { readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { SettingsPage } from '../../views/admin/settings.tsx';
import { pickFields } from './routes.tsx';
import { LETTER_LIMIT_RANGE, letterLimitValues, saveLetterLimitsForm, type FieldErrors } from './service.ts';

export function settingsRoutes(deps: AppDeps) {
  const app = new Hono();

  const page = (c: Context, values: Record<string, string>, errors: FieldErrors, done?: string) => {
    const invalid = Object.keys(errors).length > 0;
    return renderPage(
      c,
      { districtName: deps.config.districtName, title: invalid ? '来信答复期限（请修改后提交）' : '来信答复期限', status: invalid ? 422 : 200 },
      <SettingsPage values={values} errors={errors} range={LETTER_LIMIT_RANGE} done={done} />,
    );
  };

  app.get('/admin/settings', async (c) => {
    const done = c.req.query('done') === 'saved' ? '答复期限已保存。' : undefined;
    return page(c, await letterLimitValues(deps.db), {}, done);
  });

  app.post('/admin/settings', async (c) => {
    const values = pickFields(await readForm(c), LETTER_CATEGORIES);
    const result = await saveLetterLimitsForm(deps.db, values);
    if (!result.ok) return page(c, values, result.errors);
    return c.redirect('/admin/settings?done=saved', 303);
  });

  return app;
}
