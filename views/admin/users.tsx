import { ROLES, ROLE_LABELS } from '../../src/domain/roles.ts';
import { ErrorSummary, Section, Select, TextField } from '../components/fields.tsx';
import { ActionButton, AdminNav, Messages } from './common.tsx';

export interface StaffRow {
  id: number;
  login: string;
  displayName: string;
  roleLabel: string;
  departmentName: string;
  email: string;
  active: boolean;
}

export interface UsersPageProps {
  users: StaffRow[];
  departments: Array<{ id: number; name: string }>;
  selfId: number;
  values: Record<string, string>;
  errors: Record<string, string>;
  done?: string | null;
  problem?: string | null;
}

const LABELS = { login: '登录名', display_name: '姓名', role: '角色', department_id: '所属部门', email: '电子邮箱' };

export function UsersPage(p: UsersPageProps) {
  return (
    <>
      <AdminNav current="users" />
      <h1>用户管理</h1>
      <Messages done={p.done} problem={p.problem} />
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">工作人员账号</caption>
          <thead>
            <tr>
              <th scope="col">登录名</th>
              <th scope="col">姓名</th>
              <th scope="col">角色</th>
              <th scope="col">部门</th>
              <th scope="col">电子邮箱</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {p.users.map((u) => (
              <tr id={`user-${u.id}`}>
                <th scope="row">{u.login}</th>
                <td>{u.displayName}</td>
                <td>{u.roleLabel}</td>
                <td>{u.departmentName}</td>
                <td>{u.email}</td>
                <td>{u.active ? '在用' : '已停用'}</td>
                <td>
                  {u.id === p.selfId ? null : u.active ? (
                    <ActionButton action={`/admin/users/${u.id}/deactivate`} label="停用" target={`账号 ${u.login}`} />
                  ) : (
                    <ActionButton action={`/admin/users/${u.id}/reactivate`} label="启用" target={`账号 ${u.login}`} />
                  )}{' '}
                  <ActionButton action={`/admin/users/${u.id}/password`} label="重置密码" target={`（账号 ${u.login}）`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <Section title="新建账号" id="new-user">
        <form method="post" action="/admin/users" novalidate>
          <ErrorSummary errors={p.errors} labels={LABELS} />
          <TextField
            name="login"
            label={LABELS.login}
            required
            value={p.values.login}
            error={p.errors.login}
            hint="3至32位英文字母、数字、点、下划线或连字符，用于登录"
            maxLength={32}
            autocomplete="off"
          />
          <TextField name="display_name" label={LABELS.display_name} required value={p.values.display_name} error={p.errors.display_name} maxLength={30} />
          <Select
            name="role"
            label={LABELS.role}
            required
            value={p.values.role}
            error={p.errors.role}
            placeholder="请选择"
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            hint="办公室管理员管理用户、部门、工作日历和设置；办公室工作人员受理、分办、审核；部门工作人员只办理本部门的案件。"
          />
          <Select
            name="department_id"
            label={LABELS.department_id}
            value={p.values.department_id}
            error={p.errors.department_id}
            placeholder="请选择"
            options={p.departments.map((d) => ({ value: String(d.id), label: d.name }))}
            hint="部门工作人员必须选择；办公室的账号自动归属区政府办公室，此项不用填。"
          />
          <TextField name="email" label={LABELS.email} type="email" value={p.values.email} error={p.errors.email} maxLength={100} autocomplete="off" hint="用于接收新案件和到期提醒" />
          <p class="hint">密码由系统生成，创建后只显示一次。</p>
          <button type="submit">创建账号</button>
        </form>
      </Section>
    </>
  );
}

export interface NewPasswordProps {
  login: string;
  displayName: string;
  /** 'created' right after the account was made, 'reset' after a new password. */
  reason: 'created' | 'reset';
  password: string;
}

export function NewPasswordPage(p: NewPasswordProps) {
  return (
    <>
      <AdminNav current="users" />
      <h1>{p.reason === 'created' ? '账号已创建' : '密码已重置'}</h1>
      <div class="panel-ok" role="status">
        <dl class="summary">
          <dt>登录名</dt>
          <dd class="code">{p.login}</dd>
          <dt>姓名</dt>
          <dd>{p.displayName}</dd>
          <dt>密码</dt>
          <dd class="code" id="new-password">
            {p.password}
          </dd>
        </dl>
      </div>
      <p class="notice">
        <strong>密码只显示这一次。</strong>请当面或通过安全的方式交给本人，不要通过普通邮件或聊天工具发送。
        {p.reason === 'reset' ? '旧密码已失效。' : ''}
      </p>
      <p>
        <a href="/admin/users">返回用户列表</a>
      </p>
    </>
  );
}
