import { A } from '@solidjs/router';
import { createResource, For, Show, type JSX } from 'solid-js';
import type { Locale } from '../locale';
import { useServices } from '../services';
import { domainLocale } from './format';
import './configurator.css';

/** The released products a sales rep can configure, and the configurations saved so far. */
export default function ModelListPage(props: { locale: Locale }): JSX.Element {
  const services = useServices();
  const text = () => props.locale.text().configurator;
  const lang = () => domainLocale(props.locale.language());
  const [lists] = createResource(async () => {
    const storage = await services.storage();
    const [releases, saved] = await Promise.all([storage.library.latestReleases(), storage.configurations.list()]);
    return { releases, saved };
  });

  return (
    <section class="model-list">
      <h2>{text().listTitle}</h2>
      <p class="model-list-intro">{text().listIntro}</p>
      <Show when={!lists.error} fallback={<p class="configurator-problem">{text().loadFailed + String(lists.error)}</p>}>
        <Show when={lists()} fallback={<p>{text().loading}</p>}>
          {(l) => (
            <>
              <Show when={l().releases.length > 0} fallback={<p>{text().noReleases}</p>}>
                <ul>
                  <For each={l().releases}>
                    {(r) => (
                      <li>
                        <A href={`/configure/${encodeURIComponent(r.modelId)}`}>{lang() === 'zh' ? r.nameZh : r.nameEn}</A>
                        <span class="model-list-version">
                          {text().version} {r.version}
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <h3>{text().savedTitle}</h3>
              <Show when={l().saved.length > 0} fallback={<p>{text().noSaved}</p>}>
                <ul data-testid="saved-configurations">
                  <For each={l().saved}>
                    {(c) => (
                      <li>
                        <A href={`/configure/${encodeURIComponent(c.modelId)}?configuration=${encodeURIComponent(c.id)}`}>{c.name}</A>
                        <span class="model-list-version">
                          {c.modelId} · {text().version} {c.modelVersion} · <time datetime={c.savedAt}>{new Date(c.savedAt).toLocaleString(props.locale.language())}</time>
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </>
          )}
        </Show>
      </Show>
    </section>
  );
}
