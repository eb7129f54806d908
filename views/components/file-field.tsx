// The file field of the forms that take attachments, tied to its hint and message like the other fields.
import { ACCEPT_ATTRIBUTE, ATTACHMENTS_HINT } from '../../src/domain/attachment-rules.ts';

export interface FileFieldProps {
  name: string;
  label: string;
  /** The control's id; f-<name> like the fields of views/components/fields.tsx. */
  id?: string;
  hint?: string;
  error?: string;
  /**
   * The form came back (a message, or an error elsewhere) after files had been chosen: the browser
   * cannot be handed them again, so the field says they must be chosen anew. The posted form's value
   * of the field is that number (see the intake routes).
   */
  chosen?: string;
  required?: boolean;
}

export function FileField(p: FileFieldProps) {
  const id = p.id ?? `f-${p.name}`;
  const lost = /^[1-9]\d{0,2}$/.test(p.chosen ?? '') ? Number(p.chosen) : 0;
  const hint = p.hint ?? ATTACHMENTS_HINT;
  const reselect = !p.error && lost > 0 ? `您选择的${lost}个附件尚未提交：浏览器不会保留已选择的文件，请重新选择附件。` : null;
  const describedBy = [`${id}-hint`, p.error ? `${id}-error` : '', reselect ? `${id}-reselect` : ''].filter(Boolean).join(' ');
  return (
    <div class={p.error ? 'field field--error' : 'field'} id={`${id}-field`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="req"> （必填）</span> : <span class="optional"> （选填）</span>}
      </label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">错误：</span>
          {p.error}
        </p>
      ) : null}
      {reselect ? (
        <p class="error-message" id={`${id}-reselect`}>
          {reselect}
        </p>
      ) : null}
      <input
        type="file"
        id={id}
        name={p.name}
        multiple
        accept={ACCEPT_ATTRIBUTE}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
