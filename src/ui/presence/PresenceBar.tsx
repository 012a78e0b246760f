import { Index, Show, type JSX } from 'solid-js';
import type { Focus } from '../../sync/network/presence';
import type { Locale } from '../locale';
import type { Presence } from './createPresence';
import { peopleOf, type Person } from './presenceModel';
import { presenceMessages, roleLabel } from './presenceMessages';
import './presence.css';

export interface PresenceBarProps {
  presence: Presence;
  locale: Locale;
  /** The place a focus stands for, in words (`Prices!B3`, `Notes`); undefined: not shown. */
  describe?: (focus: Focus) => string | undefined;
}

/**
 * Who is on this document: this tab's user, then one coloured badge per other person with
 * their name and role (where they are in the tooltip), or "only you". Not shown at all when
 * the document does not sync through a server.
 */
export function PresenceBar(props: PresenceBarProps): JSX.Element {
  const text = () => presenceMessages[props.locale.language()];
  const self = () => props.presence.self();
  // Another tab of this same user is not somebody else.
  const others = () => peopleOf(props.presence.peers().filter((p) => p.user.username !== self()?.username));
  const ownTabs = () => 1 + props.presence.peers().filter((p) => p.user.username === self()?.username).length;
  const whereIs = (person: Person) => {
    const places = person.peers.flatMap((p) => (p.focus && props.describe ? [props.describe(p.focus)] : [])).filter((s): s is string => !!s);
    return places.length > 0 ? text().isAt(places.join(', ')) : text().nowhere;
  };

  return (
    <Show when={props.presence.available()}>
      <div class="presence-bar" data-testid="presence-bar" role="group" aria-label={text().barLabel}>
        <span class="presence-here">{text().here}</span>
        <Show when={self()}>
          {(me) => (
            <span class="presence-badge presence-self" data-testid="presence-self" data-username={me().username} style={{ '--peer-colour': me().colour }}>
              <span class="presence-dot" aria-hidden="true" />
              <span class="presence-name">{me().displayName}</span>
              <span class="presence-role">
                {text().you}
                <Show when={ownTabs() > 1}> · {text().tabs(ownTabs())}</Show>
              </span>
            </span>
          )}
        </Show>
        {/* Index: badges stay in place (and their tooltips open) while the others move about. */}
        <Index
          each={others()}
          fallback={
            <span class="presence-alone" data-testid="presence-alone">
              {text().onlyYou}
            </span>
          }
        >
          {(person) => (
            <span class="presence-badge" data-testid="presence-peer" data-username={person().user.username} title={whereIs(person())} style={{ '--peer-colour': person().user.colour }}>
              <span class="presence-dot" aria-hidden="true" />
              <span class="presence-name">{person().user.displayName}</span>
              <Show when={person().user.role}>
                <span class="presence-role">{roleLabel(props.locale.language(), person().user.role)}</span>
              </Show>
              <Show when={person().peers.length > 1}>
                <span class="presence-role">{text().tabs(person().peers.length)}</span>
              </Show>
            </span>
          )}
        </Index>
      </div>
    </Show>
  );
}
