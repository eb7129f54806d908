// Form fields with their label, hint and error tied together for screen readers.
import type { Child } from 'hono/jsx';

interface BaseProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
}

const fieldId = (name: string) => `f-${name}`;

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Label({ name, label, required }: BaseProps) {
  return (
    <label for={fieldId(name)}>
      {label}
      {required ? <span class="req"> （必填）</span> : <span class="optional"> （选填）</span>}
    </label>
  );
}

function HintAndError({ name, hint, error }: BaseProps) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="error-message" id={`${fieldId(name)}-error`}>
          <span class="visually-hidden">错误：</span>
          {error}
        </p>
      ) : null}
    </>
  );
}

export interface TextFieldProps extends BaseProps {
  value?: string;
  type?: 'text' | 'email' | 'tel';
  maxLength?: number;
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email';
  /** Where the field re-validates itself when it loses focus (htmx). */
  validateUrl?: string;
}

export function TextField(p: TextFieldProps) {
  return (
    <div class={p.error ? 'field field--error' : 'field'} id={`${fieldId(p.name)}-field`} {...validateAttrs(p)}>
      <Label {...p} />
      <HintAndError {...p} />
      <input
        id={fieldId(p.name)}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        maxlength={p.maxLength}
        autocomplete={p.autocomplete}
        inputmode={p.inputMode}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      />
    </div>
  );
}

export interface TextAreaProps extends BaseProps {
  value?: string;
  maxLength?: number;
  rows?: number;
}

export function TextArea(p: TextAreaProps) {
  return (
    <div class={p.error ? 'field field--error' : 'field'} id={`${fieldId(p.name)}-field`}>
      <Label {...p} />
      <HintAndError {...p} />
      <textarea
        id={fieldId(p.name)}
        name={p.name}
        rows={p.rows ?? 6}
        maxlength={p.maxLength}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export interface SelectProps extends BaseProps {
  value?: string;
  options: Option[];
  placeholder?: string;
}

export function Select(p: SelectProps) {
  return (
    <div class={p.error ? 'field field--error' : 'field'} id={`${fieldId(p.name)}-field`}>
      <Label {...p} />
      <HintAndError {...p} />
      <select
        id={fieldId(p.name)}
        name={p.name}
        aria-required={p.required ? 'true' : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p.name, p.hint, p.error)}
      >
        {p.placeholder !== undefined ? <option value="">{p.placeholder}</option> : null}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export interface RadioGroupProps extends BaseProps {
  value?: string;
  options: Option[];
  inline?: boolean;
}

export function RadioGroup(p: RadioGroupProps) {
  return (
    <fieldset
      class={p.error ? 'field field--error' : 'field'}
      id={`${fieldId(p.name)}-field`}
      aria-describedby={describedBy(p.name, p.hint, p.error)}
    >
      <legend>
        {p.label}
        {p.required ? <span class="req"> （必填）</span> : <span class="optional"> （选填）</span>}
      </legend>
      <HintAndError {...p} />
      <div class={p.inline ? 'choices choices--inline' : 'choices'}>
        {p.options.map((o, i) => (
          <label class="choice">
            <input
              type="radio"
              name={p.name}
              value={o.value}
              id={i === 0 ? fieldId(p.name) : `${fieldId(p.name)}-${o.value}`}
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

export interface CheckboxProps extends BaseProps {
  checked: boolean;
  value?: string;
}

export function Checkbox(p: CheckboxProps) {
  return (
    <div class={p.error ? 'field field--error' : 'field'} id={`${fieldId(p.name)}-field`}>
      <HintAndError {...p} />
      <label class="choice">
        <input
          type="checkbox"
          id={fieldId(p.name)}
          name={p.name}
          value={p.value ?? '1'}
          checked={p.checked}
          aria-describedby={describedBy(p.name, p.hint, p.error)}
        />
        <span>{p.label}</span>
      </label>
    </div>
  );
}

/**
 * The list of errors at the top of a form, each linking to its field. It takes the focus (autofocus on
 * a page load, htmx focuses [autofocus] after a swap), so a keyboard user is not left on a vanished button.
 */
export function ErrorSummary({ errors, labels }: { errors: Record<string, string>; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} id="error-summary" autofocus>
      <h2>提交的内容有 {entries.length} 处需要修改</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`}>
              {labels[name] ? `${labels[name]}：` : ''}
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Section({ title, children, id }: { title: string; children: Child; id?: string }) {
  return (
    <section class="form-section" id={id}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function validateAttrs(p: TextFieldProps): Record<string, string> {
  if (!p.validateUrl) return {};
  return {
    'hx-post': p.validateUrl,
    'hx-trigger': 'change',
    'hx-include': 'this',
    'hx-target': 'this',
    'hx-swap': 'outerHTML',
  };
}
