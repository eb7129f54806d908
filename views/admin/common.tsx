// What every office administrator page shares: the section navigation and the messages above the content.

export type AdminSection = 'users' | 'departments' | 'calendar' | 'settings' | 'mail';

const SECTIONS: Array<[AdminSection, string, string]> = [
  ['users', '/admin/users', '用户'],
  ['departments', '/admin/departments', '部门'],
  ['calendar', '/admin/calendar', '工作日历'],
  ['settings', '/admin/settings', '答复期限'],
  ['mail', '/admin/mail', '发送失败的邮件'],
];

export function AdminNav({ current }: { current: AdminSection }) {
  return (
    <nav class="admin-nav" aria-label="系统管理">
      <ul>
        {SECTIONS.map(([key, href, label]) => (
          <li>
            <a href={href} aria-current={key === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A success message after POST/redirect/GET, or a refusal of the last action. */
export function Messages({ done, problem }: { done?: string | null; problem?: string | null }) {
  return (
    <>
      {done ? (
        <div class="panel-ok" role="status" id="done-message">
          <p>{done}</p>
        </div>
      ) : null}
      {problem ? (
        <div class="error-summary" role="alert" tabindex={-1} id="error-summary">
          <p>{problem}</p>
        </div>
      ) : null}
    </>
  );
}

/** A one-button form posting to an action URL; the hidden text tells a screen reader which row it acts on. */
export function ActionButton({ action, label, target }: { action: string; label: string; target: string }) {
  return (
    <form method="post" action={action} class="inline-form">
      <button type="submit" class="link-button">
        {label}
        <span class="visually-hidden">{target}</span>
      </button>
    </form>
  );
}
