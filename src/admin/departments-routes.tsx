// 部门管理: the departments with their case counts, adding, renaming, deactivating and reactivating.
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps.ts';
import { ValidationError } from '../domain/errors.ts';
import { readForm } from '../http/form.ts';
import { renderPage } from '../http/render.tsx';
import { DepartmentEditPage, DepartmentsPage } from '../../views/admin/departments.tsx';
import { idParam, pickFields } from './routes.tsx';
import { addDepartment, departmentById, editDepartment, listDepartments, setDepartmentActiveState, type FieldErrors } from './service.ts';

const DEPARTMENT_FIELDS = ['name', 'short_name', 'email'] as const;
const EMPTY_DEPARTMENT = pickFields({}, DEPARTMENT_FIELDS);

const DONE: Record<string, string> = {
  added: '部门已新增。',
  saved: '部门信息已保存。',
  deactivated: '部门已停用。',
  reactivated: '部门已启用。',
};

export function departmentRoutes(deps: AppDeps) {
  const app = new Hono();
  const district = deps.config.districtName;

  async function listPage(
    c: Context,
    extra: { values?: Record<string, string>; errors?: FieldErrors; done?: string; problem?: string },
    status: 200 | 422 = 200,
  ) {
    const departments = await listDepartments(deps.db);
    return renderPage(
      c,
      { districtName: district, title: status === 422 ? '部门管理（请修改后提交）' : '部门管理', status },
      <DepartmentsPage departments={departments} values={extra.values ?? EMPTY_DEPARTMENT} errors={extra.errors ?? {}} done={extra.done} problem={extra.problem} />,
    );
  }

  app.get('/admin/departments', (c) => listPage(c, { done: DONE[c.req.query('done') ?? ''] }));

  app.post('/admin/departments', async (c) => {
    const values = pickFields(await readForm(c), DEPARTMENT_FIELDS);
    const result = await addDepartment(deps.db, values, deps.clock.now());
    if (!result.ok) return listPage(c, { values, errors: result.errors }, 422);
    return c.redirect('/admin/departments?done=added', 303);
  });

  app.get('/admin/departments/:id', async (c) => {
    const dept = await departmentById(deps.db, idParam(c.req.param('id')));
    const values = { name: dept.name, short_name: dept.short_name, email: dept.email ?? '' };
    return renderPage(c, { districtName: district, title: `修改部门：${dept.name}` }, <DepartmentEditPage id={dept.id} currentName={dept.name} values={values} errors={{}} />);
  });

  app.post('/admin/departments/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const values = pickFields(await readForm(c), DEPARTMENT_FIELDS);
    const result = await editDepartment(deps.db, id, values);
    if (!result.ok) {
      const dept = await departmentById(deps.db, id);
      return renderPage(
        c,
        { districtName: district, title: `修改部门：${dept.name}（请修改后提交）`, status: 422 },
        <DepartmentEditPage id={id} currentName={dept.name} values={values} errors={result.errors} />,
      );
    }
    return c.redirect('/admin/departments?done=saved', 303);
  });

  for (const [action, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(`/admin/departments/:id/${action}`, async (c) => {
      try {
        await setDepartmentActiveState(deps.db, idParam(c.req.param('id')), active);
      } catch (error) {
        if (error instanceof ValidationError) return listPage(c, { problem: error.message }, 422);
        throw error;
      }
      return c.redirect(`/admin/departments?done=${action}d`, 303);
    });
  }

  return app;
}
