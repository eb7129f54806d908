import { ErrorSummary, Section, TextField } from '../components/fields.tsx';
import { ActionButton, AdminNav, Messages } from './common.tsx';

export interface DepartmentRow {
  id: number;
  name: string;
  short_name: string;
  email: string | null;
  is_office: number;
  active: number;
  open_cases: number;
  total_cases: number;
}

const LABELS = { name: '部门名称', short_name: '简称', email: '部门邮箱' };

function DepartmentFields({ values, errors }: { values: Record<string, string>; errors: Record<string, string> }) {
  return (
    <>
      <ErrorSummary errors={errors} labels={LABELS} />
      <TextField name="name" label={LABELS.name} required value={values.name} error={errors.name} maxLength={50} hint="全称，例如“区教育局”" />
      <TextField name="short_name" label={LABELS.short_name} required value={values.short_name} error={errors.short_name} maxLength={20} hint="例如“教育局”，用于列表和命令行" />
      <TextField name="email" label={LABELS.email} type="email" value={values.email} error={errors.email} maxLength={100} hint="接收每日到期提醒的公共邮箱" />
    </>
  );
}

export interface DepartmentsPageProps {
  departments: DepartmentRow[];
  values: Record<string, string>;
  errors: Record<string, string>;
  done?: string | null;
  problem?: string | null;
}

export function DepartmentsPage(p: DepartmentsPageProps) {
  return (
    <>
      <AdminNav current="departments" />
      <h1>部门管理</h1>
      <Messages done={p.done} problem={p.problem} />
      <p class="hint">停用的部门不再出现在部门信箱和分办的选择中；还有未办结案件的部门不能停用。</p>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">部门及其案件数</caption>
          <thead>
            <tr>
              <th scope="col">部门名称</th>
              <th scope="col">简称</th>
              <th scope="col">部门邮箱</th>
              <th scope="col">未办结</th>
              <th scope="col">案件总数</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {p.departments.map((d) => (
              <tr id={`department-${d.id}`}>
                <th scope="row">{d.name}</th>
                <td>{d.short_name}</td>
                <td>{d.email ?? ''}</td>
                <td>{d.open_cases}</td>
                <td>{d.total_cases}</td>
                <td>{d.active === 1 ? '在用' : '已停用'}</td>
                <td>
                  <a href={`/admin/departments/${d.id}`}>
                    修改<span class="visually-hidden">{d.name}</span>
                  </a>{' '}
                  {d.is_office === 1 ? null : d.active === 1 ? (
                    <ActionButton action={`/admin/departments/${d.id}/deactivate`} label="停用" target={d.name} />
                  ) : (
                    <ActionButton action={`/admin/departments/${d.id}/reactivate`} label="启用" target={d.name} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Section title="新增部门" id="new-department">
        <form method="post" action="/admin/departments" novalidate>
          <DepartmentFields values={p.values} errors={p.errors} />
          <button type="submit">新增部门</button>
        </form>
      </Section>
    </>
  );
}

export interface DepartmentEditProps {
  id: number;
  currentName: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function DepartmentEditPage(p: DepartmentEditProps) {
  return (
    <>
      <AdminNav current="departments" />
      <h1>修改部门：{p.currentName}</h1>
      <form method="post" action={`/admin/departments/${p.id}`} novalidate>
        <DepartmentFields values={p.values} errors={p.errors} />
        <p class="hint">改名不影响已有案件，它们仍由本部门办理，显示新名称。</p>
        <button type="submit">保存</button> <a href="/admin/departments">取消</a>
      </form>
    </>
  );
}
