import { A } from '@solidjs/router';
import { createResource, For, Show, type JSX } from 'solid-js';
import type { Locale } from '../locale';
import { listExampleModels } from './exampleModels';
import { domainLocale } from './format';
import './configurator.css';

/** The products a sales rep can configure: the example models, each linking to its configurator. */
export default function ModelListPage(props: { locale: Locale }): JSX.Element {
  const text = () => props.locale.text().configurator;
  const lang = () => domainLocale(props.locale.language());
  const [models] = createResource(listExampleModels);

  return (
    <section class="model-list">
      <h2>{text().listTitle}</h2>
      <p class="model-list-intro">{text().listIntro}</p>
      <Show when={models()} fallback={<p>{text().loading}</p>}>
        {(list) => (
          <ul>
            <For each={list()}>
              {(m) => (
                <li>
                  <A href={`/configure/${encodeURIComponent(m.id)}`}>{m.name[lang()]}</A>
                  <span class="model-list-version">
                    {text().version} {m.version}
                  </span>
                  <Show when={m.description}>{(d) => <p>{d()[lang()]}</p>}</Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
    </section>
  );
}
