// Fields of the small forms repeated once per case on a list page. They look and read like the
// shared field components, but take the element id from the case so the ids stay unique, and may
// belong to a form elsewhere on the page (the `form` attribute) when they sit inside another form.
import type { Option } from '../components/fields.tsx';

interface RowFieldProps {
  id: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  /** The id of the form the control belongs to, when it is not inside it. */
  form?: string;
}

function describedBy(p: RowFieldProps): string | undefined {
  const ids = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function LabelHintError(p: RowFieldProps) {
  return (
    <>
      <label for={p.id}>
        {p.label}
        {p.required ? <span class="req"> （必填）</span> : <span class="optional"> （选填）</span>}
      </label>
      {p.hint ? (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="error-message" id={`${p.id}-error`}>
          <span class="visually-hidden">错误：</span>
          {p.error}
        </p>
      ) : null}
    </>
  );
}

export function RowTextArea(p: RowFieldProps & { value?: string; maxLength?: number; rows?: number }) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <LabelHintError {...p} />
      <textarea
        id={p.id}
        name={p.name}
        form={p.form}
        rows={p.rows ?? 3}
        maxlength={p.maxLength}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export function RowSelect(p: RowFieldProps & { value?: string; options: Option[]; placeholder: string }) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <LabelHintError {...p} />
      <select
        id={p.id}
        name={p.name}
        form={p.form}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      >
        <option value="">{p.placeholder}</option>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function RowTextInput(p: RowFieldProps & { value?: string; maxLength?: number }) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <LabelHintError {...p} />
      <input
        type="text"
        id={p.id}
        name={p.name}
        form={p.form}
        value={p.value ?? ''}
        maxlength={p.maxLength}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      />
    </div>
  );
}
