import { LETTER_CATEGORIES, LETTER_CATEGORY_LABELS } from '../../src/domain/codes.ts';
import { ErrorSummary, TextField } from '../components/fields.tsx';
import { AdminNav, Messages } from './common.tsx';

export interface SettingsPageProps {
  values: Record<string, string>;
  errors: Record<string, string>;
  range: { min: number; max: number };
  done?: string | null;
}

export function SettingsPage(p: SettingsPageProps) {
  const labels = Object.fromEntries(LETTER_CATEGORIES.map((c) => [c, `${LETTER_CATEGORY_LABELS[c]}类`]));
  return (
    <>
      <AdminNav current="settings" />
      <h1>来信答复期限</h1>
      <Messages done={p.done} />
      <p>
        区长信箱和部门信箱的来信，按类别自受理之日起在下列工作日内答复。期限显示在首页和写信页，新修改的期限用于此后受理的来信。政府信息公开申请的期限由《中华人民共和国政府信息公开条例》规定，不在此设置。
      </p>
      <form method="post" action="/admin/settings" novalidate>
        <ErrorSummary errors={p.errors} labels={labels} />
        <fieldset class="field">
          <legend>答复期限（工作日）</legend>
          {LETTER_CATEGORIES.map((c) => (
            <TextField
              name={c}
              label={labels[c]!}
              required
              value={p.values[c]}
              error={p.errors[c]}
              inputMode="numeric"
              maxLength={2}
              hint={`${p.range.min}至${p.range.max}个工作日`}
            />
          ))}
        </fieldset>
        <button type="submit">保存</button>
      </form>
    </>
  );
}
