// Form fields of the case page's action forms. Several forms on one page share field names
// (reason, note, comment), so each id carries its form's prefix; otherwise these behave like
// views/components/fields.tsx: label, hint and error tied to the control with aria-describedby.
import type { Child } from 'hono/jsx';

interface BaseProps {
  /** The form's id prefix, e.g. "transfer". */
  form: string;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

export const actionFieldId = (form: string, name: string) => `${form}-${name}`;

function describedBy(p: BaseProps): string | undefined {
  const id = actionFieldId(p.form, p.name);
  const ids = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Marker({ required }: { required?: boolean }) {
  return required ? <span class="req"> （必填）</span> : <span class="optional"> （选填）</span>;
}

function HintAndError(p: BaseProps) {
  const id = actionFieldId(p.form, p.name);
  return (
    <>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      ) : null}
      {p.error ? (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">错误：</span>
          {p.error}
        </p>
      ) : null}
    </>
  );
}

function Field(p: BaseProps & { children: Child }) {
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label for={actionFieldId(p.form, p.name)}>
        {p.label}
        <Marker required={p.required} />
      </label>
      <HintAndError {...p} />
      {p.children}
    </div>
  );
}

const controlAttrs = (p: BaseProps) => ({
  id: actionFieldId(p.form, p.name),
  name: p.name,
  'aria-required': p.required ? 'true' : undefined,
  'aria-invalid': p.error ? 'true' : undefined,
  'aria-describedby': describedBy(p),
});

export function ActionInput(p: BaseProps & { value?: string; type?: 'text' | 'date' | 'number'; min?: number; max?: number; maxLength?: number }) {
  return (
    <Field {...p}>
      <input {...controlAttrs(p)} type={p.type ?? 'text'} value={p.value ?? ''} min={p.min} max={p.max} maxlength={p.maxLength} />
    </Field>
  );
}

export function ActionTextArea(p: BaseProps & { value?: string; rows?: number; maxLength?: number }) {
  return (
    <Field {...p}>
      <textarea {...controlAttrs(p)} rows={p.rows ?? 4} maxlength={p.maxLength}>
        {p.value ?? ''}
      </textarea>
    </Field>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function ActionSelect(
  p: BaseProps & { value?: string; options?: Option[]; groups?: Array<{ label: string; options: Option[] }>; placeholder: string },
) {
  const option = (o: Option) => (
    <option value={o.value} selected={o.value === p.value}>
      {o.label}
    </option>
  );
  return (
    <Field {...p}>
      <select {...controlAttrs(p)}>
        <option value="">{p.placeholder}</option>
        {(p.options ?? []).map(option)}
        {(p.groups ?? []).map((g) => (
          <optgroup label={g.label}>{g.options.map(option)}</optgroup>
        ))}
      </select>
    </Field>
  );
}

export function ActionRadios(p: BaseProps & { value?: string; options: Option[] }) {
  const id = actionFieldId(p.form, p.name);
  return (
    <fieldset class={p.error ? 'field field--error' : 'field'} aria-describedby={describedBy(p)}>
      <legend>
        {p.label}
        <Marker required={p.required} />
      </legend>
      <HintAndError {...p} />
      <div class="choices choices--inline">
        {p.options.map((o, i) => (
          <label class="choice">
            <input
              type="radio"
              name={p.name}
              value={o.value}
              id={i === 0 ? id : `${id}-${o.value}`}
              checked={o.value === p.value}
              aria-invalid={p.error ? 'true' : undefined}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
