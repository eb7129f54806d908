// Creating staff accounts (CLI and the office's user page share these rules).
import type { Kysely } from 'kysely';
import { generatePassword, hashPassword } from '../auth/password.ts';
import type { DB } from '../db/schema.ts';
import { ValidationError } from '../domain/errors.ts';
import { isOfficeRole, isRole, ROLES, type Role } from '../domain/roles.ts';
import { findDepartmentByName, findOfficeDepartment, insertUser, loginExists } from './queries.ts';

export interface NewUserInput {
  login: string;
  role: string;
  /** A department's name or short name; office roles belong to the office. */
  department?: string | null;
  displayName?: string;
  email?: string | null;
}

export async function createUser(db: Kysely<DB>, input: NewUserInput, now: Date): Promise<{ id: number; login: string; role: Role; password: string }> {
  const errors: Record<string, string> = {};
  const login = input.login.trim();
  if (!/^[A-Za-z0-9_.-]{3,32}$/.test(login)) errors.login = '登录名应为3至32位英文字母、数字、点、下划线或连字符';
  else if (await loginExists(db, login)) errors.login = `登录名“${login}”已被使用`;
  if (!isRole(input.role)) errors.role = `角色应为 ${ROLES.join('、')} 之一`;
  let departmentId: number | null = null;
  if (isRole(input.role)) {
    if (isOfficeRole(input.role)) {
      departmentId = (await findOfficeDepartment(db)).id;
    } else if (!input.department?.trim()) {
      errors.department = '部门工作人员必须指定所属部门';
    } else {
      const dept = await findDepartmentByName(db, input.department.trim());
      if (!dept) errors.department = `没有名为“${input.department}”的部门`;
      else departmentId = dept.id;
    }
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors, Object.values(errors).join('；'));
  const password = generatePassword();
  const id = await insertUser(db, {
    login,
    password_hash: await hashPassword(password),
    role: input.role,
    department_id: departmentId!,
    display_name: input.displayName?.trim() || login,
    email: input.email?.trim() || null,
    created_at: now.toISOString(),
  });
  return { id, login, role: input.role as Role, password };
}
