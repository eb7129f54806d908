import { HONEYPOT_FIELD } from '../../src/intake/forms.ts';

/**
 * A field people never see or reach (off screen, hidden from screen readers, out of the tab order)
 * but simple bots fill in like every other; the label still asks anyone who meets it to leave it empty.
 * It is always rendered empty, so a person whose form came back can simply submit again.
 */
export function Honeypot() {
  return (
    <div class="hp" aria-hidden="true">
      <label for={`f-${HONEYPOT_FIELD}`}>请勿填写此项（用于识别自动程序）</label>
      <input type="text" id={`f-${HONEYPOT_FIELD}`} name={HONEYPOT_FIELD} value="" tabindex={-1} autocomplete="off" />
    </div>
  );
}
