// Table types for Kysely. Booleans are 0/1 integers, dates 'YYYY-MM-DD', instants ISO-8601 UTC text.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface DepartmentsTable {
  id: Generated<number>;
  name: string;
  short_name: string;
  is_office: number;
  active: number;
  sort_order: number;
  email: string | null;
  created_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  login: string;
  password_hash: string;
  role: string;
  department_id: number | null;
  display_name: string;
  email: string | null;
  active: number;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface ThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  blocked_until: string | null;
}

export interface HolidaysTable {
  date: string;
  kind: 'off' | 'work';
  name: string;
}

export interface CalendarYearsTable {
  year: number;
  source: string;
  updated_at: string;
}

export interface CategoryDeadlinesTable {
  category: string;
  working_days: number;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface ReferenceCountersTable {
  channel: string;
  year: number;
  last_number: number;
}

export interface CasesTable {
  id: Generated<number>;
  reference: string;
  channel: string;
  status: string;
  department_id: number | null;
  category: string | null;
  subject: string;
  content: string;
  applicant_type: string | null;
  applicant_name: string;
  id_type: string | null;
  id_number: string | null;
  credit_code: string | null;
  legal_representative: string | null;
  contact_name: string | null;
  phone: string;
  email: string | null;
  address: string | null;
  postcode: string | null;
  doc_title: string | null;
  doc_number: string | null;
  purpose: string | null;
  delivery_form: string | null;
  delivery_method: string | null;
  consent_publish: number;
  query_code_hash: string;
  submitted_at: string;
  received_on: string | null;
  due_on: string | null;
  /** 补正: the day by which the applicant must supply what is missing. */
  supplement_due_on: string | null;
  /** An extension the department asked for and the office has not decided yet. */
  extension_requested_days: number | null;
  closed_on: string | null;
  /** Working days from receipt to closing (办理用时), set when the case closes; null while open or unknown. */
  working_days_to_close: number | null;
  outcome: string | null;
  reply_text: string | null;
  rating: string | null;
  created_at: string;
  updated_at: string;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  type: string;
  at: string;
  actor_user_id: number | null;
  actor_label: string;
  visibility: 'internal' | 'applicant' | 'public';
  payload: string;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  case_id: number | null;
  to_address: string;
  subject: string;
  text_body: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

/** Claims that make a scheduled job (a day's digest) run once across server instances. */
export interface JobRunsTable {
  job: string;
  run_key: string;
  claimed_at: string;
}

export interface DB {
  departments: DepartmentsTable;
  users: UsersTable;
  sessions: SessionsTable;
  throttle: ThrottleTable;
  holidays: HolidaysTable;
  calendar_years: CalendarYearsTable;
  category_deadlines: CategoryDeadlinesTable;
  settings: SettingsTable;
  reference_counters: ReferenceCountersTable;
  cases: CasesTable;
  case_events: CaseEventsTable;
  outbox: OutboxTable;
  job_runs: JobRunsTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCase = Insertable<CasesTable>;
export type CaseUpdate = Updateable<CasesTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type OutboxRow = Selectable<OutboxTable>;
