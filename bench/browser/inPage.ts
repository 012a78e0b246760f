/**
 * The measuring loop, run inside the page by one `page.evaluate` per pass, so no DevTools
 * round trip falls inside a timed edit. `runEdits` is serialised to text by Playwright: it
 * must use nothing from outside its own body (types only).
 *
 * One edit, timed:
 * 1. Wait for the start of a frame (a requestAnimationFrame callback) and take t0 there. Edits
 *    start at a frame boundary so the figure measures the work an edit causes (script, style,
 *    layout, paint) and not the wait for the display's next vsync, which would add 0–16.7 ms
 *    of chance to every sample.
 * 2. Set the control's value and dispatch what a user's input produces: `input` then `change`
 *    (both bubbling) for a select or a text field, a real `click()` for a checkbox. The page
 *    listens to `change` on selects and checkboxes and to `input` on text fields.
 * 3. Wait until the unit price's text differs from before the edit (checked at once, then by a
 *    MutationObserver): t_dom.
 * 4. Wait for the frame that shows it to be painted, and take t1 there. "Painted" is the first
 *    task after that frame's rendering step: a MessageChannel message posted at t0, from inside
 *    the frame's rAF callback, runs only after the same frame's style, layout and paint (all in
 *    one task in Chromium). If the price changed only after that frame (an asynchronous update),
 *    the next rAF plus a MessageChannel message after it is used instead. MessageChannel, not
 *    setTimeout(0), because timers may be clamped. This stops at the main thread's paint
 *    (display list recorded and committed), not at pixels on a screen: headless Chromium
 *    has none, and raster runs on other threads.
 */
import type { Edit } from './editPlan.js';

export interface VerifyRun {
  readonly mode: 'verify';
  readonly edits: readonly Edit[];
  /** How long an edit may take to change the figure before it counts as not changing it. */
  readonly timeoutMs: number;
}

export interface TimeRun {
  readonly mode: 'time';
  readonly edits: readonly Edit[];
  /** Per edit: time it (it changes the figure), or only apply it (so the sequence stays the same). */
  readonly timed: readonly boolean[];
  /** Timed edits run first and thrown away. */
  readonly warmup: number;
  readonly samples: number;
  /** A timed edit that does not change the figure within this stops the run with an error. */
  readonly timeoutMs: number;
}

export interface VerifyResult {
  /** Per edit: the unit price's text before and after. */
  readonly before: string[];
  readonly after: string[];
  readonly changed: boolean[];
}

export interface TimeResult {
  /** Per sample: index of the edit, t_dom − t0 and t1 − t0 (ms). */
  readonly edit: number[];
  readonly toDom: number[];
  readonly toPaint: number[];
}

/** Fields of `fields` that have no control on the page. */
export function missingControls(fields: readonly string[]): string[] {
  return fields.filter((f) => document.querySelector(`[data-field="${CSS.escape(f)}"] :is(select, input)`) === null);
}

export async function runEdits(run: VerifyRun | TimeRun): Promise<VerifyResult | TimeResult> {
  const figure = (): string => document.querySelector('[data-price="unit-price"] dd')?.textContent ?? '';
  const frameStart = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));
  const nextTask = () =>
    new Promise<number>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve(performance.now());
      };
      channel.port2.postMessage(null);
    });

  const describe = (e: Edit) => `${e.field} ← ${e.text}`;
  const control = (e: Edit): HTMLInputElement | HTMLSelectElement => {
    const selector = `[data-field="${CSS.escape(e.field)}"] ${e.control === 'select' ? 'select' : e.control === 'checkbox' ? 'input[type=checkbox]' : 'input'}`;
    const el = document.querySelector<HTMLInputElement | HTMLSelectElement>(selector);
    if (el === null) throw new Error(`no control ${selector} on the page`);
    return el;
  };
  const apply = (e: Edit, el: HTMLInputElement | HTMLSelectElement): void => {
    if (e.control === 'checkbox' && el instanceof HTMLInputElement) {
      if (el.checked !== (e.text === 'true')) el.click();
      return;
    }
    el.value = e.text;
    if (el.value !== e.text) throw new Error(`${describe(e)}: the control does not take this value (it shows "${el.value}")`);
    el.dispatchEvent(e.control === 'text' ? new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText', data: e.text }) : new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  /** performance.now() once the figure differs from `before`, or null after `timeoutMs`. */
  const changeFrom = (before: string, timeoutMs: number) =>
    new Promise<number | null>((resolve) => {
      if (figure() !== before) {
        resolve(performance.now());
        return;
      }
      const done = (t: number | null) => {
        observer.disconnect();
        clearTimeout(timer);
        resolve(t);
      };
      const observer = new MutationObserver(() => {
        if (figure() !== before) done(performance.now());
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      const timer = setTimeout(() => done(null), timeoutMs);
    });

  /** Steps 1–4 of the module comment; `tDom` null if the figure did not change in time. */
  const edit = async (e: Edit, timeoutMs: number) => {
    const el = control(e);
    await frameStart();
    const before = figure();
    const t0 = performance.now();
    const afterThisFrame = nextTask();
    apply(e, el);
    const tDom = figure() !== before ? performance.now() : await changeFrom(before, timeoutMs);
    let t1 = await afterThisFrame;
    if (tDom !== null && t1 < tDom) {
      await frameStart();
      t1 = await nextTask();
    }
    return { before, after: figure(), tDom: tDom === null ? null : tDom - t0, t1: t1 - t0 };
  };

  if (run.mode === 'verify') {
    // Twice through, keeping the second: after the first cycle every field is one the user set,
    // so the configuration rules no longer move other fields for them and an edit can meet a
    // conflict instead (the price then stays). The timed pass cycles from that steady state.
    let result: VerifyResult = { before: [], after: [], changed: [] };
    for (let cycle = 0; cycle < 2; cycle++) {
      result = { before: [], after: [], changed: [] };
      for (const e of run.edits) {
        const r = await edit(e, run.timeoutMs);
        result.before.push(r.before);
        result.after.push(r.after);
        result.changed.push(r.tDom !== null);
      }
    }
    return result;
  }

  const result: TimeResult = { edit: [], toDom: [], toPaint: [] };
  if (!run.timed.some(Boolean)) return result;
  let seen = 0;
  for (let i = 0; result.toPaint.length < run.samples; i = (i + 1) % run.edits.length) {
    const e = run.edits[i] as Edit;
    const timed = run.timed[i] === true;
    const r = await edit(e, timed ? run.timeoutMs : 0);
    if (!timed) continue;
    if (r.tDom === null) throw new Error(`${describe(e)}: the unit price stayed "${r.before}" for ${run.timeoutMs} ms, though it changed in the first pass`);
    if (seen++ < run.warmup) continue;
    result.edit.push(i);
    result.toDom.push(r.tDom);
    result.toPaint.push(r.t1);
  }
  return result;
}
