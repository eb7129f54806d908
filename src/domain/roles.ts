// Staff roles and what each may see: the office sees every case, a department only its own.
export const ROLES = ['office_admin', 'office_staff', 'dept_staff'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  office_admin: '办公室管理员',
  office_staff: '办公室工作人员',
  dept_staff: '部门工作人员',
};

export interface StaffUser {
  id: number;
  login: string;
  role: Role;
  departmentId: number | null;
  displayName: string;
  email: string | null;
}

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

export const isOfficeRole = (role: Role) => role === 'office_admin' || role === 'office_staff';

/** A department clerk sees only cases its department handles; the office sees all. */
export function canSeeCase(user: StaffUser, caseDepartmentId: number | null): boolean {
  return isOfficeRole(user.role) || (caseDepartmentId !== null && caseDepartmentId === user.departmentId);
}
