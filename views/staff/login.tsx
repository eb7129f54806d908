import { ErrorSummary, TextField } from '../components/fields.tsx';

export interface LoginProps {
  login: string;
  next: string;
  errors: Record<string, string>;
  message?: string;
}

export function LoginPage(p: LoginProps) {
  return (
    <>
      <h1>工作人员登录</h1>
      {p.message ? (
        <div class="error-summary" role="alert" id="error-summary">
          <p>{p.message}</p>
        </div>
      ) : null}
      <form method="post" action="/staff/login" novalidate>
        <ErrorSummary errors={p.errors} labels={{ login: '登录名', password: '密码' }} />
        <input type="hidden" name="next" value={p.next} />
        <TextField name="login" label="登录名" required value={p.login} error={p.errors.login} autocomplete="username" maxLength={50} />
        <div class={p.errors.password ? 'field field--error' : 'field'}>
          <label for="f-password">
            密码<span class="req"> （必填）</span>
          </label>
          {p.errors.password ? (
            <p class="error-message" id="f-password-error">
              {p.errors.password}
            </p>
          ) : null}
          <input
            id="f-password"
            name="password"
            type="password"
            autocomplete="current-password"
            aria-required="true"
            aria-invalid={p.errors.password ? 'true' : undefined}
            aria-describedby={p.errors.password ? 'f-password-error' : undefined}
          />
        </div>
        <button type="submit">登录</button>
      </form>
    </>
  );
}
