// Staff accounts and logged-in sessions for tests, through the real login form.
import { createUser } from '../../src/users/service.ts';
import type { Role } from '../../src/domain/roles.ts';
import { cookiesFrom, postForm, type TestApp } from './test-app.ts';

export interface TestStaff {
  id: number;
  login: string;
  cookie: string;
}

let counter = 0;

export async function loginAs(t: TestApp, role: Role, department?: string): Promise<TestStaff> {
  counter += 1;
  const login = `${role.replace('_', '')}${counter}`;
  const user = await createUser(t.db, { login, role, department: department ?? null, displayName: `测试${counter}` }, t.clock.now());
  const res = await postForm(t, '/staff/login', { login, password: user.password, next: '/staff' });
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  return { id: user.id, login, cookie: cookiesFrom(res) };
}
