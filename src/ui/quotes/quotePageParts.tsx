/** Small pieces the quote page's sections share. */
import { For, Show, type JSX } from 'solid-js';
import type { QuotePageContext } from './quotePageContext';

/** The refusal of the last command run under `scope`, if it was refused. */
export function Problems(props: { context: QuotePageContext; scope: string }): JSX.Element {
  return (
    <Show when={props.context.problemsOf(props.scope)}>
      {(problems) => (
        <div class="quote-problem" role="alert" data-problems={props.scope}>
          {props.context.text().refused}
          <For each={problems()}>{(p) => <span class="quote-problem-item">{p}</span>}</For>
        </div>
      )}
    </Show>
  );
}
